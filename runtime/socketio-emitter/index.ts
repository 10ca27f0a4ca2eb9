/** `sockgen/runtime/socketio-emitter`: typed, validated emits to Socket.IO servers from other processes. */
export { acceptAny, createSocketApiEmitter, type EmitValidator, type EmitterEventSpec, type EmitterSpec, type NamespaceEmitter, type SocketApiEmitter, type SocketApiEmitterOptions } from './create-emitter.js';
