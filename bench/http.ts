/**
 * HTTP host throughput: a Custom Socket endpoint served by createSocketHost with a TypeScript
 * handler, against a plain node:http server answering the same JSON (issue 2 aims at ≥ 0.8×).
 *
 * Fairness: each server runs alone in its own child process started the same way (bin/run-ts.mjs);
 * autocannon drives both from this process with the same connections and duration, in pairs of
 * back-to-back rounds whose order alternates; the ratio is the median over pairs, so load bursts
 * from other processes on the shared machine spoil one pair rather than the figure. Both servers
 * JSON.stringify per request, as a real handler's answer would be. Server CPU µs per request is
 * printed too: it depends much less on what else the machine runs.
 *
 * Python endpoints (issue 10, item 6): per-request overhead p50 of a trivial script through the host
 * (sequential requests; warm workers fork a child per request) against one `python3` process per
 * request (what the host did before), and requests/s under load against the same script run by a
 * plain python3 loop in-process (exec of the compiled script per iteration: the ceiling). The
 * machine's floor for any fork-per-request design is printed beside it: a bare fork + exit + wait
 * of the same interpreter (4–9 ms on a VM that makes copy-on-write faults dear).
 *
 * Run: node bin/run-ts.mjs bench/http.ts [--duration 3] [--pairs 5] [--connections 50] [--python-only]
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createSocketHost, pythonScript } from 'sockgen/runtime/http';

/** The part of autocannon's result used here (the package ships no types). */
interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  connections: number;
  duration: number;
  pipelining: number;
}) => Promise<LoadResult>;

type Mode = 'plain' | 'host';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(argv[index + 1]);
};

async function serve(mode: Mode): Promise<void> {
  let port: number;
  if (mode === 'plain') {
    const server = createServer((_req, res) => {
      const body = JSON.stringify({ hello: 'world' });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  } else {
    const host = createSocketHost({
      sockets: [
        {
          definition: {
            name: 'bench',
            metadata: {},
            endpoints: [{ name: 'hello', routes: [{ method: 'GET', script: 'hello' }] }],
            config: { constants: {}, prompts: [] },
            classes: [],
          },
          handlers: { hello: async () => ({ hello: 'world' }) },
          config: {},
        },
      ],
    });
    ({ port } = await host.listen(0));
  }
  // The parent asks for CPU time around each round: CPU per request does not depend on how many
  // cores the other processes on this shared machine leave free, requests/s does.
  process.on('message', () => {
    const usage = process.cpuUsage();
    process.send?.({ cpuMicros: usage.user + usage.system });
  });
  process.send?.({ port });
}

function cpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve((message as { cpuMicros: number }).cpuMicros));
    child.send('cpu');
  });
}

