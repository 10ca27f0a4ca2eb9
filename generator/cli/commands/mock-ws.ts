/**
 * `sockgen mock` for plain WebSocket documents: mock.ts reads the document through the AsyncAPI
 * kind, as generation does; a document whose target is `ws` is served from that IR by
 * runtime/ws/mock-server.ts.
 */
import type { WsChannelIR, WsDispatchIR } from '../../ir/asyncapi-ws.js';
import type { AsyncApiDocumentIR } from '../../ir/asyncapi.js';
import { wsRuntimeScheme } from '../../targets/ws/ws-files.js';
import { stopSignal } from './stop-signal.js';

/** What the ws mock needs from the command line. */
export interface WsMockRun {
  readonly port: number;
  readonly host: string;
  readonly interval: number;
  readonly seed?: number;
  readonly log?: (line: string) => void;
}

/** Serves the ws mock of `doc` until SIGINT/SIGTERM; returns the exit code. */
export async function runWsMock(doc: AsyncApiDocumentIR, run: WsMockRun): Promise<number> {
  const { startWsMockServer } = await import('../../../runtime/ws/mock-server.js');
  const schemas = new Map(doc.schemas.map((s) => [s.name, s.schema]));
  const direction = (channel: WsChannelIR, side: 'toServer' | 'toClient', dispatch: WsDispatchIR) => ({
    ...(dispatch.discriminator !== undefined ? { discriminator: dispatch.discriminator, tags: Object.fromEntries(dispatch.tags.map((t) => [JSON.stringify(t.value), t.message])) } : {}),
    order: dispatch.order,
    messages: Object.fromEntries(
      channel.messages
        .filter((m) => m[side])
        .map((m) => [m.name, { ...(m.payload ? { schema: schemas.get(m.payload) } : {}), ...(m.binary ? { binary: true } : {}), ...(!m.binary && !/json/i.test(m.contentType) ? { plainText: true } : {}) }]),
    ),
  });
  const firstUrl = doc.ws?.servers[0]?.url;
  let basePath = '';
  try {
    basePath = firstUrl ? new URL(firstUrl).pathname.replace(/\/+$/, '') : '';
  } catch {
    basePath = '';
  }
  let mock;
  try {
    mock = await startWsMockServer({
      channels: (doc.ws?.channels ?? []).map((c) => ({
        address: c.address,
        toServer: direction(c, 'toServer', c.toServer),
        toClient: direction(c, 'toClient', c.toClient),
        requests: Object.fromEntries(
          c.requests.filter((r) => r.request.length > 0 && r.replies.length > 0).map((r) => [r.operation, { request: r.request[0]!, replies: r.replies, ...(r.correlation ? { correlation: r.correlation.split('/').slice(1) } : {}) }]),
        ),
        parameters: Object.fromEntries(c.parameters.filter((p) => p.schema).map((p) => [p.name, schemas.get(p.schema!)])),
        ...(c.query ? { query: schemas.get(c.query) } : {}),
        ...(c.headers ? { headers: schemas.get(c.headers) } : {}),
        security: c.security,
      })),
      // Security as the generated server checks it; the mock accepts any non-empty credential.
      securitySchemes: Object.fromEntries((doc.ws?.securitySchemes ?? []).map((s) => [s.name, wsRuntimeScheme(s)])),
      hookCredentials: Object.fromEntries(
        (doc.ws?.securitySchemes ?? []).map((s) => [s.name, s.type === 'userPassword' ? 'basic user and password' : s.in === 'user' ? 'basic user' : s.in === 'password' ? 'basic password' : 'none'] as const),
      ),
      definitions: Object.fromEntries(schemas),
      document: doc.document,
      ...(basePath ? { basePath } : {}),
      port: run.port,
      host: run.host,
      interval: run.interval,
      ...(run.seed === undefined ? {} : { seed: run.seed }),
      ...(run.log ? { log: run.log } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      process.stderr.write(`sockgen: cannot listen on ${run.host}:${run.port} (${code}); choose another --port or --host\n`);
      return 1;
    }
    throw error;
  }
  process.stdout.write(`sockgen mock (plain WebSocket) listening on ${mock.url} channels ${mock.addresses.join(' ') || '(none)'}\ndocs: ${mock.url.replace(/^ws/, 'http')}/docs\n`);
  await stopSignal();
  await mock.close();
  return 0;
}
