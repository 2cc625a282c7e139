import { LineReader, parseRfc5424 } from './syslog-frames';

const LINE =
  'p1 lb1 listener1 198.51.100.50 40000 03/Dec/2026:11:42:20.709 "GET / HTTP/1.1" 200 73 84 - "" pool1 member1 0 ----';
/** A line as haproxy 2.6 writes it (format rfc5424) to its log pipe. */
const message = `<134>1 2026-12-03T11:42:20.710007+00:00 - haproxy 19870 - - ${LINE}`;

describe('LineReader', () => {
  it('cuts lines at their newline, across chunks, and keeps a partial one', () => {
    const reader = new LineReader();
    const stream = Buffer.from(`${message}\n<141>1 t - haproxy 1 - - Server down\n`);
    expect(reader.push(stream.subarray(0, 10))).toEqual([]);
    expect(reader.push(stream.subarray(10, stream.length - 3))).toEqual([message]);
    expect(reader.push(stream.subarray(stream.length - 3))).toEqual(['<141>1 t - haproxy 1 - - Server down']);
  });

  it('keeps a character split between two chunks whole', () => {
    const text = '<134>1 t - haproxy 1 - - "GET /caf\u00e9 HTTP/1.1"';
    const bytes = Buffer.from(`${text}\n`);
    const split = bytes.indexOf(0xc3) + 1;
    const reader = new LineReader();
    expect(reader.push(bytes.subarray(0, split))).toEqual([]);
    expect(reader.push(bytes.subarray(split))).toEqual([text]);
  });

  it('drops a line that never ends within 64 KiB, up to its end, and reads the next one', () => {
    const reader = new LineReader();
    expect(reader.push(Buffer.alloc(70_000, 0x61))).toEqual([]);
    expect(reader.push(Buffer.from(`aaaa\n${message}\n`))).toEqual([message]);
  });
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
