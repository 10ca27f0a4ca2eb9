/**
 * Generation and start-up speed as a user meets it: every figure is a fresh process of the
 * compiled CLI (bin/sockgen.mjs → dist/, built first when stale), start-up included, median of
 * `rounds`, each against a peer measured in the same run:
 *   - `npx generate --check` on this repository, unchanged (answered from the cache) — peer: `node -e 0`;
 *   - `npx generate` of this repository's specs, cold cache (a copy with no cache and no generated/);
 *   - `npx generate` of 50 sockets × 10 endpoints, cold cache;
 *     beside both, not a peer but a floor: writing the same files, in this process, without sockgen;
 *   - `npx generate` of a 200-channel AsyncAPI document, cold cache — peer: modelina's TypeScript
 *     models of the same document, also a fresh process (its parser run and start-up included);
 *   - `sockgen serve` from process start to the first 200 — peer: a plain node:http server process.
 * Run: node bin/run-ts.mjs bench/generate.ts [--rounds 5]
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { distIsFresh } from '../bin/source-fingerprint.mjs';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin/sockgen.mjs');
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 5;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const work = mkdtempSync(join(tmpdir(), 'sockgen-bench-generate-'));

if (!distIsFresh(repo)) {
  console.log('dist/ is older than the sources: building it first (npm run build)');
  const build = spawnSync(process.execPath, [join(repo, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
}

/** Milliseconds of one fresh `node <args>` process in `cwd`; throws unless it exits with `expect`. */
function timed(args: readonly string[], cwd: string, expect: readonly number[] = [0]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (!expect.includes(result.status ?? -1)) throw new Error(`node ${args.join(' ')} in ${cwd} exited ${result.status}:\n${result.stderr}`);
  return ms;
}

/** A project folder as a user's: ESM package.json, node_modules with sockgen (this checkout) in it. */
function userProject(name: string): string {
  const root = join(work, name);
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  symlinkSync(repo, join(root, 'node_modules/sockgen'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return root;
}

/** One `npx generate` with an empty cache and no earlier output. */
function coldGenerate(root: string): number {
  rmSync(join(root, 'node_modules/.cache'), { recursive: true, force: true });
  rmSync(join(root, 'generated'), { recursive: true, force: true });
  return timed([bin, '--quiet'], root);
}
const repeat = (measure: () => number) => median(Array.from({ length: rounds }, measure));

/**
 * The file system's part of a cold run: the files that run wrote (its output and its cache entry),
 * removed as the next round removes them and written again by this process, with no generator.
 * On a virtual disk whose metadata is not cached, creating 350 files in fresh folders measured
 * from 6 ms to 300 ms on one machine within an hour.
 */
function writeFloor(root: string): { ms: number; files: number } {
  const folders = [join(root, 'generated'), join(root, 'node_modules/.cache')];
  const files = folders.flatMap((folder) => readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)));
  const contents = files.map((file) => readFileSync(file));
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  const started = performance.now();
  const made = new Set<string>();
  files.forEach((file, i) => {
    if (!made.has(dirname(file))) mkdirSync(dirname(file), { recursive: true });
    made.add(dirname(file));
    writeFileSync(file, contents[i]!);
  });
  return { ms: performance.now() - started, files: files.length };
}

/** Median of `rounds` cold runs, and of the file-system floor after each. */
function coldWithFloor(root: string): { ms: number; floor: string } {
  const runs: number[] = [];
  const floors: number[] = [];
  let files = 0;
  for (let round = 0; round < rounds; round++) {
    runs.push(coldGenerate(root));
    const floor = writeFloor(root);
    floors.push(floor.ms);
    files = floor.files;
  }
  return { ms: median(runs), floor: `${ms(median(floors))} (writing its ${files} files alone)` };
}

function socketYaml(index: number, endpoints: number): string {
  const lines = [`name: socket_${index}`, `description: Benchmark socket ${index}`, 'endpoints:'];
  for (let e = 0; e < endpoints; e++) lines.push(`  endpoint_${index}_${e}:`, '    GET:', `      script: read_${e}`, '    POST:', `      script: write_${e}`);
  lines.push('dependencies:', '  scripts:');
  for (let e = 0; e < endpoints; e++) lines.push(`    read_${e}:`, '      runtime_name: typescript', `    write_${e}:`, '      runtime_name: typescript');
  return lines.join('\n') + '\n';
}

/** An AsyncAPI 2.6 document with `count` channels: a validated client event with an ack, a server event. */
function asyncApiDocument(count: number): string {
  const channels: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    channels[`/room${i}`] = {
      publish: {
        message: {
          name: `post${i}`,
          'x-handler': `rooms.post${i}`,
          payload: { $ref: '#/components/schemas/Post' },
          'x-ack': { args: { type: 'object', properties: { id: { type: 'integer' }, accepted: { type: 'boolean' } }, required: ['id', 'accepted'] } },
        },
      },
      subscribe: {
        message: {
          name: `posted${i}`,
          payload: { type: 'object', properties: { post: { $ref: '#/components/schemas/Post' }, seq: { type: 'integer', minimum: 0 }, room: { type: 'string', const: `room${i}` } }, required: ['post', 'seq'] },
        },
      },
    };
  }
  const post = {
    type: 'object',
    properties: {
      text: { type: 'string', minLength: 1, maxLength: 500 },
      author: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } }, required: ['name'] },
      mood: { type: 'string', enum: ['calm', 'busy', 'away'] },
      labels: { type: 'array', items: { type: 'string' }, maxItems: 10 },
    },
    required: ['text', 'author'],
  };
  return toYaml({ asyncapi: '2.6.0', info: { title: 'Bench rooms', version: '1.0.0' }, channels, components: { schemas: { Post: post } } });
}

