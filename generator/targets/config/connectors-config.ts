/**
 * `config.ts` (typed, validated settings: spec defaults overridden by the environment) and `.env`
 * (the original's format, so a deployment can keep using it) per connector.
 */
import type { ProjectIR } from '../../ir/types.js';
import { connectorVariables } from '../../../runtime/connector/settings.js';
import { formatDotEnv } from '../../../runtime/connector/dotenv.js';
import { planConnector } from '../shared/connectors-plan.js';
import type { PlannedFile, PlanOptions, Target } from '../types.js';

/** An example value for an actuator, from its schema (examples, default, const, first enum), else null. */
export function exampleValue(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object') return null;
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if ('default' in s) return s.default;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  return null;
}

/** The `.env` text: the original's variables first, then sockgen's own. */
export function envFileText(variables: Readonly<Record<string, string>>): string {
  const original = connectorVariables.filter((v) => v.original).map((v) => v.variable);
  const extra = connectorVariables.filter((v) => !v.original).map((v) => v.variable);
  return `${formatDotEnv(variables, original)}# sockgen only (the original ignores these)\n${formatDotEnv(variables, extra)}`;
}

/** Per connector: the typed config module and the `.env` file in the original format. */
export const connectorsConfigTarget: Target = {
  name: 'config/connectors',
  plan(ir: ProjectIR, options: PlanOptions): PlannedFile[] {
    return (ir.connectors?.connectors ?? []).flatMap((connector) => {
      const plan = planConnector(connector, options);
      return [
        {
          path: `${plan.folder}/config.ts`,
          ownership: 'generated' as const,
          template: 'connectors/config.ts',
          data: {
            name: connector.name,
            title: connector.title ?? '',
            variables: connector.variables,
            version: connector.version,
            actuatorExamples: Object.fromEntries(connector.actuators.map((a) => [a.key, exampleValue(a.schema)])),
            configType: plan.configType,
          },
          specs: plan.specs,
        },
        { path: `${plan.folder}/.env`, ownership: 'generated' as const, text: envFileText(connector.variables), format: 'none' as const, specs: plan.specs },
      ];
    });
  },
};
