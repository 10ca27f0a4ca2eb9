/**
 * Plain WebSocket benchmarks (`node bin/run-ts.mjs bench/ws.ts`, under ~40 s), each server in its
 * own child process, both measured in the same run with alternating windows (median of ratios):
 *  (a) messages/s through the generated Kraken server (golden ws-examples: the `ping` request is
 *      dispatched by its `event`, validated, answered by the handler, the `pong` reply gets the
 *      reqid and is validated) vs a plain `ws` echo server with no validation, in two forms (echo
 *      of the received Buffer, and of it as a string); raw `ws` clients keep a window in flight;
 *  (b) request/reply round trips/s and p99 latency, one request in flight: the generated typed
 *      client's `request.receivePing` (validates its request and the reply, matches by reqid)
 *      against the generated server, vs a plain `ws` client against the plain echo server.
 * `--serve plain|generated` is the child-process mode.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';

const seconds = Number(process.env.BENCH_WS_SECONDS ?? 1.5);
const rounds = 5;
const clientsCount = 8;
const window = 32;
const ping = JSON.stringify({ event: 'ping', reqid: 1 });

/**
 * `plain` echoes the received Buffer (ws writes header and payload as two chunks); `plain-text`
 * echoes it as a string (one merged write, as the generated server's encoded replies are).
 */
type Kind = 'plain' | 'plain-text' | 'generated';

async function serve(kind: Kind): Promise<void> {
  if (kind === 'plain' || kind === 'plain-text') {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    if (kind === 'plain') wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
    else wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(isBinary ? (data as Buffer) : String(data))));
    await new Promise((resolve) => wss.once('listening', resolve));
    process.send!({ port: (wss.address() as { port: number }).port });
    return;
  }
  const { createServer } = await import('../test/fixtures/ws-examples/expected/generated/asyncapi/kraken/server.js');
  const status = { event: 'subscriptionStatus', channelID: 1, channelName: 'x', status: 'online' } as const;
  const server = await createServer({
    handlers: { '/': { messages: { ping: () => ({ event: 'pong' }), subscribe: () => status, unsubscribe: () => status } } },
    docs: false,
  });
  process.send!({ port: await server.listen(0) });
}

async function start(kind: Kind): Promise<{ child: ChildProcess; url: string }> {
  // Through bin/run-ts.mjs, like the parent: the child needs the TypeScript and `sockgen-source` hooks.
  const child = fork(fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url)), [fileURLToPath(import.meta.url), '--serve', kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
  });
  return { child, url: `ws://127.0.0.1:${port}` };
}

