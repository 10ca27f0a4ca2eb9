/**
 * AsyncAPI / Socket.IO benchmarks (`node bin/run-ts.mjs bench/socketio.ts`, under ~60 s):
 *  (a) events/s through the generated, validating chat server (specs/asyncapi/chat.yml) vs a plain
 *      Socket.IO echo server with no validation: same run, same clients, each server in its own
 *      child process;
 *  (b) validator ops/s: the generated standalone validator vs ajv compiled at run time, same schema;
 *  (c) generation time of a 200-channel AsyncAPI document: sockgen's pipeline (server, client,
 *      validators, types) vs @asyncapi/modelina's TypeScript models for the same document.
 * What each figure means and how it is taken: docs/asyncapi-runtime.md#benchmarks.
 * `--serve plain|generated` is the child-process mode of (a).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { createSpecFile } from '../generator/core/spec-file.js';
import { buildProject } from '../generator/pipeline.js';
import { measureAckedEmits } from './_acked-emits.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const eventSeconds = Number(process.env.BENCH_EVENT_SECONDS ?? 1.5);
/** Alternating plain/generated window pairs; ratios are the median over the pairs. */
const eventRounds = 5;
const clientsCount = 8;
/** Emits each client keeps in flight (pipelining, as a busy front end would). */
const window = 16;

interface Row {
  readonly measure: string;
  readonly ours: string;
  readonly peer: string;
  readonly ratio: string;
  readonly aim: string;
}

/** (a) and (b) use the 3.0 chat document's `/room` `say` event: payload and `x-ack` validated. */
const sayPayload = { text: 'Hello everyone, the engines are running.', mood: 'happy' } as const;
const sayAck = { id: '0b6d2c1e-3f4a-4b5c-8d9e-0f1a2b3c4d5e', at: '2026-01-01T00:00:00Z' };
const roomHeaders = { 'x-client-version': '1.0' };

async function main(): Promise<void> {
  const rows: Row[] = [];
  const started = performance.now();
  // `bench/socketio.ts validators generation events` runs only the parts named.
  const only = process.argv.slice(2);
  const wanted = (part: string) => only.length === 0 || only.includes(part);
  if (wanted('validators')) rows.push(...(await benchValidators()));
  if (wanted('generation')) rows.push(...(await benchGeneration()));
  if (wanted('events')) rows.push(...(await benchEvents()));
  printTable(rows);
  console.log(
    `\n(${((performance.now() - started) / 1000).toFixed(1)} s; events: ${clientsCount} clients × ${window} in flight, ${eventRounds} alternating pairs of ${eventSeconds} s windows, median of pair ratios)`,
  );
}

// ---------------------------------------------------------------- (b) validators

