import { provisionedFields } from '../../lb-graph/provisioned-view';
import { PROVISIONED_RESOURCE_COLUMNS } from '../../lb-graph/entities/provisioned-resource';
import { column, type ListColumns } from '../../platform/listing/sql-list';
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

/** Every attribute of the view (what lists filter, sort and select on), read off the view itself. */
export const HEALTH_MONITOR_ATTRIBUTES: ReadonlySet<string> = new Set(
  Object.keys(
    healthMonitorView({
      createdAt: new Date(0),
      updatedAt: new Date(0),
      allowedCidrs: [],
    } as unknown as HealthMonitorEntity),
  ),
);

/** The attributes stored as plain columns: lists on these are filtered and paged in SQL. */
export const HEALTH_MONITOR_COLUMNS: ListColumns = {
  ...PROVISIONED_RESOURCE_COLUMNS,
  type: column('text', 'type'),
  delay: column('integer', 'delay'),
  timeout: column('integer', 'timeout'),
  max_retries: column('integer', 'max_retries'),
  max_retries_down: column('integer', 'max_retries_down'),
  http_method: column('text', 'http_method'),
  url_path: column('text', 'url_path'),
  expected_codes: column('text', 'expected_codes'),
  pool_id: column('uuid', 'pool_id'),
  domain_name: column('text', 'domain_name'),
};
