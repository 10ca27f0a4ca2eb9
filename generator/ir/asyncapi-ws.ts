/**
 * IR of AsyncAPI documents that describe plain WebSocket APIs (target `ws`, see
 * generator/kinds/asyncapi/choose-target.ts): one connection per channel address carries JSON
 * (or binary) frames, messages told apart by a discriminator property, requests matched to their
 * replies by a correlation id. Names stay raw; schema names point into the document's `schemas`.
 */
import type { AsyncApiSecurityRequirementIR } from './asyncapi.js';
import type { SourceRef } from './source.js';

/** Which runtime a document's code targets, and the rule that picked it (shown by `--dump-ir`). */
export interface AsyncApiTargetChoiceIR {
  readonly target: 'socketio' | 'ws' | 'mqtt' | 'other';
  /** Human-readable rule, e.g. `x-handler at /channels/~1user/publish/message` or `config targets`. */
  readonly rule: string;
}

/** The plain WebSocket model of one document. */
export interface WsDocumentIR {
  /** Servers by name: the client's default URL comes from the first. */
  readonly servers: readonly WsServerIR[];
  /** One entry per distinct channel address (channels sharing an address are merged), sorted. */
  readonly channels: readonly WsChannelIR[];
  /** Schemes some channel requires, sorted by name. */
  readonly securitySchemes: readonly WsSecuritySchemeIR[];
}

/** A server of the document (AsyncAPI Server Object). */
export interface WsServerIR {
  readonly name: string;
  readonly protocol: string;
  /** `wss://api.example.com/v1` with server variables filled by their default (or `enum[0]`). */
  readonly url: string;
  readonly source: SourceRef;
}

/** One channel address: everything one connection carries. */
export interface WsChannelIR {
  /** Address with `{param}` placeholders; `/` when the document gives none. */
  readonly address: string;
  /** Channel keys merged into this address, sorted. */
  readonly keys: readonly string[];
  readonly description?: string;
  readonly parameters: readonly WsParameterIR[];
  /** Schema names of `bindings.ws.query` / `bindings.ws.headers` (header names lower-cased). */
  readonly query?: string;
  readonly headers?: string;
  /** Every message of the address, by unique raw name, sorted. */
  readonly messages: readonly WsMessageIR[];
  /** How frames the client sends are told apart. */
  readonly toServer: WsDispatchIR;
  /** How frames the server sends are told apart. */
  readonly toClient: WsDispatchIR;
  /** Request/reply operations (3.x `reply`), sorted by operation. */
  readonly requests: readonly WsRequestIR[];
  /** Alternatives (one must pass), each a list of schemes that must all pass; empty: open. */
  readonly security: readonly (readonly AsyncApiSecurityRequirementIR[])[];
  readonly source: SourceRef;
}

/** A channel parameter (`{symbol}` in the address). */
export interface WsParameterIR {
  readonly name: string;
  /** Schema name; absent: any text. */
  readonly schema?: string;
  readonly source: SourceRef;
}

/** A message of a channel address, with the directions it travels. */
export interface WsMessageIR {
  /** Message `name`, else its key (channel or components), else `messageId`. */
  readonly name: string;
  /** Schema name of the payload; absent: any payload. */
  readonly payload?: string;
  /** The message's `contentType`, else the document's `defaultContentType`, else JSON. */
  readonly contentType: string;
  /** Sent as a binary frame (`format: binary` payload or a non-text content type): a Uint8Array. */
  readonly binary: boolean;
  /** The client sends it (2.x publish / 3.x receive). */
  readonly toServer: boolean;
  /** The server sends it (2.x subscribe / 3.x send, and replies). */
  readonly toClient: boolean;
  /** Pointer into the payload of the correlation id (`/reqid`), from `correlationId.location`. */
  readonly correlation?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly source: SourceRef;
}

/** Dispatch of one direction's messages. */
export interface WsDispatchIR {
  /** The property whose `const` (or one-value `enum`) differs per message; absent: try validators. */
  readonly discriminator?: string;
  /** Discriminator value per message name (only with a discriminator). */
  readonly tags: readonly { readonly message: string; readonly value: string | number | boolean | null }[];
  /** Message names, most specific first: the order validators are tried without a discriminator. */
  readonly order: readonly string[];
}

/** A request/reply operation (3.x `operation.reply`). */
export interface WsRequestIR {
  /** Operation key. */
  readonly operation: string;
  /** Messages the client sends as the request. */
  readonly request: readonly string[];
  /** Messages the server may reply with. */
  readonly replies: readonly string[];
  /** Payload pointer of the id that matches a reply to its request; absent: first reply in order. */
  readonly correlation?: string;
  readonly summary?: string;
  readonly source: SourceRef;
}

/** A security scheme some channel requires, and how its credential is obtained. */
export interface WsSecuritySchemeIR {
  readonly name: string;
  readonly type: 'httpBasic' | 'httpBearer' | 'apiKey' | 'oauth2' | 'userPassword' | 'X509' | 'other';
  /** apiKey: where the key travels (`user`/`password`: no handshake field, the hook decides). */
  readonly in?: 'header' | 'query' | 'cookie' | 'user' | 'password';
  readonly keyName?: string;
  /** `handshake`: read from the upgrade request; `hook`: the user's hook gets the request itself. */
  readonly carrier: 'handshake' | 'hook';
  readonly description?: string;
  readonly source: SourceRef;
}
