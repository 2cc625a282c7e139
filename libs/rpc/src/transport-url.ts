/**
 * oslo.messaging's `transport_url` as this project reads it:
 * `rabbit://user:password@host1:5672,user:password@host2:5672/vhost[?query]`. Each comma-separated
 * host is a broker of one cluster; a host written without `user:password@` uses the credentials of the
 * host before it. The result is one amqplib URL (`amqp://`) per broker, in the given order.
 */
export function brokerUrls(transportUrl: string): string[] {
  const match = /^(rabbit|amqp):\/\/([^/?#]*)(.*)$/.exec(transportUrl.trim());
  if (!match) throw new Error('transport_url must be a rabbit:// or amqp:// URL');
  const [, , hostList, rest] = match;
  let credentials = '';
  const urls: string[] = [];
  for (const entry of hostList.split(',')) {
    if (entry === '') continue;
    const at = entry.lastIndexOf('@');
    if (at >= 0) credentials = entry.slice(0, at + 1);
    const host = at >= 0 ? entry.slice(at + 1) : entry;
    if (host === '')
      throw new Error(`transport_url has a broker without a host: "${redactCredentials(entry)}"`);
    urls.push(`amqp://${credentials}${host}${rest}`);
  }
  if (urls.length === 0) throw new Error('transport_url names no broker host');
  return urls;
}

/** A broker URL fit for a log line: the password replaced by ***. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparsable url>';
  }
}

function redactCredentials(entry: string): string {
  return entry.replace(/:[^:@]*@/, ':***@');
}