async function benchValidators(): Promise<Row[]> {
  const validators = await import('../generated/asyncapi/chat/validators.js');
  const document = (await import('../generated/asyncapi/chat/asyncapi.json', { with: { type: 'json' } })).default as {
    components: { messages: Record<string, { payload: object }>; schemas: Record<string, object> };
  };
  const line = {
    id: sayAck.id,
    text: 'hi',
    at: sayAck.at,
    author: { name: 'ada', role: 'member', email: 'ada@example.com' },
    replyTo: { id: sayAck.id, text: 'yo', at: sayAck.at, author: { name: 'bob', role: 'moderator' } },
  };
  const cases = [
    { name: 'say payload', generated: validators.validateSayPayload, schema: document.components.messages.Say!.payload, valid: sayPayload, invalid: { text: '', mood: 'sad' } },
    { name: 'Line (nested $ref, formats, recursive)', generated: validators.validateLine, schema: { $ref: 'doc#/components/schemas/Line' }, valid: line, invalid: { ...line, at: 'yesterday' } },
  ];
  const rows: Row[] = [];
  for (const c of cases) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormatsModule.default(ajv);
    // The whole document under the id `doc`: Line's `$ref: '#/components/schemas/Line'` resolves in it.
    ajv.addSchema(document as object, 'doc');
    const runtime = ajv.compile(c.schema);
    const generated = c.generated as (data: unknown) => boolean;
    if (!generated(c.valid) || !runtime(c.valid) || generated(c.invalid) || runtime(c.invalid)) throw new Error(`validators disagree on ${c.name}`);
    const opsOurs = medianOf(3, () => opsPerSecond(() => generated(c.valid) && !generated(c.invalid)));
    const opsPeer = medianOf(3, () => opsPerSecond(() => runtime(c.valid) && !runtime(c.invalid)));
    rows.push({ measure: `validate ops/s, ${c.name}`, ours: fmt(opsOurs), peer: `${fmt(opsPeer)} (ajv.compile at run time)`, ratio: ratio(opsOurs, opsPeer), aim: '≈ 1×' });
  }
  // What a server that compiles at start pays per schema (a fresh Ajv each time: no cache).
  const compileMs = median(
    Array.from({ length: 15 }, () => {
      const fresh = new Ajv({ strict: false, allErrors: true });
      addFormatsModule.default(fresh);
      const started = performance.now();
      fresh.compile(cases[0]!.schema);
      return performance.now() - started;
    }),
  );
  rows.push({ measure: 'start-up compile cost, say payload (ms)', ours: '0 (compiled at generation)', peer: `${compileMs.toFixed(2)} (ajv.compile)`, ratio: '—', aim: '' });
  return rows;
}

function opsPerSecond(work: () => boolean): number {
  // Warm up so the JIT has settled before the timed loop.
  for (let i = 0; i < 20_000; i++) if (!work()) throw new Error('validator disagreed');
  let count = 0;
  const started = performance.now();
  const until = started + 400;
  let now = started;
  while (now < until) {
    for (let i = 0; i < 2_000; i++) work();
    count += 2_000;
    now = performance.now();
  }
  // Each call of `work` validates twice (a valid and an invalid payload).
  return (count * 2 * 1000) / (now - started);
}

// ---------------------------------------------------------------- (c) generation

/** A 2.x document with `channels` namespaces, each with client and server events, refs, x-ack. */
export function bigDocument(channels: number): string {
  const doc: Record<string, unknown> = {
    asyncapi: '2.6.0',
    info: { title: 'Bench Service', version: '1.0.0' },
    servers: { main: { url: 'localhost:4000/socket.io', protocol: 'ws' } },
    channels: {} as Record<string, unknown>,
    components: {
      schemas: {
        Address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } }, required: ['city'] },
      },
      messages: {} as Record<string, unknown>,
    },
  };
  const channelsOut = doc.channels as Record<string, unknown>;
  const messages = (doc.components as { messages: Record<string, unknown> }).messages;
  for (let i = 0; i < channels; i++) {
    const id = `item${i}`;
    messages[`Create${i}`] = {
      name: `create ${id}`,
      payload: {
        type: 'object',
        properties: {
          title: { type: 'string', minLength: 1 },
          email: { type: 'string', format: 'email' },
          count: { type: 'integer', minimum: 0 },
          kind: { type: 'string', enum: ['a', 'b', 'c'] },
          address: { $ref: '#/components/schemas/Address' },
          tags: { type: 'array', items: { type: 'string' } },
        },
        required: ['title', 'email'],
        additionalProperties: false,
      },
      'x-handler': `bench.handlers.group${i % 10}.create_item${i}`,
      'x-ack': { args: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, ok: { type: 'boolean' } }, required: ['id', 'ok'] } },
    };
    messages[`Created${i}`] = {
      name: `${id} created`,
      payload: {
        type: 'object',
        properties: { id: { type: 'string', format: 'uuid' }, at: { type: 'string', format: 'date-time' }, by: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
        required: ['id', 'at'],
      },
    };
    channelsOut[`/ns${i}`] = {
      publish: { message: { $ref: `#/components/messages/Create${i}` } },
      subscribe: { message: { $ref: `#/components/messages/Created${i}` } },
    };
  }
  return toYaml(doc);
}

