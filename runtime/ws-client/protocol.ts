/**
 * The wire rules both ends of a generated plain WebSocket API share (browser-safe, no imports
 * from Node): what a generated file hands the runtime per channel, how a frame becomes a named,
 * validated message (discriminator first, else validators most specific first), how a payload
 * becomes a frame, and where a correlation id lives in a payload.
 */
import { formatErrors, type ValidationErrorLike } from '../socketio-client/errors.js';

/** An ajv standalone validator: true when valid, else its errors on `.errors`. */
export interface WsValidator {
  (data: unknown): boolean;
  errors?: readonly ValidationErrorLike[] | null;
}

/** One message of a channel as the runtime handles it. */
export interface WsMessageSpec {
  /** Payload validator; absent: anything goes. */
  readonly validate?: WsValidator;
  /** Travels as a binary frame; the payload is a Uint8Array. */
  readonly binary?: boolean;
  /** A text frame that is not JSON (`text/plain`): the payload is the string itself. */
  readonly plainText?: boolean;
}

/** The messages one side sends, and how the other side tells them apart. */
export interface WsDirectionSpec {
  readonly messages: Readonly<Record<string, WsMessageSpec>>;
  /** Property whose fixed value names the message (`event`). */
  readonly discriminator?: string;
  /** `JSON.stringify(value)` of the discriminator → message name. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Message names, most specific first: tried in this order without a discriminator. */
  readonly order: readonly string[];
}

/** A request/reply operation: the reply is matched by the correlation id (or comes first). */
export interface WsRequestSpec {
  readonly request: string;
  readonly replies: readonly string[];
  /** Path of the id inside both payloads (`['reqid']`). */
  readonly correlation?: readonly string[];
}

/** One channel address. */
export interface WsChannelSpec {
  /** `/v1/marketdata/{symbol}`. */
  readonly address: string;
  /** Client → server. */
  readonly toServer: WsDirectionSpec;
  /** Server → client. */
  readonly toClient: WsDirectionSpec;
  readonly requests: Readonly<Record<string, WsRequestSpec>>;
  /** Channel parameter validators (values arrive as text). */
  readonly parameters?: Readonly<Record<string, WsValidator>>;
  readonly query?: WsValidator;
  readonly headers?: WsValidator;
}

/** Why a frame was refused. */
export type WsInvalidReason = 'not_json' | 'unknown_message' | 'payload_validation' | 'outgoing_validation' | 'reply_validation';

/** A frame that could not be taken as a message of the API (given to `on('invalid')` / the error hook). */
export interface WsInvalidMessage {
  readonly reason: WsInvalidReason;
  /** The message the frame claimed to be (by its discriminator), when known. */
  readonly message?: string;
  /** Readable problems (`payload/pair must be array`). */
  readonly errors: readonly string[];
  /** The frame's decoded data (parsed JSON, text, or bytes). */
  readonly data: unknown;
}

/** Thrown where a program sends a payload its own API refuses. */
export class WsValidationError extends Error {
  readonly reason: WsInvalidReason;
  readonly messageName: string | undefined;
  readonly errors: readonly string[];
  constructor(invalid: Omit<WsInvalidMessage, 'data'>) {
    super(`${invalid.reason}${invalid.message ? ` of ${invalid.message}` : ''}: ${invalid.errors.join('; ')}`);
    this.name = 'WsValidationError';
    this.reason = invalid.reason;
    this.messageName = invalid.message;
    this.errors = invalid.errors;
  }
}

/** A frame taken as a named message, or why it was refused. */
export type Decoded = { readonly ok: true; readonly message: string; readonly payload: unknown } | ({ readonly ok: false } & WsInvalidMessage);

const textDecoder = /* @__PURE__ */ new TextDecoder();

/** Names and validates one frame (`data` is a string for text frames, bytes for binary ones). */
export function decodeFrame(direction: WsDirectionSpec, data: string | Uint8Array, validate = true): Decoded {
  if (typeof data !== 'string') {
    const name = Object.keys(direction.messages).find((n) => direction.messages[n]!.binary);
    if (name) return { ok: true, message: name, payload: data };
    data = textDecoder.decode(data);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    const name = Object.keys(direction.messages).find((n) => direction.messages[n]!.plainText);
    if (name) return check(direction, name, data, validate);
    return { ok: false, reason: 'not_json', errors: ['frame is not JSON'], data };
  }
  return classify(direction, parsed, validate);
}

