/**
 * `sockgen/runtime/socketio-client`: what generated AsyncAPI clients import. Browser-safe: only
 * `socket.io-client`, no node: modules, so front ends can commit and bundle the generated client.
 */
export { connectNamespace, namespaceName, TypedClient } from './typed-client.js';
export type { ConnectOptions, EventSpec, EventSpecs } from './typed-client.js';
export { errorEvent, formatErrors, isSockgenErrorData, SockgenError } from './errors.js';
export type { SockgenErrorData, SockgenErrorType, ValidationErrorLike } from './errors.js';
export type { ArgsOf, EventHandlers, EventMap, HandlerArgsOf, ListenersOf, NamespaceHandlers } from './event-maps.js';
