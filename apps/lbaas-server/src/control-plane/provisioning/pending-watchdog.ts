/**
 * What the PENDING watchdog does with load balancers that stay PENDING (pure): once a change has waited
 * `timeoutSeconds`, it is sent again (a lost message, an agent that restarted mid-change); if it waits
 * another `timeoutSeconds` after that, it is given up and becomes ERROR, so nothing stays PENDING forever.
 */
export interface PendingTrack {
  /** When the watchdog first saw the load balancer PENDING. */
  since: Date;
  /** When it re-sent the change, if it did. */
  resentAt?: Date;
}

export interface WatchdogActions {
  resend: string[];
  fail: string[];
}

export function watchdogActions(
  tracks: ReadonlyMap<string, PendingTrack>,
  now: Date,
  timeoutSeconds: number,
): WatchdogActions {
  const timeoutMs = timeoutSeconds * 1000;
  const actions: WatchdogActions = { resend: [], fail: [] };
  for (const [id, track] of tracks) {
    if (track.resentAt) {
      if (now.getTime() - track.resentAt.getTime() >= timeoutMs) actions.fail.push(id);
    } else if (now.getTime() - track.since.getTime() >= timeoutMs) {
      actions.resend.push(id);
    }
  }
  return actions;
}

/** Keeps the tracks of the load balancers pending now: new ones start now, settled ones are forgotten. */
export function refreshTracks(
  tracks: Map<string, PendingTrack>,
  pendingIds: readonly string[],
  now: Date,
): void {
  const pending = new Set(pendingIds);
  for (const id of [...tracks.keys()]) if (!pending.has(id)) tracks.delete(id);
  for (const id of pending) if (!tracks.has(id)) tracks.set(id, { since: now });
}