function start(mode: Mode): Promise<{ child: ChildProcess; url: string }> {
  const runTs = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
  const child = fork(runTs, [fileURLToPath(import.meta.url), '--serve', mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const path = mode === 'plain' ? '/' : '/v1.1/instances/default/endpoints/sockets/bench/hello/';
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ child, url: `http://127.0.0.1:${(message as { port: number }).port}${path}` }));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with code ${code}`)));
  });
}

interface Figures {
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  cpuPerRequest: number;
}

async function load(server: { child: ChildProcess; url: string }, seconds: number, connections: number): Promise<Figures> {
  const before = await cpuMicros(server.child);
  const result = await autocannon({ url: server.url, connections, duration: seconds, pipelining: 1 });
  const used = (await cpuMicros(server.child)) - before;
  return {
    requests: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpuPerRequest: used / Math.max(1, result.requests.total),
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main(): Promise<void> {
  const seconds = option('duration', 3);
  const pairs = option('pairs', 5);
  const connections = option('connections', 50);
  const servers = { plain: await start('plain'), host: await start('host') };
  try {
    const check = await fetch(servers.host.url);
    if ((await check.text()) !== '{"hello":"world"}') throw new Error('the host does not answer the same JSON');
    console.log(
      `autocannon, ${connections} connections, ${pairs} pairs of back-to-back ${seconds} s rounds (order alternating), after a 2 s warm-up each; medians`,
    );
    await load(servers.plain, 2, connections);
    await load(servers.host, 2, connections);
    const runs: Record<Mode, Figures[]> = { plain: [], host: [] };
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      // Each ratio compares two rounds measured seconds apart, so a burst of load from the other
      // processes on this machine spoils one pair, not the result; the median drops it.
      const order: Mode[] = pair % 2 === 0 ? ['plain', 'host'] : ['host', 'plain'];
      const figures = {} as Record<Mode, Figures>;
      for (const mode of order) figures[mode] = await load(servers[mode], seconds, connections);
      runs.plain.push(figures.plain);
      runs.host.push(figures.host);
      ratios.push(figures.host.requests / figures.plain.requests);
      cpuRatios.push(figures.plain.cpuPerRequest / figures.host.cpuPerRequest);
    }
    const rows = (['plain', 'host'] as const).map((mode) => ({
      server: mode === 'plain' ? 'plain node:http' : 'createSocketHost + TS handler',
      'req/s': Math.round(median(runs[mode].map((run) => run.requests))),
      'p50 ms': median(runs[mode].map((run) => run.p50)),
      'p99 ms': median(runs[mode].map((run) => run.p99)),
      'server CPU µs/req': Number(median(runs[mode].map((run) => run.cpuPerRequest)).toFixed(1)),
      errors: runs[mode].reduce((sum, run) => sum + run.errors, 0),
    }));
    console.table(rows);
    const shown = (values: number[]): string => values.map((value) => value.toFixed(2)).join(' ');
    console.log(`host / plain requests/s: ${median(ratios).toFixed(2)}× median of pairs [${shown(ratios)}] (aim ≥ 0.80×)`);
    console.log(`host / plain requests per server CPU second: ${median(cpuRatios).toFixed(2)}× [${shown(cpuRatios)}]`);
  } finally {
    servers.plain.child.kill();
    servers.host.child.kill();
  }
}

const pythonSource = 'import json\nprint(json.dumps({"hello": ARGS.get("name", "world")}))\n';

/** p50 of `count` sequential runs of `once` (ms). */
async function sequentialP50(count: number, once: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await once();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** One python3 process per request, as the host ran scripts before the warm workers (the old harness protocol). */
function spawnOnce(python: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-c', `import json,sys\nreq=json.loads(sys.stdin.read())\nARGS=req["args"]\nexec(compile(req["source"],"<s>","exec"),{"ARGS":ARGS})`], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdout.resume();
    child.once('error', reject);
    child.once('close', () => resolve());
    child.stdin.end(JSON.stringify({ source: pythonSource, args: { name: 'bench' } }));
  });
}

async function pythonBench(seconds: number): Promise<void> {
  const python = process.env.SOCKGEN_PYTHON || 'python3';
  if (spawnSync(python, ['--version']).status !== 0) {
    console.log(`python bench skipped: ${python} is not installed`);
    return;
  }
  const host = createSocketHost({
    sockets: [
      {
        definition: { name: 'bench', metadata: {}, endpoints: [{ name: 'py', routes: [{ method: 'GET', script: 'py' }] }], config: { constants: {}, prompts: [] }, classes: [] },
        handlers: { py: pythonScript({ source: pythonSource, name: 'py', maxConcurrent: 8 }) },
        config: {},
      },
    ],
    // autocannon leaves with requests in flight: their "caller went away" lines are not results.
    log: () => undefined,
  });
  const { url } = await host.listen(0);
  const endpoint = `${url}/v1.1/instances/default/endpoints/sockets/bench/py/?name=bench`;
  try {
    const check = await (await fetch(endpoint)).text();
    if (check.trim() !== '{"hello": "bench"}') throw new Error(`the python endpoint answered ${check}`);
    await sequentialP50(50, async () => void (await (await fetch(endpoint)).text()));
    const warm = await sequentialP50(300, async () => void (await (await fetch(endpoint)).text()));
    const cold = await sequentialP50(30, () => spawnOnce(python));
    // The ceiling: the same compiled script exec'd in one python3 process, as fast as it goes.
    const loop = spawnSync(python, ['-c', `import json,time,io,sys\ncode=compile(${JSON.stringify(pythonSource)},"<s>","exec")\nreal=sys.stdout\nn=0\nstart=time.time()\nwhile time.time()-start<${seconds}:\n    sys.stdout=io.StringIO()\n    exec(code,{"ARGS":{"name":"bench"}})\n    n+=1\nsys.stdout=real\nprint(n/(time.time()-start))`]);
    const loopRate = Number(loop.stdout.toString().trim());
    const fork = spawnSync(python, ['-c', `import os,time\nts=[]\nfor i in range(50):\n    t=time.perf_counter()\n    pid=os.fork()\n    if pid==0: os._exit(0)\n    os.waitpid(pid,0)\n    ts.append((time.perf_counter()-t)*1000)\nprint(sorted(ts)[25])`]);
    const forkFloor = Number(fork.stdout.toString().trim());
    const loaded = await autocannon({ url: endpoint, connections: 8, duration: seconds, pipelining: 1 });
    console.table([
      { python: 'host, warm workers (fork per request)', 'p50 ms (sequential)': Number(warm.toFixed(2)), 'req/s (8 connections)': Math.round(loaded.requests.average), errors: loaded.errors + loaded.non2xx },
      { python: 'one python3 process per request (before)', 'p50 ms (sequential)': Number(cold.toFixed(2)), 'req/s (8 connections)': '', errors: '' },
      { python: 'plain python3 loop in-process (exec per iteration)', 'p50 ms (sequential)': '', 'req/s (8 connections)': Math.round(loopRate), errors: '' },
      { python: 'bare fork + exit + wait of the interpreter (the floor)', 'p50 ms (sequential)': Number(forkFloor.toFixed(2)), 'req/s (8 connections)': '', errors: '' },
    ]);
    console.log(`python endpoint per-request overhead p50: ${warm.toFixed(2)} ms (aim ≤ 10 ms; one process per request: ${cold.toFixed(1)} ms; a bare fork of ${python}: ${forkFloor.toFixed(2)} ms)`);
    console.log(`python endpoint req/s / plain in-process loop: ${(loaded.requests.average / loopRate).toFixed(4)}× (${Math.round(loaded.requests.average)} vs ${Math.round(loopRate)})`);
  } finally {
    await host.close();
  }
}

const serveIndex = argv.indexOf('--serve');
if (serveIndex !== -1) await serve(argv[serveIndex + 1] as Mode);
else if (argv.includes('--python-only')) await pythonBench(option('duration', 3));
else {
  await main();
  await pythonBench(option('duration', 3));
}
