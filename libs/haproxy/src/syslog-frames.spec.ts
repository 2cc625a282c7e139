import { OctetCountedReader, parseRfc5424 } from './syslog-frames';

const LINE =
  'p1 lb1 listener1 198.51.100.50 40000 03/Dec/2026:11:42:20.709 "GET / HTTP/1.1" 200 73 84 - "" pool1 member1 0 ----';
/** A frame as haproxy 2.6 sends it (format rfc5424, log-proto octet-count). */
const message = `<134>1 2026-12-03T11:42:20.710007+00:00 - haproxy 19870 - - ${LINE}`;
const frame = (text: string) => `${Buffer.byteLength(text)} ${text}`;

describe('OctetCountedReader', () => {
  it('cuts frames where their lengths say, across chunks, and keeps a partial one', () => {
    const reader = new OctetCountedReader();
    const stream = Buffer.from(frame(message) + frame('<141>1 t - haproxy 1 - - Server down'));
    expect(reader.push(stream.subarray(0, 10))).toEqual([]);
    expect(reader.push(stream.subarray(10, stream.length - 3))).toEqual([message]);
    expect(reader.push(stream.subarray(stream.length - 3))).toEqual(['<141>1 t - haproxy 1 - - Server down']);
  });

  it('counts bytes, not characters', () => {
    const text = '<134>1 t - haproxy 1 - - "GET /caf\u00e9 HTTP/1.1"';
    expect(new OctetCountedReader().push(Buffer.from(frame(text) + frame(text)))).toEqual([text, text]);
  });

  it.each([['x12 abc'], ['012 abc'], ['1234567 '], ['99999999999']])(
    'refuses a stream that is not octet-counted: %s',
    (bytes) => {
      expect(() => new OctetCountedReader().push(Buffer.from(bytes))).toThrow();
    },
  );
});

describe('parseRfc5424', () => {
  it('reads the facility, severity, time and the line', () => {
    expect(parseRfc5424(message)).toEqual({
      facility: 16,
      severity: 6,
      timestamp: '2026-12-03T11:42:20.710007+00:00',
      text: LINE,
    });
    expect(
      parseRfc5424('<137>1 2026-12-03T11:43:39Z - haproxy 20064 - - Server b1/s1 is DOWN\n'),
    ).toMatchObject({
      facility: 17,
      severity: 1,
      text: 'Server b1/s1 is DOWN',
    });
  });

  it.each([['<134> old bsd format'], ['<999>1 t h a p m - x'], ['plain text']])('ignores %s', (text) => {
    expect(parseRfc5424(text)).toBeUndefined();
  });
});
