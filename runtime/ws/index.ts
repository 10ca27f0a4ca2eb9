/**
 * `sockgen/runtime/ws`: the typed plain WebSocket server (over the `ws` package) that generated
 * `ws-server.ts` files wrap, with the handshake and security checks it runs.
 */
export { createWsApiServer, type WsApiServer, type WsChannelHandlers, type WsConnection, type WsServerChannel, type WsServerChannelSpec, type WsServerOptions, type WsServerSpec } from './create-server.js';
export { compileRoutes, readHandshake, type HandshakeRefusal, type HandshakeValues } from './handshake.js';
export { checkSecurity, type WsSecurityContext, type WsSecurityRequirement, type WsSecuritySchemeSpec } from './security.js';
export { WsValidationError, type WsChannelSpec, type WsInvalidMessage } from '../ws-client/protocol.js';
