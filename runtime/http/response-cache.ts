/** A response kept for an endpoint's `cache:` seconds. */
export interface CachedResponse {
  readonly headers: Array<string>;
  readonly body: Buffer;
  readonly expiresAt: number;
}

/**
 * Per-endpoint memory cache of 200 GET answers keyed by the full request URL (path and query),
 * as the platform's endpoint `cache:` did. Bounded: the oldest entry goes when it is full, so a
 * caller varying the query string cannot grow memory without limit.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();

  constructor(
    readonly seconds: number,
    private readonly maxEntries = 1000,
  ) {}

  /** The fresh entry for `url`, if any (stale ones are dropped on the way). */
  get(url: string, now: number): CachedResponse | undefined {
    const entry = this.entries.get(url);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > now) return entry;
    this.entries.delete(url);
    return undefined;
  }

  /** Stores an answer for `seconds` from `now`. */
  set(url: string, headers: Array<string>, body: Buffer, now: number): void {
    if (this.entries.size >= this.maxEntries && !this.entries.has(url)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(url, { headers, body, expiresAt: now + this.seconds * 1000 });
  }
}
