/**
 * The sockgen runtime: the hand-written code that generated files import.
 * Prefer the subpath of one area (`sockgen/runtime/http`, `/socketio`, `/client`, `/connector`,
 * `/tunnel`) so a program loads only what it uses; this barrel re-exports them all.
 */
export * from './http/index.js';
export * from './socketio/index.js';
export * from './connector/index.js';
export * from './tunnel/index.js';
export * from './validation/index.js';
export * from './http-client/index.js';
export * from './tunnel-client/index.js';
export * from './mqtt-client/index.js';