/** Milliseconds from spawning `node args` to the first 200 from `path` at the URL it prints. */
async function toFirst200(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, urlPattern: RegExp, path: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const look = (chunk: Buffer) => {
        seen += chunk.toString();
        const match = urlPattern.exec(seen);
        if (match) resolve(match[1]!);
      };
      child.stdout.on('data', look);
      child.stderr.on('data', look);
      child.once('exit', (code) => reject(new Error(`exited ${code} before listening:\n${seen}`)));
    });
    const response = await fetch(new URL(path, url));
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url}${path} answered ${response.status}`);
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null && child.signalCode === null ? child.once('exit', resolve) : resolve(undefined)));
  }
}

interface Row {
  measure: string;
  sockgen: string;
  peer: string;
  ratio: string;
  aim: string;
}
const rows: Row[] = [];
const ms = (value: number) => `${Math.round(value)} ms`;

try {
  // 1. --check of this repository, unchanged: one run fills the cache, then fresh processes.
  // Exit 1 (drift) counts too: a working tree being edited still answers from the cache.
  timed([bin, '--check', '--quiet'], repo, [0, 1]);
  const check = repeat(() => timed([bin, '--check', '--quiet'], repo, [0, 1]));
  const bare = repeat(() => timed(['-e', '0'], repo));
  rows.push({ measure: '`npx generate --check`, this repository, unchanged', sockgen: ms(check), peer: `${ms(bare)} (node -e 0)`, ratio: '—', aim: '≤ 300 ms' });

  // 2. This repository's specs, cold: a copy of specs/ and handlers/ (stubs exist, as in the repo).
  const examples = userProject('examples');
  for (const folder of ['specs', 'handlers']) cpSync(join(repo, folder), join(examples, folder), { recursive: true });
  const examplesCold = coldWithFloor(examples);
  rows.push({ measure: '`npx generate`, this repository\'s specs, cold cache', sockgen: ms(examplesCold.ms), peer: examplesCold.floor, ratio: '—', aim: '≤ 1000 ms' });

  // 3. 50 sockets × 10 endpoints, cold.
  const sockets = userProject('sockets');
  for (let i = 0; i < 50; i++) {
    mkdirSync(join(sockets, 'specs', `socket_${i}`), { recursive: true });
    writeFileSync(join(sockets, 'specs', `socket_${i}`, 'socket.yml'), socketYaml(i, 10));
  }
  const socketsCold = coldWithFloor(sockets);
  rows.push({ measure: '`npx generate`, 50 sockets × 10 endpoints, cold cache', sockgen: ms(socketsCold.ms), peer: socketsCold.floor, ratio: '—', aim: '≤ 1000 ms' });

  // 4. 200-channel AsyncAPI, cold, against modelina's TypeScript models in a fresh process.
  const big = userProject('asyncapi');
  mkdirSync(join(big, 'specs'));
  writeFileSync(join(big, 'specs/rooms.yml'), asyncApiDocument(200));
  const modelinaScript = [
    "import { readFileSync } from 'node:fs';",
    "import { parse } from 'yaml';",
    "import modelina from '@asyncapi/modelina';",
    'const { TypeScriptGenerator } = modelina.default ?? modelina;',
    `const models = await new TypeScriptGenerator({ modelType: 'interface' }).generate(parse(readFileSync(${JSON.stringify(join(big, 'specs/rooms.yml'))}, 'utf8')));`,
    "if (models.length === 0) throw new Error('no models');",
  ].join('\n');
  const ours: number[] = [];
  const peer: number[] = [];
  for (let round = 0; round < rounds; round++) {
    ours.push(coldGenerate(big));
    peer.push(timed(['--input-type=module', '-e', modelinaScript], repo));
  }
  const [bigOurs, bigPeer] = [median(ours), median(peer)];
  rows.push({ measure: '`npx generate`, 200-channel AsyncAPI, cold cache', sockgen: ms(bigOurs), peer: `${ms(bigPeer)} (modelina TS models)`, ratio: `${(bigOurs / bigPeer).toFixed(2)}×`, aim: '≤ 0.5×' });

  // 5. sockgen serve → first 200, against a plain node:http server process.
  const env = { ...process.env, NOTES_OWNER: 'bench', PORT: '0' };
  const serveTimes: number[] = [];
  const plainTimes: number[] = [];
  const plainServer = "require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port + '/'); });";
  for (let round = 0; round < rounds; round++) {
    serveTimes.push(await toFirst200([bin, 'serve', '--port', '0'], examples, env, /serving sockets at (http:\/\/\S+)/, 'hello_world/hello/?name=bench'));
    plainTimes.push(await toFirst200(['-e', plainServer], examples, env, /listening on (http:\/\/\S+)/, '/'));
  }
  const [serve, plain] = [median(serveTimes), median(plainTimes)];
  rows.push({ measure: '`sockgen serve` to first 200', sockgen: ms(serve), peer: `${ms(plain)} (plain node:http process)`, ratio: `${(serve / plain).toFixed(2)}×`, aim: '≤ 500 ms' });
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`fresh processes of the compiled CLI, median of ${rounds}${distIsFresh(repo) ? '' : ' (dist/ went stale during the run: some figures include tsx)'}:`);
console.table(rows);
