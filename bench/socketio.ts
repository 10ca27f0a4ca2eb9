/**
 * AsyncAPI / Socket.IO benchmarks (`node bin/run-ts.mjs bench/socketio.ts`, under ~60 s):
 *  (a) events/s through the generated, validating server vs a plain Socket.IO echo server with no
 *      validation: same run, same clients, each server in its own child process;
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
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { createSpecFile } from '../generator/core/spec-file.js';
import { buildProject } from '../generator/pipeline.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const eventSeconds = Number(process.env.BENCH_EVENT_SECONDS ?? 4);
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

/** The payload (a) and (b) use: the User Account Service's `sign up` message. */
const signUpSchema = {
  type: 'object',
  properties: {
    full_name: { type: 'string', minLength: 1, maxLength: 200 },
    email: { type: 'string', format: 'email' },
    age: { type: 'integer', minimum: 18 },
    role: { type: 'string', enum: ['admin', 'member', 'guest'] },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 10 },
  },
  required: ['full_name', 'email', 'age'],
  additionalProperties: false,
};
const signUpPayload = { full_name: 'Ada Lovelace', email: 'ada@example.com', age: 36, role: 'member', tags: ['math', 'engines'] };

async function main(): Promise<void> {
  const rows: Row[] = [];
  const started = performance.now();
  rows.push(...(await benchValidators()));
  rows.push(...(await benchGeneration()));
  rows.push(...(await benchEvents()));
  printTable(rows);
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s; ${clientsCount} clients × ${window} in flight for events; medians of runs)`);
}

// ---------------------------------------------------------------- (b) validators

async function benchValidators(): Promise<Row[]> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormatsModule.default(ajv);
  const generated = await loadGeneratedValidator();
  const runtime = ajv.compile(signUpSchema);
  // What a server that compiles at start pays per schema (a fresh Ajv each time: no cache).
  const compileMs = median(
    Array.from({ length: 15 }, () => {
      const fresh = new Ajv({ strict: false, allErrors: true });
      addFormatsModule.default(fresh);
      const started = performance.now();
      fresh.compile(signUpSchema);
      return performance.now() - started;
    }),
  );
  if (!generated.validate(signUpPayload) || !runtime(signUpPayload)) throw new Error('bench payload must be valid for both validators');
  const invalid = { ...signUpPayload, email: 'nope', age: 3 };
  const opsOurs = medianOf(3, () => opsPerSecond(() => generated.validate(signUpPayload) && !generated.validate(invalid)));
  const opsPeer = medianOf(3, () => opsPerSecond(() => runtime(signUpPayload) && !runtime(invalid)));
  return [
    {
      measure: `validate ops/s (valid+invalid pair) — ${generated.source}`,
      ours: fmt(opsOurs),
      peer: `${fmt(opsPeer)} (ajv.compile at run time)`,
      ratio: ratio(opsOurs, opsPeer),
      aim: '≈ 1×',
    },
    { measure: 'start-up compile cost per schema (ms)', ours: '0 (compiled at generation)', peer: `${compileMs.toFixed(2)} (ajv.compile)`, ratio: '—', aim: '' },
  ];
}

/**
 * The generated validator of `sign up` from the committed User Account Service output when it
 * is there; else this schema compiled to standalone code the way the validators target does.
 */
async function loadGeneratedValidator(): Promise<{ validate: (data: unknown) => boolean; source: string }> {
  const found = findGeneratedValidator();
  if (found) return found;
  const standaloneCode = standaloneModule.default;
  const ajv = new Ajv({ strict: false, allErrors: true, code: { source: true } });
  addFormatsModule.default(ajv);
  ajv.addSchema(signUpSchema, 'signUp');
  const code = standaloneCode(ajv, { signUp: 'signUp' });
  const dir = mkdtempSync(join(root, 'bench', '.tmp-socketio-'));
  try {
    // CommonJS: the standalone code `require`s ajv's small runtime helpers.
    const file = join(dir, 'validator.cjs');
    writeFileSync(file, code);
    const module = (await import(pathToFileURL(file).href)) as { default: { signUp: (data: unknown) => boolean } };
    return { validate: module.default.signUp, source: 'ajv standalone code (bench-compiled)' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let generatedValidator: { validate: (data: unknown) => boolean; source: string } | undefined;
function findGeneratedValidator(): typeof generatedValidator {
  return generatedValidator;
}

function opsPerSecond(work: () => boolean): number {
  // Warm up so the JIT has settled before the timed loop.
  for (let i = 0; i < 20_000; i++) if (!work()) throw new Error('validator disagreed');
  let count = 0;
  const until = performance.now() + 400;
  while (performance.now() < until) {
    for (let i = 0; i < 2_000; i++) work();
    count += 2_000;
  }
  return (count * 2) / 0.4;
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
      'x-handler': `bench.handlers.ns${i}.create`,
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
  const text = bigDocument(200);
  const dir = mkdtempSync(join(tmpdir(), 'sockgen-bench-'));
  const specPath = 'specs/bench/asyncapi.yml';
  try {
    mkdirSync(join(dir, 'specs/bench'), { recursive: true });
    writeFileSync(join(dir, specPath), text);
    const sockgen = async () => {
      const started = performance.now();
      const spec = createSpecFile(specPath, join(dir, specPath), text);
      const result = await buildProject(
        [spec],
        { root: dir, strict: false, exists: (p) => existsSync(join(dir, p)), readText: (p) => readFileSync(join(dir, p), 'utf8') },
        { outDir: 'generated', handlersDir: 'handlers', explicitFiles: true },
      );
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) throw new Error(`sockgen could not build the bench document: ${errors[0]!.message}`);
      return { ms: performance.now() - started, files: result.files.length };
    };
    const modelinaModule = await import('@asyncapi/modelina');
    const { TypeScriptGenerator } = ((modelinaModule as unknown as { default?: typeof modelinaModule }).default ?? modelinaModule) as typeof modelinaModule;
    const parsedForModelina = parseYaml(text) as Record<string, unknown>;
    const modelina = async () => {
      const started = performance.now();
      const models = await new TypeScriptGenerator({ modelType: 'interface' }).generate(structuredClone(parsedForModelina));
      return { ms: performance.now() - started, files: models.length };
    };
    // Warm-up of both (module loading, JIT), then alternate timed runs.
    const first = await sockgen();
    await modelina();
    const ours: number[] = [];
    const peer: number[] = [];
    for (let i = 0; i < 2; i++) {
      ours.push((await sockgen()).ms);
      peer.push((await modelina()).ms);
    }
    const oursMs = median(ours);
    const peerMs = median(peer);
    const outputs = first.files <= 1 ? 'AsyncAPI kind not there yet: nothing generated' : `${first.files} files`;
    return [
      {
        measure: `generate 200-channel AsyncAPI (${outputs})`,
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

type ServerKind = 'plain' | 'generated';

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
    io.of('/user').on('connection', (socket) => {
      socket.on('sign up', (payload: unknown, ack: (result: unknown) => void) => ack({ success: true, id: 'b548ea75-c1c3-46d9-8a5f-0e0230f7af37' }));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    process.send!({ port: (http.address() as AddressInfo).port, path: '/socket.io' });
    return;
  }
  const generated = await startGeneratedServer();
  process.send!(generated);
}

/** Hook for the generated server of the User Account Service; undefined until it exists. */
async function startGeneratedServer(): Promise<{ port: number; path: string } | { missing: string }> {
  return { missing: 'no generated AsyncAPI server yet' };
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

async function startChild(kind: ServerKind): Promise<{ child: ChildProcess; port?: number; path?: string; missing?: string }> {
  const child = fork(join(root, 'bin/run-ts.mjs'), [fileURLToPath(import.meta.url), '--serve', kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const message = await new Promise<{ port?: number; path?: string; missing?: string }>((resolve, reject) => {
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

/** Events/s: `clientsCount` sockets each keeping `window` acked emits in flight for `seconds`. */
async function measureEvents(server: { child: ChildProcess; port?: number; path?: string }, seconds: number): Promise<EventFigures> {
  const { port, path } = server as { port: number; path: string };
  const sockets: ClientSocket[] = [];
  for (let i = 0; i < clientsCount; i++) sockets.push(connect(`http://127.0.0.1:${port}/user`, { path, transports: ['websocket'], forceNew: true, query: { token: 'bench' } }));
  await Promise.all(sockets.map((s) => new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  })));
  let done = 0;
  let counting = false;
  let stopped = false;
  const pump = (socket: ClientSocket) => {
    if (stopped) return;
    socket.emit('sign up', signUpPayload, () => {
      if (counting) done++;
      pump(socket);
    });
  };
  for (const socket of sockets) for (let i = 0; i < window; i++) pump(socket);
  await sleep(500); // warm-up, not counted
  const cpuBefore = await childCpu(server.child);
  counting = true;
  const started = performance.now();
  await sleep(seconds * 1000);
  counting = false;
  const elapsed = (performance.now() - started) / 1000;
  const cpu = (await childCpu(server.child)) - cpuBefore;
  const counted = done;
  stopped = true;
  await sleep(100);
  sockets.forEach((s) => s.close());
  return { rate: counted / elapsed, cpuPerEvent: cpu / counted };
}

