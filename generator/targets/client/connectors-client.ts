/** `client.ts` per connector: a typed, validated client for consumers of its topics (browser-safe). */
import type { ProjectIR } from '../../ir/types.js';
import { planConnector } from '../shared/connectors-plan.js';
import type { PlannedFile, PlanOptions, Target } from '../types.js';

/** Typed MQTT client per connector for consumers of its topics. */
export const connectorsClientTarget: Target = {
  name: 'client/connectors',
  plan(ir: ProjectIR, options: PlanOptions): PlannedFile[] {
    return (ir.connectors?.connectors ?? []).map((connector) => {
      const plan = planConnector(connector, options);
      return {
        path: `${plan.folder}/client.ts`,
        ownership: 'generated' as const,
        template: 'connectors/client.ts',
        data: { name: connector.name, clientClass: plan.clientClass, sensorKeys: connector.sensors.map((s) => s.key), actuatorKeys: connector.actuators.map((a) => a.key) },
        specs: plan.specs,
      };
    });
  },
};
