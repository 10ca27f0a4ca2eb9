/**
 * The OpenAPI 3.1 document of one Custom Socket (https://spec.openapis.org/oas/v3.1.0): every URL
 * the host answers for it (long and short endpoint forms, traces, listings), the methods each
 * endpoint takes, arguments (query and body) and results (typed from a TypeScript handler's `Args`
 * and return type when the definition carries them), the `{detail}` errors of the host
 * (docs/http-runtime.md) and the optional API key. The generator writes it as openapi.json and
 * the host serves the same document, so one function describes both.
 */
import type { SocketDefinition } from '../http/types.js';
import { classSchema } from './class-schema.js';

/** The URL segments the host serves under (`/<apiVersion>/instances/<instance>/`). */
export interface OpenApiOptions {
  readonly apiVersion?: string;
  readonly instance?: string;
}

type Json = Record<string, unknown>;

const allMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const bodyMethods = new Set(['POST', 'PUT', 'PATCH']);

const ref = (name: string): Json => ({ $ref: `#/components/responses/${name}` });
const schemaRef = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

/** Component names allow `[A-Za-z0-9._-]` only; anything else becomes `_`. */
function componentName(raw: string): string {
  return raw.replace(/[^A-Za-z0-9._-]/g, '_');
}

const errorResponses: Record<string, Json> = {
  BadRequest: { description: 'Bad JSON, a JSON body that is not an object, bad percent-encoding in the path, or a data-class `ValidationError` (with `errors`).', content: { 'application/json': { schema: schemaRef('ValidationError') } } },
  Unauthorized: { description: 'The server requires an API key (SOCKGEN_API_KEY) and none or a wrong one was given.', content: { 'application/json': { schema: schemaRef('Error') } } },
  NotFound: { description: 'No such socket, endpoint or route.', content: { 'application/json': { schema: schemaRef('Error') } } },
  MethodNotAllowed: {
    description: 'The endpoint does not take this method; `Allow` lists those it takes.',
    headers: { Allow: { description: 'The methods the URL takes.', schema: { type: 'string' } } },
    content: { 'application/json': { schema: schemaRef('Error') } },
  },
  PayloadTooLarge: { description: 'The body is larger than the host accepts (1 MiB by default).', content: { 'application/json': { schema: schemaRef('Error') } } },
  UnsupportedMediaType: { description: 'A body type other than JSON, text/plain JSON or form-urlencoded (multipart is refused).', content: { 'application/json': { schema: schemaRef('Error') } } },
  ScriptFailed: {
    description: 'The script or handler failed (its stack is logged by the server, keyed by the request id).',
    headers: { 'X-Request-Id': { description: 'Id of the failure in the server log.', schema: { type: 'string' } } },
    content: { 'application/json': { schema: schemaRef('ScriptError') } },
  },
  Timeout: { description: 'The script ran past its time limit (30 s by default) and was stopped.', content: { 'application/json': { schema: schemaRef('Error') } } },
};

const errorStatuses: Record<string, string> = { '400': 'BadRequest', '401': 'Unauthorized', '404': 'NotFound', '405': 'MethodNotAllowed', '413': 'PayloadTooLarge', '415': 'UnsupportedMediaType', '500': 'ScriptFailed', '504': 'Timeout' };

const readOnlyErrors = { '401': ref('Unauthorized'), '404': ref('NotFound'), '405': ref('MethodNotAllowed') };

const genericQuery: Json = { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } };

function listOf(item: Json): Json {
  return { type: 'object', required: ['objects', 'next', 'prev'], properties: { objects: { type: 'array', items: item }, next: { type: 'null' }, prev: { type: 'null' } } };
}

type ScriptSchemas = NonNullable<SocketDefinition['scriptSchemas']>[string];

