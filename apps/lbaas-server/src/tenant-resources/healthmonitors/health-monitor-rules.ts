import {
  type HealthMonitorType,
  type HttpVersion,
  monitorTypesForPool,
  type PoolProtocol,
} from '@lbaas/contracts';

/** `200`, `200,202`, `200-204` (neutron's and Octavia's forms). */
const EXPECTED_CODES = /^(\d{3}(\s*,\s*\d{3})*|\d{3}-\d{3})$/;

/**
 * A request path for the check: starts with "/", then RFC 3986 path and query characters only — no
 * whitespace, control characters, quotes or backslashes, so it can never break out of haproxy's
 * `option httpchk` line.
 */
export const URL_PATH_PATTERN = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*$/;

export function isHttpMonitor(type: HealthMonitorType): boolean {
  return type === 'HTTP' || type === 'HTTPS';
}

/** Checks a monitor's type against its pool's protocol (Octavia: UDP-CONNECT for UDP pools only). */
export function monitorTypeProblem(poolProtocol: PoolProtocol, type: HealthMonitorType): string | undefined {
  const allowed = monitorTypesForPool(poolProtocol);
  if (allowed.includes(type)) return undefined;
  if (type === 'UDP-CONNECT') return `UDP-CONNECT monitors check UDP pools only, not ${poolProtocol}`;
  return `a ${poolProtocol} pool takes ${allowed.join(', ')} monitors, not ${type}`;
}

export function expectedCodesProblem(codes: string): string | undefined {
  if (!EXPECTED_CODES.test(codes)) return 'expected_codes must look like 200, 200,202 or 200-204';
  const numbers = codes.split(/[,-]/).map((code) => Number(code.trim()));
  if (numbers.some((code) => code < 100 || code > 599))
    return 'expected_codes must be HTTP status codes (100-599)';
  if (codes.includes('-') && numbers[0] > numbers[1])
    return 'expected_codes range must not end before it starts';
  return undefined;
}

export function urlPathProblem(path: string): string | undefined {
  return URL_PATH_PATTERN.test(path)
    ? undefined
    : 'url_path must start with "/" and hold only URL path characters (no spaces, quotes or control characters)';
}

/** A Host header needs HTTP/1.1 (Octavia: domain_name requires http_version 1.1). */
export function domainNameProblem(
  httpVersion: HttpVersion | null,
  domainName: string | null,
): string | undefined {
  return domainName !== null && httpVersion !== 1.1
    ? `domain_name needs http_version 1.1, not ${httpVersion === null ? 'none' : httpVersion.toFixed(1)}`
    : undefined;
}
