/**
 * `sockgen/runtime/ws-client`: the typed plain WebSocket client and the wire rules it shares with
 * the server (browser-safe: the native WebSocket in browsers, `ws` in Node).
 */
export { createWsClient, type ReconnectOptions, type WebSocketConstructor, type WsClient, type WsClientApi, type WsClientOptions } from './client.js';
export {
  classify,
  decodeFrame,
  encodeMessage,
  fillAddress,
  readId,
  withId,
  WsValidationError,
  type WsChannelSpec,
  type WsDirectionSpec,
  type WsInvalidMessage,
  type WsInvalidReason,
  type WsMessageSpec,
  type WsRequestSpec,
  type WsValidator,
} from './protocol.js';