function runOperation(socket: string, endpoint: SocketDefinition['endpoints'][number], method: string, script: string, short: boolean, types: ScriptSchemas = {}): Json {
  const cache = (endpoint as { cacheSeconds?: number }).cacheSeconds;
  const ok: Json = {
    description: "The handler's result: JSON (a string result is a JSON string), or the script's stdout (JSON when it parses, else text).",
    content: { 'application/json': { schema: types.result ?? {} }, 'text/plain': { schema: { type: 'string' } } },
  };
  // Typed arguments (the handler's `Args`) describe the body of a body method, the query otherwise.
  const queryArgs = !bodyMethods.has(method) && types.args ? types.args : genericQuery;
  const bodyArgs = types.args ?? { type: 'object' };
  if (cache !== undefined && method === 'GET')
    ok.headers = {
      'Cache-Control': { description: `max-age=${cache}: answers are cached by URL for ${cache} s.`, schema: { type: 'string' } },
      'X-Cache': { description: 'HIT when the answer came from the cache.', schema: { type: 'string', enum: ['HIT', 'MISS'] } },
    };
  const operation: Json = {
    operationId: `${socket}.${endpoint.name}.${method.toLowerCase()}${short ? '.short' : ''}`,
    summary: `${method} ${endpoint.name}${short ? ' (short form)' : ''}`,
    description: `Runs script \`${script}\` of socket \`${socket}\`. Arguments are the query parameters merged with the body (body keys win).`,
    tags: [socket],
    parameters: [{ name: 'args', in: 'query', description: 'Arguments of the script (a repeated key becomes a list).', style: 'form', explode: true, schema: queryArgs }],
    responses: { '200': ok, '204': { description: 'The handler returned nothing (or the script printed nothing).' }, ...Object.fromEntries(Object.entries(errorStatuses).map(([status, name]) => [status, ref(name)])) },
  };
  if (bodyMethods.has(method))
    operation.requestBody = {
      required: false,
      description: 'A JSON object (also sent as text/plain) or a form; its keys are merged over the query arguments.',
      content: { 'application/json': { schema: bodyArgs }, 'text/plain': { schema: { type: 'string' } }, 'application/x-www-form-urlencoded': { schema: bodyArgs } },
    };
  return operation;
}

/** The methods of an endpoint with the script each runs (a `*` route fills the others). */
function methodsOf(endpoint: SocketDefinition['endpoints'][number]): [string, string][] {
  const explicit = new Map(endpoint.routes.filter((r) => r.method !== '*').map((r) => [r.method as string, r.script]));
  const wildcard = endpoint.routes.find((r) => r.method === '*')?.script;
  return allMethods.flatMap((m): [string, string][] => {
    const script = explicit.get(m) ?? wildcard;
    return script === undefined ? [] : [[m, script]];
  });
}

/** How many sockets use each endpoint name, and the sockets' names. */
interface Names {
  readonly nameCount: ReadonlyMap<string, number>;
  readonly socketNames: ReadonlySet<string>;
}

function namesOf(all: readonly SocketDefinition[]): Names {
  const nameCount = new Map<string, number>();
  for (const s of all) for (const e of s.endpoints) nameCount.set(e.name, (nameCount.get(e.name) ?? 0) + 1);
  return { nameCount, socketNames: new Set(all.map((s) => s.name)) };
}

/**
 * The document of every socket in `all`, in its order. The names are counted once for the list:
 * counting them again for each socket made 50 sockets of 10 endpoints cost 1.25 million map
 * updates.
 */
export function socketOpenApiDocuments(all: readonly SocketDefinition[], options: OpenApiOptions = {}): Json[] {
  const names = namesOf(all);
  return all.map((socket) => documentOf(socket, names, options));
}

/**
 * The OpenAPI 3.1 document of `socket`; `all` is every socket the host serves (a short endpoint
 * URL exists only for an endpoint name no other socket uses and no socket is named).
 */
export function socketOpenApiDocument(socket: SocketDefinition, all: readonly SocketDefinition[], options: OpenApiOptions = {}): Json {
  return documentOf(socket, namesOf(all), options);
}

