/** Every output target, in the order they plan (order does not affect output: files are sorted). */
import type { Target } from './types.js';
import { socketClientTarget } from './client/sockets.js';
import { socketServerTarget } from './server/sockets.js';
import { socketStubsTarget } from './stubs/sockets.js';
import { socketTypesTarget } from './types/sockets.js';
import { socketValidatorsTarget } from './validators/sockets.js';
import { servicesTargets } from './server/services-targets.js';
import { connectorsTargets } from './config/connectors-targets.js';
import { asyncapiTargets } from './server/asyncapi-targets.js';
import { socketOpenApiTarget } from './openapi/sockets.js';

export const targets: readonly Target[] = [
  socketTypesTarget,
  socketValidatorsTarget,
  socketServerTarget,
  socketClientTarget,
  socketStubsTarget,
  socketOpenApiTarget,
  ...servicesTargets,
  ...asyncapiTargets,
  ...connectorsTargets,
];
