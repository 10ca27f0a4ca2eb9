/** Every connectors target, registered together in targets/index.ts. */
import { connectorsClientTarget } from '../client/connectors-client.js';
import { mqttClientTarget } from '../client/mqtt-client.js';
import { connectorsMainTarget } from '../server/connectors-main.js';
import { connectorsTypesTarget } from '../types/connectors-types.js';
import type { Target } from '../types.js';
import { connectorsConfigTarget } from './connectors-config.js';

/** Every target of the connector kind, in registration order. */
export const connectorsTargets: readonly Target[] = [connectorsConfigTarget, connectorsMainTarget, connectorsTypesTarget, connectorsClientTarget, mqttClientTarget];
