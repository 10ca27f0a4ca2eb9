/**
 * Every spec kind, in detection order: the first whose `detect` accepts a file owns it
 * (connectors before generic AsyncAPI, since a connector is an AsyncAPI document with a tcp server).
 */
import { asyncapiKind } from './asyncapi/index.js';
import { connectorsKind } from './connectors/index.js';
import { servicesKind } from './services/index.js';
import { socketsKind } from './sockets/index.js';
import type { SpecKind } from './types.js';

export const kinds: readonly SpecKind[] = [socketsKind, servicesKind, connectorsKind, asyncapiKind];
