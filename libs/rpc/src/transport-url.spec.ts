import { brokerUrls, redactUrl } from './transport-url';

describe('brokerUrls', () => {
  it.each([
    ['rabbit://guest:guest@127.0.0.1:5672/', ['amqp://guest:guest@127.0.0.1:5672/']],
    ['amqp://u:p@mq:5672/lbaas', ['amqp://u:p@mq:5672/lbaas']],
    ['rabbit://u:p@mq', ['amqp://u:p@mq']],
    [
      'rabbit://u:p@mq1:5672,u:p@mq2:5672,u:p@mq3:5672/lbaas',
      ['amqp://u:p@mq1:5672/lbaas', 'amqp://u:p@mq2:5672/lbaas', 'amqp://u:p@mq3:5672/lbaas'],
    ],
    // A host without credentials takes those of the host before it.
    ['rabbit://u:p@mq1,mq2:5673/v', ['amqp://u:p@mq1/v', 'amqp://u:p@mq2:5673/v']],
    ['rabbit://a:1@mq1,b:2@mq2/v', ['amqp://a:1@mq1/v', 'amqp://b:2@mq2/v']],
    // A password may hold an @ (percent-encoded or not); the last @ ends the credentials.
    ['rabbit://u:p%40ss@mq/v', ['amqp://u:p%40ss@mq/v']],
    ['rabbit://u:p@ss@mq/v', ['amqp://u:p@ss@mq/v']],
    [
      'rabbit://u:p@[2001:db8::1]:5672,u:p@[2001:db8::2]:5672/v',
      ['amqp://u:p@[2001:db8::1]:5672/v', 'amqp://u:p@[2001:db8::2]:5672/v'],
    ],
    ['rabbit://u:p@mq1,,mq2/v?heartbeat=5', ['amqp://u:p@mq1/v?heartbeat=5', 'amqp://u:p@mq2/v?heartbeat=5']],
  ])('%s', (transportUrl, expected) => {
    expect(brokerUrls(transportUrl)).toEqual(expected);
  });

  it.each([
    ['kafka://mq:9092/', /rabbit:\/\/ or amqp:\/\//],
    ['rabbit:///vhost', /no broker host/],
    ['rabbit://u:secret@/v', /without a host: "u:\*\*\*@"/],
  ])('refuses %s', (transportUrl, message) => {
    expect(() => brokerUrls(transportUrl)).toThrow(message);
  });
});

describe('redactUrl', () => {
  it('hides the password', () => {
    expect(redactUrl('amqp://lbaas:s3cret@mq:5672/lbaas')).toBe('amqp://lbaas:***@mq:5672/lbaas');
  });
});
