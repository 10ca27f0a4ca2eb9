/** Reconnect delays: doubling from `initialMs` up to `maxMs`, with ±20% jitter so fleets don't stampede. */

/** Backoff bounds. */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** The default: first retry after half a second, never wait more than 30 s. */
export const defaultBackoff: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/** Delay before retry number `attempt` (0-based). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}
