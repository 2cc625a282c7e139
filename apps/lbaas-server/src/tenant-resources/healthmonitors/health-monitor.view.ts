import { provisionedFields } from '../../lb-graph/provisioned-view';
import type { HealthMonitorEntity } from '../../lb-graph/entities/health-monitor.entity';

/** The union of neutron-lbaas and Octavia health monitor fields. */
export function healthMonitorView(monitor: HealthMonitorEntity) {
  return {
    ...provisionedFields(monitor),
    type: monitor.type,
    delay: monitor.delay,
    timeout: monitor.timeout,
    max_retries: monitor.maxRetries,
    max_retries_down: monitor.maxRetriesDown,
    http_method: monitor.httpMethod,
    url_path: monitor.urlPath,
    expected_codes: monitor.expectedCodes,
    pool_id: monitor.poolId,
    pools: [{ id: monitor.poolId }],
    http_version: monitor.httpVersion,
    domain_name: monitor.domainName,
  };
}
export type HealthMonitorView = ReturnType<typeof healthMonitorView>;
