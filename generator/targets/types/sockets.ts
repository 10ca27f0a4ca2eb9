/**
 * Per socket: `definition.ts` (the plain data the runtime host serves) and `types.ts` (config,
 * data-class models, stores and the handler context). Technique: handlebars over planned data.
 */
import { posix } from 'node:path';
import { isPlainPropertyName } from '../../core/naming.js';
import { stringLiteral } from '../../core/escape.js';
import type { DataFieldType, SocketIR } from '../../ir/types.js';
import { planSocket, type SocketPlan, relativeUrl } from '../shared/socket-plan.js';
import type { PlannedFile, Target } from '../types.js';
import { scriptSchemasOf } from '../openapi/script-schemas.js';
import type { HandlerSchemas } from '../openapi/ts-type-schema.js';
import { compareText } from '../../core/order.js';

const fieldTypes: Record<DataFieldType, string> = {
  string: 'string',
  text: 'string',
  integer: 'number',
  float: 'number',
  boolean: 'boolean',
  datetime: 'string',
  reference: 'number',
  relation: 'number[]',
  object: 'Record<string, unknown>',
  array: 'unknown[]',
  file: 'string',
  geopoint: '{ latitude: number; longitude: number }',
};

const promptTypes: Record<string, string> = { string: 'string', integer: 'number', number: 'number', float: 'number', boolean: 'boolean' };

/** Per socket: definition.ts (the plain data the host serves) and types.ts (config, data classes, handler types). */
export const socketTypesTarget: Target = {
  name: 'types/sockets',
  async plan(ir, options) {
    const schemas = await scriptSchemasOf(ir.sockets, options);
    return ir.sockets.sockets.flatMap((socket): PlannedFile[] => {
      const plan = planSocket(socket, options);
      return [
        {
          path: `${plan.folder}/definition.ts`,
          ownership: 'generated',
          template: 'sockets/definition.ts',
          data: {
            name: socket.name,
            definition: definitionOf(socket, schemas.get(socket.name)),
            // Response templates are read from the socket's templates/ folder, found from the generated file.
            ...(socket.endpoints.some((endpoint) => endpoint.templateFile !== undefined)
              ? { templatesFolder: `${relativeUrl(plan.folder, posix.join(posix.dirname(socket.source.file), 'templates'))}/` }
              : {}),
          },
          specs: plan.specs,
        },
        { path: `${plan.folder}/types.ts`, ownership: 'generated', template: 'sockets/types.ts', data: typesData(plan), specs: plan.specs },
      ];
    });
  },
};

/**
 * The runtime's SocketDefinition for a socket: plain JSON (also the input of the OpenAPI target).
 * `scriptSchemas`: its TypeScript handlers' argument and result schemas (openapi/script-schemas.ts).
 */
export function definitionOf(socket: SocketIR, scriptSchemas?: Record<string, HandlerSchemas>): unknown {
  return {
    name: socket.name,
    ...(socket.description !== undefined ? { description: socket.description } : {}),
    metadata: socket.metadata,
    endpoints: socket.endpoints.map((endpoint) => ({
      name: endpoint.name,
      routes: endpoint.routes.map((route) => ({ method: route.method, script: route.call.script })),
      ...(endpoint.cacheSeconds !== undefined ? { cacheSeconds: endpoint.cacheSeconds } : {}),
      ...(endpoint.template !== undefined ? { template: endpoint.template } : {}),
      ...(endpoint.templateFile !== undefined ? { templateFile: endpoint.templateFile } : {}),
    })),
    config: {
      constants: Object.fromEntries(socket.config.constants.map((c) => [c.name, c.value])),
      prompts: socket.config.prompts.map((p) => ({ name: p.name, type: p.type, ...(p.description !== undefined ? { description: p.description } : {}), required: p.required })),
    },
    classes: socket.classes.map((c) => ({ name: c.name, fields: c.fields.map((f) => ({ name: f.name, type: f.type, ...(f.target !== undefined ? { target: f.target } : {}) })) })),
    ...(scriptSchemas !== undefined && Object.keys(scriptSchemas).length > 0 ? { scriptSchemas } : {}),
  };
}

function propertyKey(name: string): string {
  return isPlainPropertyName(name) ? name : stringLiteral(name);
}

function valueType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'readonly unknown[]';
  if (typeof value === 'object') return 'Readonly<Record<string, unknown>>';
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return typeof value;
  return 'unknown';
}

/** The data of a socket's types.ts template (also rendered for the handler type check, openapi/script-schemas.ts). */
export function typesData(plan: SocketPlan): unknown {
  const { socket } = plan;
  const config = [
    ...socket.config.constants.map((c) => ({ property: propertyKey(c.name), type: valueType(c.value), description: `Constant \`${c.name}\` from socket.yml.` })),
    ...socket.config.prompts.map((p) => ({
      property: propertyKey(p.name),
      type: (promptTypes[p.type] ?? 'string') + (p.required ? '' : ' | undefined'),
      description: `${p.description ?? p.name} (prompted: set \`${p.name}\` in the environment or pass it in \`config\`).`,
    })),
  ].sort((a, b) => compareText(a.property, b.property));
  const classes = socket.classes.map((c, i) => ({
    raw: c.name,
    property: propertyKey(c.name),
    typeName: plan.classes[i]!.typeName,
    fields: c.fields.map((f) => ({ property: propertyKey(f.name), type: fieldTypes[f.type] })),
  }));
  return { socketName: socket.name, typeName: plan.typeName, config, classes };
}
