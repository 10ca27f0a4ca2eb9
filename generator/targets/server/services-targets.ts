/** The four services targets (types, stubs, client, server entry), registered together. */
import { servicesClientTarget } from '../client/services-client.js';
import { servicesStubsTarget } from '../stubs/services-stubs.js';
import type { Target } from '../types.js';
import { servicesTypesTarget } from '../types/services-types.js';
import { servicesServerTarget } from './services-server.js';

/** Registered in targets/index.ts with one spread. */
export const servicesTargets: readonly Target[] = [servicesTypesTarget, servicesStubsTarget, servicesClientTarget, servicesServerTarget];
