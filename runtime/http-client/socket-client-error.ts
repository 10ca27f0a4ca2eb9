/**
 * A non-2xx answer from a socket host (or a request that never got one: status 0).
 * `body` is the parsed JSON (usually `{detail}`) or the text the host sent.
 */
export class SocketClientError extends Error {
  /** HTTP status; 0 when the request failed before any response (network error). */
  readonly status: number;
  /** Parsed JSON body, text body, or undefined. */
  readonly body: unknown;

  constructor(message: string, status: number, body: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SocketClientError';
    this.status = status;
    this.body = body;
  }
}
