/**
 * `sockgen/runtime/socketio`: the Socket.IO server runtime generated AsyncAPI servers import
 * (validation, handshake, security, acks, docs, adapters). Node only; clients import
 * `sockgen/runtime/socketio-client`.
 */
export { createSocketApiServer } from './create-server.js';
export type { AnyNamespaceHandlers, SocketApiOptions, SocketApiServer } from './create-server.js';
export { SocketApiError, SocketValidationError } from './errors.js';
export { acceptAny } from './spec.js';
export type { ApiSpec, EventSpec, NamespaceSpec, SecurityRequirement, SecuritySchemeSpec, Validator } from './spec.js';
export type { ApiKeyInfoHook, BasicInfoHook, BearerInfoHook, HandshakeInfoHook, OAuth2Hooks, SecurityHook, SecurityInfo } from './security.js';
export type { ArgsOf, EventHandlers, EventMap, HandlerArgsOf, ListenersOf, NamespaceHandlers } from '../socketio-client/event-maps.js';
export { errorEvent, formatErrors, SockgenError } from '../socketio-client/errors.js';
export type { SockgenErrorData, SockgenErrorType } from '../socketio-client/errors.js';
export { createDocsHandler, docsBaseFor, type DocsOptions } from './docs.js';
export { createRedisAdapter, type RedisAdapterHandle, type RedisAdapterOptions } from './redis-adapter.js';
