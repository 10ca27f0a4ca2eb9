/**
 * The one model every kind produces and every target reads: plain, readonly, JSON-serialisable
 * data, collections sorted, every node carrying its SourceRef. A kind never imports a target,
 * nor a target a kind: both meet here.
 */
import type { AsyncApiIR } from './asyncapi.js';
import type { ConnectorsIR } from './connectors.js';
import type { ServicesIR } from './services.js';
import type { SocketsIR } from './sockets.js';

export type { SourceRef } from './source.js';
export type * from './sockets.js';
export type * from './asyncapi.js';
export type * from './connectors.js';
export type * from './services.js';

export interface ProjectIR {
  readonly sockets: SocketsIR;
  readonly asyncapi: AsyncApiIR;
  readonly connectors: ConnectorsIR;
  readonly services: ServicesIR;
}

