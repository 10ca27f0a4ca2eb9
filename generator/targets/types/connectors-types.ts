/**
 * `types.ts` and `schemas.ts` per connector and MQTT API. Technique: one json-schema-to-typescript
 * run per file over a root whose definitions are the types to emit (definition keys are the type
 * names), as the asyncapi kind's types do; `schemas.ts` holds the same schemas as data for ajv.
 */
import { commentText } from '../../core/escape.js';
import { renderSchemaTypes } from '../shared/schema-types.js';
import type { DatapointIR } from '../../ir/connectors.js';
import type { ProjectIR } from '../../ir/types.js';
import { planConnector, planMqttApi } from '../shared/connectors-plan.js';
import type { PlannedFile, PlanOptions, Target } from '../types.js';

const rootName = 'SockgenConnectorRoot';

/** Renders named TypeScript types from JSON Schemas, under a header comment. */
export async function renderConnectorTypes(definitions: Record<string, unknown>, doc: string): Promise<string> {
  return `/** ${commentText(doc)} */\n\n${await renderSchemaTypes(definitions, { rootName, unknownAny: true })}\n`;
}

/** A key → value-type map of datapoints (every key present: it maps keys to types, it is not a message). */
export function datapointMapSchema(points: readonly DatapointIR[], description: string): object {
  if (points.length === 0) return { description, type: 'object', additionalProperties: true };
  return {
    description,
    type: 'object',
    properties: Object.fromEntries(points.map((p) => [p.key, p.schema])),
    required: points.map((p) => p.key),
    additionalProperties: false,
  };
}

/** The payload schema of a channel: its one message, or a oneOf of several. */
export function channelPayloadSchema(messages: readonly { schema: unknown }[]): unknown {
  if (messages.length === 0) return {};
  if (messages.length === 1) return messages[0]!.schema;
  return { oneOf: messages.map((m) => m.schema) };
}

/** Per connector and MQTT API: payload types and JSON schemas of its topics. */
export const connectorsTypesTarget: Target = {
  name: 'types/connectors',
  async plan(ir: ProjectIR, options: PlanOptions): Promise<PlannedFile[]> {
    const files: PlannedFile[] = [];
    for (const connector of ir.connectors?.connectors ?? []) {
      const plan = planConnector(connector, options);
      const text = await renderConnectorTypes(
        {
          SensorValues: datapointMapSchema(connector.sensors, 'Sensor datapoints of the device message, flattened with `__`: key → value type.'),
          ActuatorValues: datapointMapSchema(connector.actuators, 'Actuator datapoints (x-connector.actuators): key → value type.'),
        },
        `Datapoint value types of connector ${connector.name}.`,
      );
      files.push({ path: `${plan.folder}/types.ts`, ownership: 'generated', text, specs: plan.specs });
      files.push({
        path: `${plan.folder}/schemas.ts`,
        ownership: 'generated',
        template: 'connectors/schemas.ts',
        data: {
          name: connector.name,
          sensorSchemas: Object.fromEntries(connector.sensors.map((p) => [p.key, p.schema])),
          actuatorSchemas: Object.fromEntries(connector.actuators.map((p) => [p.key, p.schema])),
        },
        specs: plan.specs,
      });
    }
    for (const api of ir.connectors?.mqttApis ?? []) {
      const plan = planMqttApi(api, options);
      const definitions: Record<string, unknown> = {};
      const schemas: Record<string, unknown> = {};
      const parameterSchemas: Record<string, unknown> = {};
      for (const channel of api.channels) {
        const names = plan.channels.get(channel.id)!;
        const schema = channelPayloadSchema(channel.messages);
        definitions[`${names.pascal}Payload`] = schema;
        schemas[names.key] = schema;
        if (channel.parameterSchema === undefined) continue;
        // Topic parameters are typed from their schemas, as a Socket.IO dynamic namespace's are.
        definitions[`${names.pascal}Parameters`] = { description: `Topic parameters of ${channel.address}.`, ...(channel.parameterSchema as object) };
        parameterSchemas[names.key] = channel.parameterSchema;
      }
      files.push({ path: `${plan.folder}/types.ts`, ownership: 'generated', text: await renderConnectorTypes(definitions, `Payload and topic parameter types of ${api.title}.`), specs: plan.specs });
      files.push({
        path: `${plan.folder}/schemas.ts`,
        ownership: 'generated',
        template: 'connectors/api-schemas.ts',
        data: { title: api.title, schemas, parameterSchemas, hasParameters: Object.keys(parameterSchemas).length > 0 },
        specs: plan.specs,
      });
    }
    return files;
  },
};
