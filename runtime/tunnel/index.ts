/**
 * `sockgen/runtime/tunnel`: the tunnel server (reservation REST API + websocket↔TCP bridge),
 * its reservation stores and the types a service instance class implements. docs/services.md.
 */
export { bridgeWebSocket, type BridgeOptions } from './bridge.js';
export { connectTarget } from './connect-target.js';
export { isMainModule, runTunnelMain, serveUntilStopped, tunnelFlagHelp, tunnelOptionsFromFlags } from './main.js';
export { createMemoryStore } from './memory-store.js';
export { createRedisStore, type RedisStoreOptions } from './redis-store.js';
export type { Claim, InstanceRecord, ReservationRecord, ReservationStore, ReserveInput, ReserveResult } from './reservation-store.js';
export { handleRestRequest, headerUser, type RestContext } from './rest-api.js';
export { buildStatus, renderStatusPage } from './status.js';
export { openTokenFile, parseTokenFile, type TokenFile } from './token-file.js';
export { startTunnelServer, type TunnelServer, type TunnelServerOptions } from './tunnel-server.js';
export { defineService, type ResolveUser, type ServiceDefinition, type ServiceInstance, type StartContext, type TcpTarget, type UserIdentity } from './types.js';