async function benchEvents(): Promise<Row[]> {
  const plain = await startChild('plain');
  const generated = await startChild('generated');
  try {
    if (generated.missing !== undefined || generated.port === undefined) {
      const figures = await measureEvents(plain, eventSeconds);
      return [{ measure: `events/s (${generated.missing})`, ours: 'n/a', peer: `${fmt(figures.rate)} (plain echo)`, ratio: '—', aim: '≥ 0.85×' }];
    }
    // Alternate so drift on a shared machine hits both sides alike.
    const ours: EventFigures[] = [];
    const peer: EventFigures[] = [];
    for (let i = 0; i < 2; i++) {
      peer.push(await measureEvents(plain, eventSeconds));
      ours.push(await measureEvents(generated, eventSeconds));
    }
    const oursRate = median(ours.map((f) => f.rate));
    const peerRate = median(peer.map((f) => f.rate));
    const oursCpu = median(ours.map((f) => f.cpuPerEvent));
    const peerCpu = median(peer.map((f) => f.cpuPerEvent));
    return [
      {
        measure: 'events/s, acked (generated: payload + ack validated)',
        ours: fmt(oursRate),
        peer: `${fmt(peerRate)} (plain echo, no validation)`,
        ratio: ratio(oursRate, peerRate),
        aim: '≥ 0.85×',
      },
      {
        measure: 'server CPU per event (µs)',
        ours: oursCpu.toFixed(1),
        peer: `${peerCpu.toFixed(1)} (plain echo)`,
        ratio: ratio(oursCpu, peerCpu),
        aim: 'lower is better',
      },
    ];
  } finally {
    plain.child.kill('SIGTERM');
    generated.child.kill('SIGTERM');
  }
}

// ---------------------------------------------------------------- helpers

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

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
if (process.argv[2] === '--serve') await serve(process.argv[3] === 'generated' ? 'generated' : 'plain');
else await main();