async function benchGeneration(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sockgen-bench-'));
  const specPath = 'specs/bench/asyncapi.yml';
  const modelinaModule = await import('@asyncapi/modelina');
  const { TypeScriptGenerator } = ((modelinaModule as unknown as { default?: typeof modelinaModule }).default ?? modelinaModule) as typeof modelinaModule;
  try {
    mkdirSync(join(dir, 'specs/bench'), { recursive: true });
    const context = { root: dir, strict: false, exists: (p: string) => existsSync(join(dir, p)), readText: (p: string) => readFileSync(join(dir, p), 'utf8') };
    /** sockgen's whole pipeline in memory: parse, IR, types, validators, server, client, stubs, prettier. */
    const sockgen = async (text: string) => {
      writeFileSync(join(dir, specPath), text);
      const started = performance.now();
      const result = await buildProject([createSpecFile(specPath, join(dir, specPath), text)], context, { outDir: 'generated', handlersDir: 'handlers', explicitFiles: true });
      const ms = performance.now() - started;
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) throw new Error(`sockgen could not build the bench document: ${errors[0]!.message}`);
      return { ms, files: result.files.length };
    };
    /** Modelina from the same document (its own @asyncapi/parser run included, as ours is). */
    const modelina = async (text: string) => {
      const started = performance.now();
      const models = await new TypeScriptGenerator({ modelType: 'interface' }).generate(parseYaml(text) as Record<string, unknown>);
      return { ms: performance.now() - started, files: models.length };
    };
    // Warm-up on a small document (module loading, JIT), then alternating timed runs on the big
    // one; a second pair only when the first left room in the bench's ~60 s budget.
    const small = bigDocument(10);
    await sockgen(small);
    await modelina(small);
    const text = bigDocument(200);
    const ours: number[] = [];
    const peer: number[] = [];
    let files = 0;
    const budget = performance.now() + 10_000;
    for (let i = 0; i < 2 && (i === 0 || performance.now() < budget); i++) {
      const run = await sockgen(text);
      files = run.files;
      ours.push(run.ms);
      peer.push((await modelina(text)).ms);
    }
    const oursMs = median(ours);
    const peerMs = median(peer);
    return [
      {
        measure: `generate 200-channel AsyncAPI (${files} files; ${ours.length} run${ours.length === 1 ? '' : 's'})`,
        ours: `${oursMs.toFixed(0)} ms`,
        peer: `${peerMs.toFixed(0)} ms (modelina TS models)`,
        ratio: ratio(oursMs, peerMs),
        aim: '≤ 1.0×',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- (a) events/s

type ServerKind = 'plain' | 'generated' | 'zod-sockets';

/** Child-process mode: start one kind of server, print its port, serve until killed. */
async function serve(kind: ServerKind): Promise<void> {
  // The parent asks for CPU time around each measurement: server cost per event.
  process.on('message', (message) => {
    if (message === 'cpu') process.send!({ cpu: process.cpuUsage() });
  });
  if (kind === 'plain') {
    const { Server } = await import('socket.io');
    const http = createServer();
    const io = new Server(http, { serveClient: false });
    io.of('/room').on('connection', (socket) => {
      socket.on('say', (_payload: unknown, ack: (result: unknown) => void) => ack(sayAck));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    process.send!({ port: (http.address() as AddressInfo).port, path: '/socket.io' });
    return;
  }
  if (kind === 'zod-sockets') {
    process.send!(await startZodSocketsServer());
    return;
  }
  const generated = await startGeneratedServer();
  process.send!(generated);
}

/**
 * The peer that validates too: zod-sockets (a Socket.IO framework that checks events with zod),
 * with the `say` payload and ack written as zod schemas equal to the chat document's.
 */
async function startZodSocketsServer(): Promise<{ port: number; path: string }> {
  const [{ Server }, { z }, { ActionsFactory, Config, attachSockets }] = await Promise.all([import('socket.io'), import('zod'), import('zod-sockets')]);
  const config = new Config({ startupLogo: false }).addNamespace({ path: 'room', emission: {} });
  const factory = new ActionsFactory(config);
  const say = factory.build({
    ns: 'room',
    event: 'say',
    input: z.tuple([z.object({ text: z.string().min(1).max(500), mood: z.enum(['happy', 'neutral', 'grumpy']).optional() }).strict()]),
    output: z.tuple([z.object({ id: z.string().uuid(), at: z.string().datetime() })]),
    handler: async () => [sayAck] as const,
  });
  const http = createServer();
  const quiet = { info() {}, debug() {}, warn() {}, error() {} };
  await attachSockets({ io: new Server({ serveClient: false }), config, actions: [say], target: http, logger: quiet });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { port: (http.address() as AddressInfo).port, path: '/socket.io' };
}

/** The generated chat server (validation both ways, the default), handlers doing what the plain one does. */
async function startGeneratedServer(): Promise<{ port: number; path: string }> {
  const { createServer, socketIoPath } = await import('../generated/asyncapi/chat/server.js');
  const server = await createServer({
    handlers: {
      '/lobby': { events: { ping: () => 1 } },
      '/room': { events: { join: () => ({ members: [] }), say: () => sayAck } },
    },
    security: { botKey: () => ({ bot: true }), memberToken: () => ({ member: 'bench' }) },
    socketOptions: { serveClient: false },
  });
  return { port: await server.listen(0, '127.0.0.1'), path: socketIoPath };
}

/** CPU microseconds (user + system) the child has used so far. */
function childCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      const cpu = (message as { cpu?: NodeJS.CpuUsage }).cpu;
      if (!cpu) return;
      child.off('message', onMessage);
      resolve(cpu.user + cpu.system);
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}

async function startChild(kind: ServerKind): Promise<{ child: ChildProcess; port: number; path: string }> {
  const child = fork(join(root, 'bin/run-ts.mjs'), [fileURLToPath(import.meta.url), '--serve', kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const message = await new Promise<{ port: number; path: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as never));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { child, ...message };
}

interface EventFigures {
  readonly rate: number;
  /** Server CPU microseconds per event. */
  readonly cpuPerEvent: number;
}

type RunningServer = { child: ChildProcess; port: number; path: string };

/** `clientsCount` connected sockets of `/room`, with the same handshake for both servers. */
async function connectClients(server: RunningServer): Promise<ClientSocket[]> {
  const sockets: ClientSocket[] = [];
  // The generated server checks the header binding and the bearer token once per connection.
  for (let i = 0; i < clientsCount; i++)
    sockets.push(
      connect(`http://127.0.0.1:${server.port}/room`, {
        path: server.path,
        transports: ['websocket'],
        forceNew: true,
        extraHeaders: roomHeaders,
        auth: { authorization: 'Bearer bench' },
      }),
    );
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve, reject) => {
          s.once('connect', () => resolve());
          s.once('connect_error', reject);
        }),
    ),
  );
  return sockets;
}

/** One window: every socket keeps `window` acked `say` emits in flight; acks counted after a warm-up. */
async function measureEvents(server: RunningServer, sockets: readonly ClientSocket[], seconds: number): Promise<EventFigures> {
  let cpuBefore = 0;
  let cpu = 0;
  const around = {
    start: async () => void (cpuBefore = await childCpu(server.child)),
    stop: async () => void (cpu = (await childCpu(server.child)) - cpuBefore),
  };
  const { counted, elapsed } = await measureAckedEmits(sockets, { event: 'say', payload: sayPayload, window, seconds, around });
  return { rate: counted / elapsed, cpuPerEvent: cpu / counted };
}

async function benchEvents(): Promise<Row[]> {
  const [plain, generated, zod] = await Promise.all([startChild('plain'), startChild('generated'), startChild('zod-sockets')]);
  const clients = new Map<RunningServer, ClientSocket[]>([
    [plain, await connectClients(plain)],
    [generated, await connectClients(generated)],
    [zod, await connectClients(zod)],
  ]);
  try {
    // Short alternating windows, compared in pairs: load from other processes on the machine
    // drifts slowly, so neighbouring windows see about the same machine.
    const rateRatios: number[] = [];
    const cpuRatios: number[] = [];
    const ours: EventFigures[] = [];
    const peer: EventFigures[] = [];
    const zodFigures: EventFigures[] = [];
    const zodRatios: number[] = [];
    for (let round = 0; round < eventRounds; round++) {
      const first = round % 2 === 0 ? plain : generated;
      const second = first === plain ? generated : plain;
      const a = await measureEvents(first, clients.get(first)!, eventSeconds);
      const b = await measureEvents(second, clients.get(second)!, eventSeconds);
      const [p, g] = first === plain ? [a, b] : [b, a];
      peer.push(p);
      ours.push(g);
      rateRatios.push(g.rate / p.rate);
      cpuRatios.push(g.cpuPerEvent / p.cpuPerEvent);
      // The validating peer, right after, against the generated server's window of this round.
      const zRound = await measureEvents(zod, clients.get(zod)!, eventSeconds);
      zodFigures.push(zRound);
      zodRatios.push(g.rate / zRound.rate);
    }
    return [
      {
        measure: 'events/s, acked `say` (generated chat server: payload + ack validated)',
        ours: fmt(median(ours.map((f) => f.rate))),
        peer: `${fmt(median(peer.map((f) => f.rate)))} (plain echo, no validation)`,
        ratio: `${median(rateRatios).toFixed(2)}×`,
        aim: '≥ 0.85×',
      },
      {
        measure: 'events/s, acked `say`, both validating payload and ack',
        ours: fmt(median(ours.map((f) => f.rate))),
        peer: `${fmt(median(zodFigures.map((f) => f.rate)))} (zod-sockets)`,
        ratio: `${median(zodRatios).toFixed(2)}×`,
        aim: 'report',
      },
      {
        measure: 'server CPU per event (µs)',
        ours: median(ours.map((f) => f.cpuPerEvent)).toFixed(1),
        peer: `${median(peer.map((f) => f.cpuPerEvent)).toFixed(1)} (plain echo)`,
        ratio: `${median(cpuRatios).toFixed(2)}×`,
        aim: 'lower is better',
      },
    ];
  } finally {
    for (const sockets of clients.values()) sockets.forEach((s) => s.close());
    plain.child.kill('SIGTERM');
    generated.child.kill('SIGTERM');
    zod.child.kill('SIGTERM');
  }
}

// ---------------------------------------------------------------- helpers

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function medianOf(runs: number, measure: () => number): number {
  return median(Array.from({ length: runs }, measure));
}

function fmt(value: number): string {
  return value >= 1e6 ? `${(value / 1e6).toFixed(2)} M` : value >= 1e3 ? `${(value / 1e3).toFixed(1)} k` : value.toFixed(0);
}

function ratio(ours: number, peer: number): string {
  return `${(ours / peer).toFixed(2)}×`;
}

function printTable(rows: readonly Row[]): void {
  const header: Row = { measure: 'measure', ours: 'sockgen', peer: 'peer', ratio: 'ratio', aim: 'aim' };
  const keys = ['measure', 'ours', 'peer', 'ratio', 'aim'] as const;
  const widths = keys.map((key) => Math.max(...[header, ...rows].map((row) => row[key].length)));
  const line = (row: Row) => keys.map((key, i) => row[key].padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(['', 'AsyncAPI / Socket.IO', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n'));
}

// Last, so every module-level declaration above is initialised before it runs.
if (process.argv[2] === '--serve') await serve((['generated', 'zod-sockets'] as const).find((kind) => kind === process.argv[3]) ?? 'plain');
else await main();
