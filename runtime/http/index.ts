/**
 * `sockgen/runtime/http`: the Node host of Custom Sockets (custom-sockets.md) — routes, script
 * runners, configuration and data class stores. Generated servers import only from here.
 */
export { createSocketHost } from './create-socket-host.js';
export { ConfigError, ScriptFailure, ValidationError } from './errors.js';
export { HttpResponse } from './http-response.js';
export type { HttpResponseInit } from './http-response.js';
export { resolveSocketConfig } from './resolve-socket-config.js';
export type {
  EndpointDefinition,
  Handler,
  HandlerContext,
  HttpMethod,
  MountedSocket,
  RequestMeta,
  SocketDefinition,
  SocketHost,
  SocketHostOptions,
} from './types.js';
export type { Trace } from './trace-log.js';
export { pythonScript } from './python-script.js';
export type { PythonScriptOptions } from './python-script.js';
export { closePythonWorkers } from './python-workers.js';
export { nodeScript } from './node-script.js';
export type { NodeScriptOptions } from './node-script.js';
export { createClassStores } from './create-class-stores.js';
export type { ClassStores, ClassStoresOptions } from './create-class-stores.js';
export type { DataClassStore } from './class-store.js';
export type { ClassValidator } from './class-validator.js';
export { fieldValidator } from './class-validator.js';
export { hostMountedSockets } from './host-mounted-sockets.js';
export { mountSocket, mountSockets } from './mount-socket.js';
export type { MountSocketOptions, OwnedMountedSocket } from './mount-socket.js';
export type { ClosableMountedSocket } from './host-mounted-sockets.js';
export { serveFromEnvironment } from './serve-from-environment.js';
export type { EnvironmentServerOptions, ServeOptions } from './serve-from-environment.js';
