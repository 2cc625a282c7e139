/**
 * provisioning_status of every object (docs/ARCHITECTURE.md, "Statuses"). DELETED is accepted in agents'
 * reports but no agent sends it: a finished deletion is `deployed: true` and the server deletes the rows.
 */
export enum ProvisioningStatus {
  PendingCreate = 'PENDING_CREATE',
  PendingUpdate = 'PENDING_UPDATE',
  PendingDelete = 'PENDING_DELETE',
  Active = 'ACTIVE',
  Error = 'ERROR',
  Deleted = 'DELETED',
}

/** operating_status, computed from haproxy's own view of its frontends, backends and servers. */
export enum OperatingStatus {
  Online = 'ONLINE',
  Offline = 'OFFLINE',
  Degraded = 'DEGRADED',
  Error = 'ERROR',
  NoMonitor = 'NO_MONITOR',
  Disabled = 'DISABLED',
}
