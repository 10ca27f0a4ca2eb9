/**
 * `sockgen/runtime/http-client`: calls Custom Socket endpoints over fetch. Browser-safe: no
 * node: imports, so generated clients run in browsers, Deno, Bun and Node alike.
 */
export { callEndpoint } from './call-endpoint.js';
export { endpointCall } from './endpoint-call.js';
export type { ArgsParameter, HandlerResult, ResponseBody } from './endpoint-call.js';
export { endpointUrl, queryString } from './endpoint-url.js';
export { SocketClientError } from './socket-client-error.js';
export { httpMethods } from './types.js';
export type { HttpMethod, SocketClientOptions } from './types.js';