async function openClients(url: string, count: number): Promise<WebSocket[]> {
  return Promise.all(
    Array.from({ length: count }, () => {
      const ws = new WebSocket(url);
      return new Promise<WebSocket>((resolve, reject) => {
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    }),
  );
}

/** (a) replies per second with `window` messages in flight per client. */
async function throughput(clients: WebSocket[], ms: number): Promise<number> {
  let count = 0;
  let running = true;
  const listeners = clients.map((ws) => {
    const onMessage = () => {
      count++;
      if (running) ws.send(ping);
    };
    ws.on('message', onMessage);
    for (let i = 0; i < window; i++) ws.send(ping);
    return onMessage;
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = performance.now();
  const before = count;
  await new Promise((resolve) => setTimeout(resolve, ms));
  const rate = ((count - before) * 1000) / (performance.now() - started);
  running = false;
  await new Promise((resolve) => setTimeout(resolve, 100));
  clients.forEach((ws, i) => ws.off('message', listeners[i]!));
  return rate;
}

/** (b) sequential round trips: rate and p99 latency (ms). */
async function roundTrips(call: () => Promise<unknown>, ms: number): Promise<{ rate: number; p99: number }> {
  for (let i = 0; i < 200; i++) await call();
  const latencies: number[] = [];
  const until = performance.now() + ms;
  const started = performance.now();
  while (performance.now() < until) {
    const t = performance.now();
    await call();
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  return { rate: (latencies.length * 1000) / (performance.now() - started), p99: latencies[Math.floor(latencies.length * 0.99)] ?? NaN };
}

function plainCall(ws: WebSocket): () => Promise<unknown> {
  return () =>
    new Promise((resolve) => {
      ws.once('message', resolve);
      ws.send(ping);
    });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} k` : n.toFixed(0));

async function main(): Promise<void> {
  const { connectMain } = await import('../test/fixtures/ws-examples/expected/generated/asyncapi/kraken/client.js');
  const servers = { plain: await start('plain'), 'plain-text': await start('plain-text'), generated: await start('generated') };
  try {
    const kinds: Kind[] = ['plain', 'plain-text', 'generated'];
    const clients = Object.fromEntries(await Promise.all(kinds.map(async (k) => [k, await openClients(servers[k].url, clientsCount)] as const))) as Record<Kind, WebSocket[]>;
    const ratios: Record<'plain' | 'plain-text', number[]> = { plain: [], 'plain-text': [] };
    const figures: Record<Kind, number[]> = { plain: [], 'plain-text': [], generated: [] };
    for (let round = 0; round < rounds; round++) {
      // Rotate who goes first, so a slow moment of the shared machine hits each in turn.
      const order = kinds.map((_, i) => kinds[(i + round) % kinds.length]!);
      const trio = {} as Record<Kind, number>;
      for (const kind of order) trio[kind] = await throughput(clients[kind], seconds * 1000);
      for (const kind of kinds) figures[kind].push(trio[kind]);
      ratios.plain.push(trio.generated / trio.plain);
      ratios['plain-text'].push(trio.generated / trio['plain-text']);
    }
    for (const list of Object.values(clients)) list.forEach((ws) => ws.close());

    const typed = connectMain(servers.generated.url);
    await typed.opened();
    const [raw] = await openClients(servers.plain.url, 1);
    const rr: Record<'plain' | 'generated', { rate: number; p99: number }[]> = { plain: [], generated: [] };
    for (let round = 0; round < 3; round++) {
      rr.plain.push(await roundTrips(plainCall(raw!), seconds * 700));
      rr.generated.push(await roundTrips(() => typed.request.receivePing({ event: 'ping' }), seconds * 700));
    }
    typed.close();
    raw!.close();
    const rate = (k: 'plain' | 'generated') => median(rr[k].map((r) => r.rate));
    const p99 = (k: 'plain' | 'generated') => median(rr[k].map((r) => r.p99));
    console.log('| measure | sockgen | plain ws peer (same run) | ratio | aim |');
    console.log('|---|---|---|---|---|');
    console.log(
      `| messages/s, generated server validating both ways (${clientsCount} clients × ${window} in flight) | ${fmt(median(figures.generated))} | ${fmt(median(figures.plain))} (echo of the Buffer, no validation) | ${median(ratios.plain).toFixed(2)}× | ≥ 0.85× |`,
    );
    console.log(`| same, against the echo as a string (one write per frame, like ours) | ${fmt(median(figures.generated))} | ${fmt(median(figures['plain-text']))} | ${median(ratios['plain-text']).toFixed(2)}× | ≥ 0.85× |`);
    console.log(`| request/reply round trips/s (typed client ↔ generated server, 1 in flight) | ${fmt(rate('generated'))} | ${fmt(rate('plain'))} (plain ws pair) | ${(rate('generated') / rate('plain')).toFixed(2)}× | — |`);
    console.log(`| request/reply p99 latency | ${p99('generated').toFixed(3)} ms | ${p99('plain').toFixed(3)} ms | ${(p99('generated') / p99('plain')).toFixed(2)}× | — |`);
    console.log(`\n(${rounds} rounds of ${seconds} s windows in rotating order, median of per-round ratios; round trips: 3 windows each, medians)`);
  } finally {
    for (const server of Object.values(servers)) server.child.kill();
  }
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) await serve(process.argv[serveIndex + 1] as Kind);
else await main();
