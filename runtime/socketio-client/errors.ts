/**
 * Errors both sides of a generated Socket.IO API share: the data a server sends when it refuses
 * something, and readable lines from ajv errors. Browser-safe (no imports at all).
 */

/** The event a generated server emits when it refuses an event sent without an ack callback. */
export const errorEvent = 'sockgen:error';

/** Why a generated server refused a connection, an event or an acknowledgement. */
export type SockgenErrorType =
  | 'payload_validation'
  | 'ack_validation'
  | 'handshake_validation'
  | 'parameter_validation'
  | 'outgoing_validation'
  | 'unauthorized'
  | 'unknown_event'
  | 'handler_error';

/** What the client receives: in `connect_error`'s `data`, an ack error or a `sockgen:error` event. */
export interface SockgenErrorData {
  readonly type: SockgenErrorType;
  readonly message: string;
  /** The event concerned, when there is one. */
  readonly event?: string;
  /** Readable validation errors (`payload/user/name must be string`). */
  readonly errors?: readonly string[];
}

/** The shape of an ajv error that {@link formatErrors} reads (ajv's `ErrorObject`). */
export interface ValidationErrorLike {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/**
 * One line per ajv error, rooted at `root` (`payload`, `query`...): `payload/user must have
 * required property 'name'`, `payload has unexpected property 'x'`, `payload/kind must be one of 'a', 'b'`.
 */
export function formatErrors(errors: readonly ValidationErrorLike[] | null | undefined, root: string): string[] {
  if (!errors || errors.length === 0) return [`${root} is invalid`];
  const lines: string[] = [];
  for (const error of errors) {
    const where = root + error.instancePath;
    const params = error.params ?? {};
    let line: string;
    if (error.keyword === 'additionalProperties') line = `${where} has unexpected property '${String(params.additionalProperty)}'`;
    else if (error.keyword === 'enum' && Array.isArray(params.allowedValues))
      line = `${where} must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    else line = `${where} ${error.message ?? `fails ${error.keyword}`}`;
    // allErrors reports the same failure once per oneOf branch; one line each is enough.
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}

/** True when a value looks like the error data a generated server sends. */
export function isSockgenErrorData(value: unknown): value is SockgenErrorData {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && typeof (value as { message?: unknown }).message === 'string';
}

/** An error a generated server reported, as the typed client throws it. */
export class SockgenError extends Error {
  readonly type: SockgenErrorType;
  readonly event: string | undefined;
  readonly errors: readonly string[];
  constructor(data: SockgenErrorData) {
    super(data.errors && data.errors.length > 0 ? `${data.message}: ${data.errors.join('; ')}` : data.message);
    this.name = 'SockgenError';
    this.type = data.type;
    this.event = data.event;
    this.errors = data.errors ?? [];
  }
}
