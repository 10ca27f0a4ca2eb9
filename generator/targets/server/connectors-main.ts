/** `main.ts` per connector: the runnable entry (`sockgen connect <name>` imports it). */
import type { ProjectIR } from '../../ir/types.js';
import { planConnector } from '../shared/connectors-plan.js';
import type { PlannedFile, PlanOptions, Target } from '../types.js';

/** Per connector: the runnable `main.ts` entry. */
export const connectorsMainTarget: Target = {
  name: 'server/connectors',
  plan(ir: ProjectIR, options: PlanOptions): PlannedFile[] {
    return (ir.connectors?.connectors ?? []).map((connector) => {
      const plan = planConnector(connector, options);
      return {
        path: `${plan.folder}/main.ts`,
        ownership: 'generated' as const,
        template: 'connectors/main.ts',
        data: { name: connector.name, folder: plan.folder },
        specs: plan.specs,
      };
    });
  },
};