function documentOf(socket: SocketDefinition, { nameCount, socketNames }: Names, options: OpenApiOptions): Json {
  const apiVersion = options.apiVersion ?? 'v1.1';
  const instance = options.instance ?? 'default';
  const s = encodeURIComponent(socket.name);
  const paths: Record<string, Json> = {};
  const readOnly = (summary: string, operationId: string, schema: Json): Json => ({
    get: { operationId, summary, tags: [socket.name], responses: { '200': { description: summary, content: { 'application/json': { schema } } }, ...readOnlyErrors } },
  });

  paths[`/endpoints/sockets/${s}/`] = readOnly(`The endpoints of ${socket.name}`, `${socket.name}.endpoints`, listOf(schemaRef('EndpointSummary')));
  paths[`/sockets/${s}/`] = readOnly(`Details of ${socket.name}`, `${socket.name}.details`, schemaRef('SocketDetails'));
  for (const endpoint of socket.endpoints) {
    const e = encodeURIComponent(endpoint.name);
    const methods = methodsOf(endpoint);
    const item = (short: boolean): Json => Object.fromEntries(methods.map(([m, script]) => [m.toLowerCase(), runOperation(socket.name, endpoint, m, script, short, socket.scriptSchemas?.[script])]));
    paths[`/endpoints/sockets/${s}/${e}/`] = item(false);
    if (nameCount.get(endpoint.name) === 1 && !socketNames.has(endpoint.name)) paths[`/endpoints/sockets/${e}/`] = item(true);
    paths[`/endpoints/sockets/${s}/${e}/traces/`] = readOnly(`The last 50 runs of ${endpoint.name}, newest first`, `${socket.name}.${endpoint.name}.traces`, listOf(schemaRef('Trace')));
    paths[`/sockets/${s}/endpoints/${e}/`] = readOnly(`Details of endpoint ${endpoint.name}`, `${socket.name}.${endpoint.name}.details`, schemaRef('EndpointDetails'));
  }

  const schemas: Record<string, Json> = {
    Error: { type: 'object', required: ['detail'], properties: { detail: { type: 'string' } } },
    ValidationError: { allOf: [schemaRef('Error'), { type: 'object', properties: { errors: { type: 'array', items: {} } } }] },
    ScriptError: { allOf: [schemaRef('Error'), { type: 'object', properties: { request_id: { type: 'string' } } }] },
    Trace: {
      type: 'object',
      required: ['id', 'status', 'status_code', 'duration', 'executed_at', 'method'],
      properties: { id: { type: 'integer' }, status: { type: 'string', enum: ['success', 'failure', 'timeout'] }, status_code: { type: 'integer' }, duration: { type: 'number', description: 'milliseconds' }, executed_at: { type: 'string', format: 'date-time' }, method: { type: 'string' } },
    },
    EndpointSummary: { type: 'object', required: ['name', 'socket', 'endpoint', 'methods', 'path'], properties: { name: { type: 'string' }, socket: { type: 'string' }, endpoint: { type: 'string' }, methods: { type: 'array', items: { type: 'string' } }, path: { type: 'string' }, metadata: { type: 'object' } } },
    EndpointDetails: { type: 'object', required: ['name', 'socket', 'calls', 'methods', 'path'], properties: { name: { type: 'string' }, socket: { type: 'string' }, calls: { type: 'array', items: { type: 'object' } }, methods: { type: 'array', items: { type: 'string' } }, path: { type: 'string' }, cache: { type: 'integer' } } },
    SocketDetails: { type: 'object', required: ['name', 'status', 'endpoints'], properties: { name: { type: 'string' }, description: { type: 'string' }, metadata: { type: 'object' }, status: { type: 'string' }, status_info: { type: 'string' }, endpoints: { type: 'object' } } },
  };
  for (const dataClass of socket.classes) {
    const name = `DataClass.${componentName(dataClass.name)}`;
    if (schemas[name] !== undefined) continue; // two raw names that sanitise alike: the first is shown
    schemas[name] = { description: `A \`${dataClass.name}\` record of the socket's store (dependencies.classes), as handlers read and write it.`, allOf: [{ type: 'object', properties: { id: { type: 'integer' } } }, classSchema(dataClass)] };
  }

  const version = socket.metadata.version;
  return {
    openapi: '3.1.0',
    info: {
      title: socket.name,
      version: typeof version === 'string' || typeof version === 'number' ? String(version) : '0',
      ...(socket.description !== undefined ? { description: socket.description } : {}),
    },
    servers: [{ url: '/{api}/instances/{instance}', description: 'the sockgen host (path segments from SOCKGEN_API_VERSION and SOCKGEN_INSTANCE)', variables: { api: { default: apiVersion }, instance: { default: instance } } }],
    // `{}`: the key is needed only when the server was started with SOCKGEN_API_KEY.
    security: [{ apiKeyHeader: [] }, { apiKeyQuery: [] }, {}],
    tags: [{ name: socket.name, ...(socket.description !== undefined ? { description: socket.description } : {}) }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      responses: errorResponses,
      securitySchemes: {
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-KEY', description: 'The value of SOCKGEN_API_KEY, when the server sets one.' },
        apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key', description: 'The same key as a query parameter (removed from the arguments).' },
      },
    },
  };
}
