/** Every AsyncAPI target (types, validators, server, client, stubs), registered as one entry. */
import { asyncapiClientTarget } from '../client/asyncapi-client.js';
import { asyncapiStubsTarget } from '../stubs/asyncapi-stubs.js';
import { asyncapiTypesTarget } from '../types/asyncapi-types.js';
import type { Target } from '../types.js';
import { asyncapiValidatorsTarget } from '../validators/asyncapi-validators.js';
import { asyncapiEmitterTarget } from './asyncapi-emitter.js';
import { asyncapiServerTarget } from './asyncapi-server.js';
import { socketIoOnly, wsTargets } from '../ws/ws-targets.js';

/** The AsyncAPI targets, in planning order. */
export const asyncapiTargets: readonly Target[] = [
  asyncapiTypesTarget,
  asyncapiValidatorsTarget,
  // Plain WebSocket documents (target `ws`) get their own server, client and stubs (targets/ws/).
  ...[asyncapiServerTarget, asyncapiEmitterTarget, asyncapiClientTarget, asyncapiStubsTarget].map(socketIoOnly),
  ...wsTargets,
];
