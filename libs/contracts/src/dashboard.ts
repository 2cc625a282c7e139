/**
 * What lbaas-server's `/ui/api` answers the built-in dashboard (apps/lbaas-ui): the one contract between
 * them beyond the REST API itself. Types only, so the browser bundle takes nothing else from this lib.
 */

/** `GET /ui/api/settings`: which login the dashboard shows. */
export interface DashboardSettings {
  auth_strategy: 'noauth' | 'keystone';
  /** noauth: the project of requests that name none. */
  default_project_id?: string;
}

/** `POST /ui/api/session` (Keystone only): the user's token and whom it stands for. */
export interface DashboardSession {
  token: string;
  expires_at: string;
  user_name: string;
  project_id: string;
  project_name: string;
  roles: string[];
}
