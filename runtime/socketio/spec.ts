/**
 * What a generated server hands the runtime: the document's namespaces, events and security,
 * with validators compiled at generation time (ajv standalone code). Plain data and functions,
 * no types from the document: generated files put the types on top.
 */
import type { ValidationErrorLike } from '../socketio-client/errors.js';

/** An ajv standalone validator: returns true when valid, else leaves its errors on `.errors`. */
export interface Validator {
  (data: unknown): boolean;
  errors?: readonly ValidationErrorLike[] | null;
}

/** The validator of a message without a payload schema: anything goes. */
export const acceptAny: Validator = () => true;

/** One event of a namespace: its payload validator and, with `x-ack`, the ack's. */
export interface EventSpec {
  readonly validate: Validator;
  readonly ack?: Validator;
  /**
   * A tuple payload (`prefixItems`): the event's arguments are its items, validated together as
   * one array; handlers get the first `tuple` of them as separate arguments.
   */
  readonly tuple?: number;
}

/** One scheme of a security requirement, with the scopes it asks for. */
export interface SecurityRequirement {
  readonly scheme: string;
  readonly scopes: readonly string[];
}

/** A security scheme as the runtime checks it (AsyncAPI Security Scheme Object, the parts that matter). */
export type SecuritySchemeSpec =
  | { readonly type: 'http'; readonly scheme: 'basic' }
  | { readonly type: 'http'; readonly scheme: 'bearer'; readonly bearerFormat?: string }
  | { readonly type: 'apiKey'; readonly in: 'header' | 'query' | 'cookie'; readonly name: string }
  | { readonly type: 'oauth2' }
  /** A scheme no handshake field carries as such (userPassword, X509, apiKey in user/password): its hook reads the handshake. */
  | { readonly type: 'handshake'; readonly scheme: 'userPassword' | 'X509' | 'user' | 'password' };

/** One channel: a Socket.IO namespace. */
export interface NamespaceSpec {
  /** `/user`; `/` for the main namespace. */
  readonly name: string;
  /** Events the server handles (2.x publish, 3.x receive). */
  readonly receive: Readonly<Record<string, EventSpec>>;
  /** Events the server emits (2.x subscribe, 3.x send). */
  readonly send: Readonly<Record<string, EventSpec>>;
  /**
   * A dynamic namespace (`/rooms/{roomId}`): `pattern` matches the names clients connect to and
   * captures the parameters, in `names` order; `numeric` ones are converted from text before
   * `validate` checks them all as one object. Handlers get them as their last argument.
   */
  readonly parameters?: {
    readonly pattern: RegExp;
    readonly names: readonly string[];
    readonly numeric?: readonly string[];
    readonly validate: Validator;
  };
  /** `bindings.ws.query` validator. */
  readonly query?: Validator;
  /**
   * Query parameters the schema declares as numbers or booleans: a query string carries text,
   * so these are converted (when they read as one) before `query` validates them.
   */
  readonly queryTypes?: Readonly<Record<string, 'number' | 'boolean'>>;
  /** `bindings.ws.headers` validator (header names lower-cased). */
  readonly headers?: Validator;
  /** Alternatives (any one may pass), each a set of schemes that must all pass. Empty: open. */
  readonly security: readonly (readonly SecurityRequirement[])[];
}

/** The whole document as the runtime needs it. */
export interface ApiSpec {
  /** Socket.IO `path` from `servers.*.url` (default `/socket.io`). */
  readonly path: string;
  readonly namespaces: readonly NamespaceSpec[];
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeSpec>>;
  /** The document, bundled (local `$ref`s kept); dereferenced for the docs handler at start-up. */
  readonly document: unknown;
}
