/**
 * Types shared by the browser-safe client and the Node host. Kept here (no node: imports) so the
 * client does not pull the host in, and the host re-exports the very same declarations.
 */

/** The HTTP methods a Custom Socket endpoint can take (see custom-sockets.md, "socket.yml"). */
export type HttpMethod = 'DELETE' | 'GET' | 'PATCH' | 'POST' | 'PUT';

/** Every method, sorted: what a wildcard (`script:` / `methods: ['*']`) endpoint takes. */
export const httpMethods: readonly HttpMethod[] = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'];

/** Where a client finds a socket host and how it authenticates. */
export interface SocketClientOptions {
  /** Origin (and optional path prefix) of the host, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** API version segment of every route; `v1.1` like the original platform. */
  apiVersion?: string;
  /** Instance name segment of every route; `default`. */
  instance?: string;
  /** Sent as `X-API-KEY` when the host requires a key. */
  apiKey?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** A fetch implementation (tests, older runtimes); the global `fetch` by default. */
  fetch?: typeof fetch;
}
