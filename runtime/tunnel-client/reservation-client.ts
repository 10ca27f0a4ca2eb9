/**
 * Browser-safe client of the tunnel server's reservation API (`fetch` only, no Node modules).
 * See docs/services.md#rest-api.
 */
import type { Reservation, ReserveOptions, TunnelStatus } from './types.js';

/** Where the tunnel server is and how to authenticate. */
export interface ReservationClientOptions {
  /** `http://host:port` of the tunnel server (its REST API and websocket share the port). */
  readonly baseUrl: string;
  /** Sent as `security_token` on every call when the server requires one. */
  readonly securityToken?: string;
  /** Extra headers (e.g. the user/group headers a front proxy would set). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
}

/** The reservation API; `S` is the union of service names. */
export interface ReservationClient<S extends string = string> {
  /** Reserves an instance; the token is single-use and expires when not used in time. */
  reserve(service: S, options?: ReserveOptions): Promise<Reservation<S>>;
  /** Drops a reservation, or stops the instance using the token. */
  release(token: string): Promise<void>;
  status(): Promise<TunnelStatus>;
  /** The `ws://` URL a page opens with the token (any path works; the server ignores it). */
  websocketUrl(token: string, path?: string): string;
}

/** A failed API call: the HTTP status and the server's message. */
export class ReservationError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ReservationError';
  }
}

/** Creates a client; no request is made until a method is called. */
export function createReservationClient<S extends string = string>(options: ReservationClientOptions): ReservationClient<S> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  const call = async <T>(path: string, query: ReserveOptions = {}): Promise<T> => {
    const url = new URL(base + path);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
    if (options.securityToken !== undefined) url.searchParams.set('security_token', options.securityToken);
    const response = await doFetch(url, { headers: { accept: 'application/json', ...options.headers } });
    const text = await response.text();
    if (!response.ok) throw new ReservationError(response.status, errorMessage(text) ?? `HTTP ${response.status}`);
    return JSON.parse(text) as T;
  };

  return {
    reserve: (service, query) => call<Reservation<S>>(`/v1/reserve/${encodeURIComponent(service)}`, query),
    release: async (token) => {
      await call(`/v1/release/${encodeURIComponent(token)}`);
    },
    status: () => call<TunnelStatus>('/v1/status'),
    websocketUrl: (token, path = '/') => {
      const url = new URL(path, base);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      url.searchParams.set('token', token);
      return url.toString();
    },
  };
}

function errorMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    return typeof parsed.error === 'string' ? parsed.error : undefined;
  } catch {
    return text.trim() || undefined;
  }
}
