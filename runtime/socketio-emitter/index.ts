/** `sockgen/runtime/socketio-emitter`: typed, validated emits to Socket.IO servers from other processes. */
export { acceptAny, type Validator } from '../socketio/spec.js';
export { createSocketApiEmitter, type EmitterEventSpec, type EmitterSpec, type NamespaceEmitter, type SocketApiEmitter, type SocketApiEmitterOptions } from './create-emitter.js';
