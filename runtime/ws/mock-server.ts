/**
 * `sockgen mock` for a plain WebSocket document: the same runtime as a generated server (handshake,
 * dispatch, validation both ways), with schemas compiled at start-up instead of generation time.
 * Every message a client sends is accepted when valid; a request is answered with a fake valid
 * reply carrying the request's correlation id; every `interval` each connection gets one fake
 * valid message of every kind the server sends on its own. Fakes come from json-schema-faker and
 * are checked against the schema before they leave (runtime/socketio/fake-data.ts).
 */
import { createFaker } from '../socketio/fake-data.js';
import { compileSchema } from '../socketio/mock-validators.js';
import { readId, withId, type WsDirectionSpec, type WsMessageSpec, type WsValidator } from '../ws-client/protocol.js';
import { createWsApiServer, type WsApiServer, type WsChannelHandlers, type WsServerChannelSpec } from './create-server.js';
import { wsMockSecurityHooks, type WsMockHookCredential } from './mock-security.js';
import type { WsSecurityRequirement, WsSecuritySchemeSpec } from './security.js';

/** A direction of a channel with schemas instead of validators. */
export interface WsMockDirection extends Omit<WsDirectionSpec, 'messages'> {
  readonly messages: Readonly<Record<string, { readonly schema?: unknown; readonly binary?: boolean; readonly plainText?: boolean }>>;
}

/** A channel of the document as the mock reads it (plain JSON, from the generator's IR). */
export interface WsMockChannel {
  readonly address: string;
  readonly toServer: WsMockDirection;
  readonly toClient: WsMockDirection;
  readonly requests: Readonly<Record<string, { readonly request: string; readonly replies: readonly string[]; readonly correlation?: readonly string[] }>>;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly query?: unknown;
  readonly headers?: unknown;
  /** The channel's security requirements (alternatives of schemes); absent or empty: open. */
  readonly security?: readonly (readonly WsSecurityRequirement[])[];
}

/** Options of {@link startWsMockServer}. */
export interface WsMockOptions {
  readonly channels: readonly WsMockChannel[];
  /** Every named schema (`$ref: '#/definitions/<name>'` inside message schemas point here). */
  readonly definitions: Readonly<Record<string, unknown>>;
  readonly document: unknown;
  readonly basePath?: string;
  /** The schemes the channels' security names, as the server checks them. */
  readonly securitySchemes?: Readonly<Record<string, WsSecuritySchemeSpec>>;
  /** What each `hook` scheme takes its value from (userPassword, apiKey in user/password: the Basic header). */
  readonly hookCredentials?: Readonly<Record<string, WsMockHookCredential>>;
  readonly port?: number;
  readonly host?: string;
  readonly interval?: number;
  readonly seed?: number;
  readonly log?: (line: string) => void;
}

/** A running mock. */
export interface WsMockServer {
  readonly server: WsApiServer;
  readonly url: string;
  readonly addresses: readonly string[];
  close(): Promise<void>;
}

/** Starts the mock; it listens before the promise resolves. */
export async function startWsMockServer(options: WsMockOptions): Promise<WsMockServer> {
  const faker = createFaker(options.seed === undefined ? {} : { seed: options.seed });
  const withDefinitions = (schema: unknown) => (typeof schema === 'object' && schema !== null ? { ...(schema as object), definitions: options.definitions } : schema);
  const validator = (schema: unknown): WsValidator => compileSchema(withDefinitions(schema)) as WsValidator;
  const direction = (d: WsMockDirection): WsDirectionSpec => ({
    ...d,
    messages: Object.fromEntries(
      Object.entries(d.messages).map(([name, m]): [string, WsMessageSpec] => [name, { ...(m.schema !== undefined ? { validate: validator(m.schema) } : {}), ...(m.binary ? { binary: true } : {}), ...(m.plainText ? { plainText: true } : {}) }]),
    ),
  });
  // A schema may leave its discriminator optional; a fake without it could not be told apart.
  const tagOf = (d: WsMockDirection, name: string) => {
    const key = Object.entries(d.tags ?? {}).find(([, message]) => message === name)?.[0];
    return d.discriminator !== undefined && key !== undefined ? { property: d.discriminator, value: JSON.parse(key) as unknown } : undefined;
  };
  const fake = (d: WsMockDirection, name: string): unknown => {
    const message = d.messages[name];
    if (!message) return undefined;
    if (message.binary) return new Uint8Array(Array.from({ length: 8 }, (_, i) => i));
    const value = message.schema === undefined ? {} : faker.fake(withDefinitions(message.schema));
    const tag = tagOf(d, name);
    return tag && typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, [tag.property]: tag.value } : value;
  };
  const channels: WsServerChannelSpec[] = options.channels.map((c) => ({
    address: c.address,
    toServer: direction(c.toServer),
    toClient: direction(c.toClient),
    requests: c.requests,
    parameters: Object.fromEntries(Object.entries(c.parameters).map(([name, schema]) => [name, validator(schema)])),
    ...(c.query !== undefined ? { query: validator(c.query) } : {}),
    ...(c.headers !== undefined ? { headers: validator(c.headers) } : {}),
    // Checked as the generated server checks it; the mock's hooks accept any non-empty credential.
    security: c.security ?? [],
  }));
  const handlers: Record<string, WsChannelHandlers> = {};
  for (const channel of options.channels) {
    const requestOf = new Map(Object.values(channel.requests).map((r) => [r.request, r]));
    const messages: Record<string, (payload: unknown) => unknown> = {};
    for (const name of Object.keys(channel.toServer.messages))
      messages[name] = (payload) => {
        options.log?.(`${channel.address} ← ${name}`);
        const request = requestOf.get(name);
        if (!request) return undefined;
        const reply = fake(channel.toClient, request.replies[0]!);
        return request.correlation ? withId(reply, request.correlation, readId(payload, request.correlation)) : reply;
      };
    handlers[channel.address] = {
      messages: messages as WsChannelHandlers['messages'],
      error: ((error: { reason?: string; message?: string; errors?: readonly string[] }) =>
        options.log?.(`${channel.address} refused${error.message ? ` ${error.message}` : ''} (${error.reason ?? 'error'}): ${(error.errors ?? []).join('; ')}`)) as never,
    };
  }
  const securitySchemes = options.securitySchemes ?? {};
  const hooks = wsMockSecurityHooks(securitySchemes, options.hookCredentials);
  const server = await createWsApiServer({ channels, securitySchemes, document: options.document, ...(options.basePath ? { basePath: options.basePath } : {}) }, handlers, hooks, {});
  const port = await server.listen(options.port ?? 4000, options.host ?? '127.0.0.1');
  const replies = new Set(options.channels.flatMap((c) => Object.values(c.requests).flatMap((r) => r.replies)));
  const timer = setInterval(() => {
    for (const channel of options.channels) {
      const live = server.channels[channel.address];
      if (!live || live.connections.size === 0) continue;
      for (const name of Object.keys(channel.toClient.messages)) {
        if (replies.has(name)) continue;
        try {
          live.broadcast[name]!(fake(channel.toClient, name));
          options.log?.(`${channel.address} → ${name}`);
        } catch (error) {
          options.log?.(`${channel.address} cannot fake ${name}: ${(error as Error).message}`);
        }
      }
    }
  }, options.interval ?? 1000);
  timer.unref();
  return {
    server,
    url: `ws://${options.host ?? '127.0.0.1'}:${port}${options.basePath ?? ''}`,
    addresses: options.channels.map((c) => c.address),
    close: async () => {
      clearInterval(timer);
      await server.close();
    },
  };
}
