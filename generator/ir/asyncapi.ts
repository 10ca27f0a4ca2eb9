/**
 * IR of AsyncAPI documents for Socket.IO (see ../shared/reference/asyncapi-socketio.md): one
 * entry per document, channels as namespaces, messages as events, payloads as named JSON Schemas.
 * 2.x and 3.x land in the same shape. Names stay raw; targets make them legal.
 */
import type { AsyncApiTargetChoiceIR, WsDocumentIR } from './asyncapi-ws.js';
import type { SourceRef } from './source.js';

export type * from './asyncapi-ws.js';

export interface AsyncApiIR {
  /** Sorted by name. */
  readonly documents: readonly AsyncApiDocumentIR[];
}

export interface AsyncApiDocumentIR {
  /** Raw document name: the spec file's base name (`user-account-service`); unique in the project. */
  readonly name: string;
  readonly title: string;
  readonly version: string;
  /** The document's `asyncapi` version (`2.3.0`, `3.0.0`). */
  readonly asyncapi: string;
  readonly description?: string;
  /** Socket.IO `path` from the first server's url (`/socket.io` when none says). */
  readonly path: string;
  /**
   * Every schema the document's events use, by unique raw name, sorted. Nested references to
   * other entries are `{ "$ref": "#/definitions/<name>" }`; `x-parser-*` keys are gone.
   */
  readonly schemas: readonly AsyncApiSchemaIR[];
  /** Channels as Socket.IO namespaces, sorted by name. */
  readonly namespaces: readonly AsyncApiNamespaceIR[];
  /** Security schemes some namespace requires, sorted by name. */
  readonly securitySchemes: readonly AsyncApiSecuritySchemeIR[];
  /**
   * The document bundled for the docs page: as written, external `$ref`s replaced by their
   * content, local ones kept (the server dereferences them at start-up).
   */
  readonly document: unknown;
  /**
   * The runtime this document targets and the rule that chose it (kinds/asyncapi/choose-target.ts);
   * always set by the kind (optional only so hand-made IR in tests stays valid).
   */
  readonly target?: AsyncApiTargetChoiceIR;
  /** Plain WebSocket model (target `ws` only; `namespaces` is then empty). */
  readonly ws?: WsDocumentIR;
  readonly source: SourceRef;
}

export interface AsyncApiSchemaIR {
  readonly name: string;
  /** A JSON Schema (draft-07 style, AsyncAPI keywords kept). */
  readonly schema: unknown;
  readonly source: SourceRef;
}

export interface AsyncApiNamespaceIR {
  /** `/user`; `/` for the main namespace. */
  readonly name: string;
  readonly description?: string;
  /** Events the clients emit and the server handles (2.x publish, 3.x receive), sorted by event. */
  readonly receive: readonly AsyncApiMessageIR[];
  /** Events the server emits (2.x subscribe, 3.x send), sorted by event. */
  readonly send: readonly AsyncApiMessageIR[];
  /** Channel `x-handlers`. */
  readonly lifecycle: {
    readonly connect?: AsyncApiFunctionRefIR;
    readonly disconnect?: AsyncApiFunctionRefIR;
    readonly error?: AsyncApiFunctionRefIR;
  };
  /**
   * Channel parameters of a namespace whose name has `{param}`s (`/rooms/{roomId}`): a Socket.IO
   * dynamic namespace. `names` in the order they appear, `numeric` those whose schema is a number
   * (the text in the namespace name is converted before validation), `schema` the name of the
   * object schema of all of them.
   */
  readonly parameters?: { readonly names: readonly string[]; readonly numeric: readonly string[]; readonly schema: string };
  /** Schema names of `bindings.ws.query` / `bindings.ws.headers`. */
  readonly query?: string;
  readonly headers?: string;
  /** Alternatives (one must pass), each a list of schemes that must all pass; empty: open. */
  readonly security: readonly (readonly AsyncApiSecurityRequirementIR[])[];
  readonly source: SourceRef;
}

export interface AsyncApiMessageIR {
  /** Socket.IO event name (`message` for an unnamed message). */
  readonly event: string;
  /** Name of the component message, when it is one (used for type names). */
  readonly component?: string;
  readonly summary?: string;
  readonly description?: string;
  /** Schema name of the payload; absent: any payload. */
  readonly payload?: string;
  /** Schema name of the `x-ack` args; absent: no acknowledgement. */
  readonly ack?: string;
  /**
   * A tuple payload (`prefixItems`, or draft-07 `items: [...]`): the event's arguments are its
   * items; this many are declared. Absent: one payload argument (none when there is no payload).
   */
  readonly tuple?: number;
  /** `x-handler` (received events only). */
  readonly handler?: AsyncApiFunctionRefIR;
  readonly source: SourceRef;
}

/** A dotted path to a user function (`my_api.handlers.user_signup`), raw. */
export interface AsyncApiFunctionRefIR {
  readonly path: string;
  readonly source: SourceRef;
}

export interface AsyncApiSecurityRequirementIR {
  readonly scheme: string;
  readonly scopes: readonly string[];
}

export interface AsyncApiSecuritySchemeIR {
  readonly name: string;
  /** `handshake`: a scheme no handshake field carries as such; its hook reads the whole handshake. */
  readonly type: 'httpBasic' | 'httpBearer' | 'apiKey' | 'oauth2' | 'handshake';
  /** handshake: the scheme as the document names it (`apiKey` in `user` / `password` as `user` / `password`). */
  readonly handshake?: 'userPassword' | 'X509' | 'user' | 'password';
  /** apiKey: where the key travels, and its name. */
  readonly in?: 'header' | 'query' | 'cookie';
  readonly keyName?: string;
  readonly bearerFormat?: string;
  readonly description?: string;
  /** `x-basicInfoFunc`, `x-basicBearerInfoFunc`, `x-apiKeyInfoFunc` or `x-tokenInfoFunc`. */
  readonly hook?: AsyncApiFunctionRefIR;
  /** oauth2 `x-scopeValidateFunc`. */
  readonly scopeHook?: AsyncApiFunctionRefIR;
  readonly source: SourceRef;
}
