import type { CompiledEndpoint, RouteTable } from './route-table.js';

/** The platform's list envelope (`{objects, next, prev}`); everything fits one page here. */
function page(objects: unknown[]): { objects: unknown[]; next: null; prev: null } {
  return { objects, next: null, prev: null };
}

/** The endpoint's calls in the raw JSON form: one per script, `methods: ['*']` for a wildcard. */
function calls(endpoint: CompiledEndpoint): Array<{ type: 'script'; name: string; methods: string[] }> {
  const byScript = new Map<string, string[]>();
  for (const route of endpoint.definition.routes) {
    const methods = byScript.get(route.script) ?? [];
    methods.push(route.method);
    byScript.set(route.script, methods);
  }
  return [...byScript].map(([name, methods]) => ({ type: 'script', name, methods: methods.sort() }));
}

/** An entry of the endpoint lists: `<socket>/<endpoint>` as the platform's CLI printed it. */
function endpointSummary(endpoint: CompiledEndpoint): Record<string, unknown> {
  return {
    name: `${endpoint.socket}/${endpoint.definition.name}`,
    socket: endpoint.socket,
    endpoint: endpoint.definition.name,
    methods: endpoint.methods,
    path: endpoint.path,
    metadata: endpoint.definition.metadata ?? {},
  };
}

/** Endpoint details: name and calls with their methods. */
function endpointDetails(endpoint: CompiledEndpoint): Record<string, unknown> {
  return {
    name: endpoint.definition.name,
    socket: endpoint.socket,
    calls: calls(endpoint),
    methods: endpoint.methods,
    path: endpoint.path,
    ...(endpoint.cache ? { cache: endpoint.cache.seconds } : {}),
  };
}

/** The JSON bodies of the read-only routes, rendered once since sockets do not change at run time. */
export interface Listings {
  readonly allEndpoints: string;
  readonly sockets: string;
  readonly socketEndpoints: Map<string, string>;
  readonly socketDetails: Map<string, string>;
  /** socket → endpoint → details. */
  readonly endpointDetails: Map<string, Map<string, string>>;
}

/** Renders every listing of the route table. */
export function buildListings(table: RouteTable): Listings {
  const socketEndpoints = new Map<string, string>();
  const socketDetails = new Map<string, string>();
  const details = new Map<string, Map<string, string>>();
  const socketObjects: unknown[] = [];
  for (const [name, mounted] of table.sockets) {
    const endpoints = [...(table.endpoints.get(name)?.values() ?? [])];
    socketEndpoints.set(name, JSON.stringify(page(endpoints.map(endpointSummary))));
    const detail = {
      name,
      description: mounted.definition.description ?? '',
      metadata: mounted.definition.metadata,
      status: 'ok',
      status_info: '',
      endpoints: Object.fromEntries(endpoints.map((endpoint) => [endpoint.definition.name, { calls: calls(endpoint), path: endpoint.path }])),
    };
    socketObjects.push(detail);
    socketDetails.set(name, JSON.stringify(detail));
    details.set(name, new Map(endpoints.map((endpoint) => [endpoint.definition.name, JSON.stringify(endpointDetails(endpoint))])));
  }
  return {
    allEndpoints: JSON.stringify(page(table.all.map(endpointSummary))),
    sockets: JSON.stringify(page(socketObjects)),
    socketEndpoints,
    socketDetails,
    endpointDetails: details,
  };
}
