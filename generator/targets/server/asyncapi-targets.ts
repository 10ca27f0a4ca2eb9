/** Every AsyncAPI target (types, validators, server, client, stubs), registered as one entry. */
import { asyncapiClientTarget } from '../client/asyncapi-client.js';
import { asyncapiStubsTarget } from '../stubs/asyncapi-stubs.js';
import { asyncapiTypesTarget } from '../types/asyncapi-types.js';
import type { Target } from '../types.js';
import { asyncapiValidatorsTarget } from '../validators/asyncapi-validators.js';
import { asyncapiServerTarget } from './asyncapi-server.js';

/** The AsyncAPI targets, in planning order. */
export const asyncapiTargets: readonly Target[] = [asyncapiTypesTarget, asyncapiValidatorsTarget, asyncapiServerTarget, asyncapiClientTarget, asyncapiStubsTarget];