/**
 * Names and validates an already-parsed payload: by the discriminator, else the first of
 * `candidates` (default: every JSON message, most specific first) whose validator accepts it.
 */
export function classify(direction: WsDirectionSpec, parsed: unknown, validate = true, candidates?: readonly string[]): Decoded {
  if (direction.discriminator !== undefined) {
    const tag = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[direction.discriminator] : undefined;
    const name = tag === undefined || (tag !== null && typeof tag === 'object') ? undefined : tagIndex(direction).get(tag);
    if (name === undefined || !Object.hasOwn(direction.messages, name) || (candidates && !candidates.includes(name)))
      return { ok: false, reason: 'unknown_message', errors: [`payload/${direction.discriminator} ${tag === undefined ? 'is missing' : `${JSON.stringify(tag)} names no message expected here`}`], data: parsed };
    return check(direction, name, parsed, validate);
  }
  const names = (candidates ?? direction.order).filter((n) => !direction.messages[n]?.binary && !direction.messages[n]?.plainText);
  if (names.length === 1 || !validate) return names[0] === undefined ? { ok: false, reason: 'unknown_message', errors: ['no message is expected here'], data: parsed } : check(direction, names[0], parsed, validate);
  const errors: string[] = [];
  for (const name of names) {
    const spec = direction.messages[name]!;
    if (!spec.validate || spec.validate(parsed)) return { ok: true, message: name, payload: parsed };
    errors.push(...formatErrors(spec.validate.errors, `${name}: payload`));
  }
  return { ok: false, reason: 'unknown_message', errors, data: parsed };
}

const tagIndexes = new WeakMap<WsDirectionSpec, Map<unknown, string>>();

/**
 * Discriminator value → message name, keyed by the value itself (built once per direction from
 * the JSON-text keys the generated spec writes), so a frame costs a Map lookup, not a stringify.
 */
function tagIndex(direction: WsDirectionSpec): Map<unknown, string> {
  let index = tagIndexes.get(direction);
  if (!index) {
    index = new Map(Object.entries(direction.tags ?? {}).map(([key, name]) => [JSON.parse(key) as unknown, name]));
    tagIndexes.set(direction, index);
  }
  return index;
}

function check(direction: WsDirectionSpec, name: string, payload: unknown, validate: boolean): Decoded {
  const validator = direction.messages[name]?.validate;
  if (!validate || !validator || validator(payload)) return { ok: true, message: name, payload };
  return { ok: false, reason: 'payload_validation', message: name, errors: formatErrors(validator.errors, 'payload'), data: payload };
}

/** Validates an outgoing payload (throws WsValidationError) and turns it into frame data. */
export function encodeMessage(direction: WsDirectionSpec, name: string, payload: unknown, validate = true): string | Uint8Array {
  const spec = Object.hasOwn(direction.messages, name) ? direction.messages[name] : undefined;
  if (!spec) throw new WsValidationError({ reason: 'unknown_message', message: name, errors: [`${name} is not a message this side sends`] });
  if (spec.binary) {
    if (!(payload instanceof Uint8Array)) throw new WsValidationError({ reason: 'outgoing_validation', message: name, errors: ['payload must be a Uint8Array'] });
    return payload;
  }
  if (validate && spec.validate && !spec.validate(payload))
    throw new WsValidationError({ reason: 'outgoing_validation', message: name, errors: formatErrors(spec.validate.errors, 'payload') });
  return spec.plainText && typeof payload === 'string' ? payload : JSON.stringify(payload);
}

/** Reads the correlation id at `path` of a payload. */
export function readId(payload: unknown, path: readonly string[]): unknown {
  let node = payload;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A copy of `payload` with the id set at `path` (objects along the path are copied, not mutated). */
export function withId(payload: unknown, path: readonly string[], id: unknown): unknown {
  if (path.length === 0 || payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  const [key, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  copy[key] = rest.length === 0 ? id : withId(copy[key] ?? {}, rest, id);
  return copy;
}

/** Fills `{name}` placeholders of an address (each value URL-encoded). */
export function fillAddress(address: string, params: Readonly<Record<string, unknown>> = {}): string {
  return address.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    if (!Object.hasOwn(params, name)) throw new Error(`channel parameter ${name} is missing for ${address}`);
    return encodeURIComponent(String(params[name]));
  });
}
