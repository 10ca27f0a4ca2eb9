/**
 * Tunnel throughput and latency: bytes through `sockgen tunnel` (websocket → TCP echo → back)
 * against a direct TCP connection to the same echo service, a bare Node TCP relay (net + pipe: the
 * floor any relay pays), Python websockify (Debian's `websockify`, installed with apt-get when
 * missing and possible, else skipped with a message) and the npm `websockify` package, all
 * measured in this run, each server in its own process. CPU per MB is reported for the relay
 * process, the client (this process: a websocket client pays for masking and frames, a TCP one
 * does not) and all three with the echo server, since on two shared cores the sum bounds MB/s.
 * Then 200 concurrent tunnels:
 * every byte must arrive, and the tunnel process's memory per open tunnel.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import WebSocket from 'ws';

// Child mode: the generated server entry's `startServicesServer` in its own process, answering
// memory questions over IPC (after full GCs) so memory per tunnel is not lost in RSS noise.
if (process.argv[2] === '--tunnel-child') {
  const { startServicesServer } = await import('../generated/services/server.js');
  const server = await startServicesServer({ host: '127.0.0.1', tokenFile: process.argv[3]!, log: () => {} });
  process.on('message', async (message) => {
    if (message !== 'memory') return;
    // Buffers' memory is freed by a sweeper after the collection: one gc() alone left tens of MB
    // of dead buffers counted, which swung "per tunnel" between -40 and +110 KB.
    for (let i = 0; i < 3; i++) {
      (globalThis as { gc?: () => void }).gc?.();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const usage = process.memoryUsage();
    process.send!({ heap: usage.heapUsed, external: usage.external, rss: usage.rss, tunnels: server.activeTunnels() });
  });
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
  process.stderr.write(`listening on ${server.url}\n`);
  await new Promise(() => {}); // serve until the parent goes away; the benchmark below is the parent's
}

const totalBytes = 48 * 1024 * 1024;
// Rounds of the throughput comparison: each measures every peer once, back to back. With 7, the
// ratio to Python websockify moved 1.91–2.15× between runs of the same code; 15 narrows that.
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 15;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const chunkBytes = 64 * 1024;
const windowBytes = 4 * 1024 * 1024;
const pingRounds = 2000;
const concurrent = 200;
const perTunnelBytes = 256 * 1024;

const root = join(import.meta.dirname, '..');
const folder = mkdtempSync(join(tmpdir(), 'sockgen-bench-tunnel-'));
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) child.kill();
  rmSync(folder, { recursive: true, force: true });
});

/** Spawns a node program and resolves once `ready` matches its output. */
function start(args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve({ child, match });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${output}`)));
  });
}

// The bare relay: TCP in, TCP out, pipe both ways, nothing else.
const relaySource = (target: number) => `const net = require('node:net');
const server = net.createServer((inbound) => {
  inbound.setNoDelay(true);
  const outbound = net.connect({ port: ${target}, host: '127.0.0.1', noDelay: true });
  inbound.pipe(outbound).pipe(inbound);
  inbound.on('error', () => outbound.destroy());
  outbound.on('error', () => inbound.destroy());
  inbound.on('close', () => outbound.destroy());
  outbound.on('close', () => inbound.destroy());
});
server.listen(0, '127.0.0.1', () => console.log('relay ' + server.address().port));`;

/** Python websockify (Debian package), installed with apt-get when missing; undefined when it cannot be. */
function pythonWebsockify(): string | undefined {
  // Not `command -v`: under `npm run`, PATH starts with node_modules/.bin, where the npm package's
  // websockify (the other peer, which needs the ws shim below) has the same name.
  const find = () =>
    (process.env.PATH ?? '')
      .split(delimiter)
      .filter((folder) => folder !== '' && !folder.includes('node_modules'))
      .map((folder) => join(folder, 'websockify'))
      .find((file) => existsSync(file) && /python/.test(readFileSync(file, 'utf8').slice(0, 200)));
  let binary = find();
  if (!binary && process.getuid?.() === 0) {
    console.log('installing Debian websockify (Python) for the peer measurement: apt-get install -y websockify');
    spawnSync('sh', ['-c', 'apt-get install -y -q websockify >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q websockify >/dev/null 2>&1)'], { stdio: 'ignore' });
    binary = find();
  }
  if (!binary) console.log('Python websockify is not installed and could not be installed (apt-get, root): that peer is skipped');
  return binary;
}

const echoSource = `const net = require('node:net');
const server = net.createServer((s) => { s.setNoDelay(true); s.on('error', () => s.destroy()); s.pipe(s); });
server.listen(0, '127.0.0.1', () => console.log('echo ' + server.address().port));`;

// websockify 0.7.1 was written for ws 0.4: give it the two things ws 8 changed (the upgrade
// request on the client, callback-style protocol selection). Its proxying code runs unchanged.
const websockifyShim = (script: string, listen: string, target: string) => `
const ws = require(${JSON.stringify(createRequire(import.meta.url).resolve('ws'))});
const Server = ws.Server;
class CompatServer extends Server {
  constructor(options, callback) {
    const select = options.handleProtocols;
    if (select) options = { ...options, handleProtocols: (offered) => { let chosen = false; select([...offered], (ok, p) => { chosen = ok ? p : false; }); return chosen; } };
    super(options, callback);
    this.on('connection', (client, request) => { client.upgradeReq = request; });
  }
}
ws.Server = CompatServer;
console.log = () => {};
process.argv = [process.argv[0], ${JSON.stringify(script)}, ${JSON.stringify(listen)}, ${JSON.stringify(target)}];
require(${JSON.stringify(script)});
setTimeout(() => process.stderr.write('websockify ready\\n'), 300);`;

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A connection that sends bytes and reports echoed bytes, TCP or websocket alike. */
interface Pipe {
  send(chunk: Buffer): void;
  onData(listener: (length: number, data: Buffer) => void): void;
  close(): void;
}

function tcpPipe(port: number): Promise<Pipe> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ port, host: '127.0.0.1', noDelay: true }, () =>
      resolve({ send: (c) => void socket.write(c), onData: (l) => socket.on('data', (d: Buffer) => l(d.length, d)), close: () => socket.destroy() }),
    );
    socket.once('error', reject);
  });
}

function wsPipe(url: string): Promise<Pipe> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'binary', { perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    ws.once('open', () =>
      resolve({ send: (c) => ws.send(c, { binary: true }), onData: (l) => ws.on('message', (d: Buffer) => l(d.length, d)), close: () => ws.close() }),
    );
    ws.once('error', reject);
  });
}

/** Sends `totalBytes` with at most `windowBytes` unanswered; MB/s of echoed bytes. */
async function throughput(pipe: Pipe): Promise<number> {
  const chunk = randomBytes(chunkBytes);
  let sent = 0;
  let received = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (sent < totalBytes && sent - received < windowBytes) {
        pipe.send(chunk);
        sent += chunk.length;
      }
    };
    pipe.onData((length) => {
      received += length;
      if (received >= totalBytes) resolve();
      else pump();
    });
    pump();
  });
  return totalBytes / 1024 / 1024 / ((performance.now() - started) / 1000);
}

/** `count` round trips of a 64-byte message, one at a time, in microseconds. */
async function roundTrips(pipe: Pipe, count: number): Promise<number[]> {
  const message = randomBytes(64);
  const times: number[] = [];
  let resolveOne: () => void = () => {};
  let got = 0;
  pipe.onData((length) => {
    got += length;
    if (got >= message.length) {
      got = 0;
      resolveOne();
    }
  });
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      resolveOne = resolve;
      pipe.send(message);
    });
    times.push((performance.now() - started) * 1000);
  }
  return times;
}

/** CPU time (user + system, ms) a process has used so far, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 100 Hz ticks
}

/** Child processes of `pid` (Linux). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

interface Peer {
  readonly open: () => Promise<Pipe>;
  /** The process in the middle (tunnel, websockify), whose CPU per MB is reported. */
  readonly relayPid?: number;
  /** A listener that forks a process per connection (Python websockify): that child's CPU is reported. */
  readonly forkingPid?: number;
}

interface Measured {
  /** Median MB/s over the rounds. */
  mbps: number;
  /** MB/s of each round, in order (a round measures every peer once, back to back). */
  rates: number[];
  p50: number;
  p99: number;
  /** CPU ms the relay process spent per MB echoed (both directions), or NaN for direct TCP. */
  cpuPerMb: number;
  /** CPU ms this process (the client: TCP or websocket) spent per MB echoed. */
  clientCpuPerMb: number;
  /** CPU ms of client, relay and echo server together per MB: on two shared cores, what bounds MB/s. */
  totalCpuPerMb: number;
}

/**
 * One throughput run and one batch of round trips per peer and round. Rounds are interleaved
 * (direct, tunnel, websockify, direct...) so a busy machine slows every peer alike, and ratios are
 * taken within a round; CPU per MB of the relay process is the figure least disturbed by other load.
 */
async function measureAll<K extends string>(peers: Record<K, Peer>, echoPid: number): Promise<Record<K, Measured>> {
  const names = Object.keys(peers) as K[];
  const rates = new Map<K, number[]>(names.map((name) => [name, []]));
  const times = new Map<K, number[]>(names.map((name) => [name, []]));
  const cpu = new Map<K, number>(names.map((name) => [name, 0]));
  const clientCpu = new Map<K, number>(names.map((name) => [name, 0]));
  const echoCpu = new Map<K, number>(names.map((name) => [name, 0]));
  for (let round = 0; round < rounds; round++)
    for (const name of names) {
      const { open, forkingPid } = peers[name];
      const childrenBefore = forkingPid ? childrenOf(forkingPid) : [];
      const pipe = await open();
      const relayPid = peers[name].relayPid ?? (forkingPid ? childrenOf(forkingPid).find((pid) => !childrenBefore.includes(pid)) : undefined);
      const cpuBefore = relayPid ? cpuMs(relayPid) : 0;
      const clientBefore = process.cpuUsage();
      const echoBefore = cpuMs(echoPid);
      rates.get(name)!.push(await throughput(pipe));
      const client = process.cpuUsage(clientBefore);
      echoCpu.set(name, echoCpu.get(name)! + cpuMs(echoPid) - echoBefore);
      clientCpu.set(name, clientCpu.get(name)! + (client.user + client.system) / 1000);
      if (relayPid) cpu.set(name, cpu.get(name)! + cpuMs(relayPid) - cpuBefore);
      pipe.close();
      const pinger = await open();
      times.get(name)!.push(...(await roundTrips(pinger, Math.ceil(pingRounds / rounds))));
      pinger.close();
    }
  const result = {} as Record<K, Measured>;
  for (const name of names) {
    const sorted = times.get(name)!.sort((a, b) => a - b);
    const megabytes = (rounds * totalBytes) / 1024 / 1024;
    result[name] = {
      mbps: median(rates.get(name)!),
      rates: rates.get(name)!,
      p50: sorted[Math.floor(sorted.length * 0.5)]!,
      p99: sorted[Math.floor(sorted.length * 0.99)]!,
      cpuPerMb: peers[name].relayPid || peers[name].forkingPid ? cpu.get(name)! / megabytes : NaN,
      clientCpuPerMb: clientCpu.get(name)! / megabytes,
      totalCpuPerMb: (clientCpu.get(name)! + cpu.get(name)! + echoCpu.get(name)!) / megabytes,
    };
  }
  return result;
}

interface Memory {
  heap: number;
  external: number;
  rss: number;
  tunnels: number;
}

/** The tunnel process's memory after a full GC (bytes). */
function memory(child: ChildProcess): Promise<Memory> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message as Memory));
    child.send('memory');
  });
}

// --- servers: echo, sockgen tunnel (token-file mode, the same bridge reservations use), websockify
const echo = await start(['-e', echoSource], /echo (\d+)/);
const echoPort = Number(echo.match[1]);
const tokenFile = join(folder, 'tokens.cfg');
writeFileSync(tokenFile, `bench: 127.0.0.1:${echoPort}\n`);
// The generated server entry's startServicesServer in its own process (see child mode above).
const tunnel = await start(['--expose-gc', 'bin/run-ts.mjs', 'bench/tunnel.ts', '--tunnel-child', tokenFile], /listening on http:\/\/([\d.]+:\d+)/);
const tunnelUrl = `ws://${tunnel.match[1]}/?token=bench`;
const websockifyPort = await freePort();
const websockifyScript = createRequire(import.meta.url).resolve('websockify/websockify.js');
const websockify = await start(['-e', websockifyShim(websockifyScript, `127.0.0.1:${websockifyPort}`, `127.0.0.1:${echoPort}`)], /websockify ready/);
const websockifyUrl = `ws://127.0.0.1:${websockifyPort}/`;
const relay = await start(['-e', relaySource(echoPort)], /relay (\d+)/);
const relayPort = Number(relay.match[1]);
const pythonBinary = pythonWebsockify();
let python: { child: ChildProcess } | undefined;
const pythonPort = await freePort();
if (pythonBinary) {
  const child = spawn(pythonBinary, [`127.0.0.1:${pythonPort}`, `127.0.0.1:${echoPort}`], { stdio: ['ignore', 'ignore', 'ignore'] });
  children.push(child);
  // It prints nothing reliable to wait for: poll its port.
  for (let i = 0; i < 100; i++) {
    const ready = await tcpPipe(pythonPort).then((pipe) => (pipe.close(), true), () => false);
    if (ready) {
      python = { child };
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!python) console.log('Python websockify did not start listening: that peer is skipped');
}

const measured = await measureAll({
  direct: { open: () => tcpPipe(echoPort) },
  relay: { open: () => tcpPipe(relayPort), relayPid: relay.child.pid! },
  sockgen: { open: () => wsPipe(tunnelUrl), relayPid: tunnel.child.pid! },
  websockify: { open: () => wsPipe(websockifyUrl), relayPid: websockify.child.pid! },
  // Python websockify forks a process per connection: the CPU of the one serving the throughput run.
  ...(python ? { python: { open: () => wsPipe(`ws://127.0.0.1:${pythonPort}/`), forkingPid: python.child.pid! } } : {}),
} as Record<string, Peer>, echo.child.pid!);
const { direct, relay: bare, sockgen, websockify: peer } = measured as Record<'direct' | 'relay' | 'sockgen' | 'websockify', Measured>;
const pythonPeer = measured.python;

const row = (r: Measured) => ({ 'MB/s': +r.mbps.toFixed(1), 'p50 µs': Math.round(r.p50), 'p99 µs': Math.round(r.p99), 'relay CPU ms/MB': Number.isNaN(r.cpuPerMb) ? '-' : +r.cpuPerMb.toFixed(2), 'client CPU ms/MB': +r.clientCpuPerMb.toFixed(2), 'all CPU ms/MB': +r.totalCpuPerMb.toFixed(2) });
console.log(`echo of ${totalBytes / 1024 / 1024} MB in ${chunkBytes / 1024} KiB messages (median of ${rounds} rounds), ${pingRounds} round trips of 64 B:`);
console.table({
  'direct TCP': row(direct),
  'bare Node TCP relay': row(bare),
  'sockgen tunnel': row(sockgen),
  'websockify (npm)': row(peer),
  ...(pythonPeer ? { 'websockify (Python, Debian)': row(pythonPeer) } : {}),
});
// Each ratio is the median of the rounds' own ratios: the two were measured seconds apart, so the
// machine's load drifting during the run moves both.
const ratio = (a: Measured, b: Measured) => median(a.rates.map((rate, round) => rate / b.rates[round]!));
const vsDirect = ratio(sockgen, direct);
const vsRelay = ratio(sockgen, bare);
const vsPeer = ratio(sockgen, peer);
const vsPython = pythonPeer ? ratio(sockgen, pythonPeer) : NaN;
console.log(
  `relay CPU per MB: sockgen ${(peer.cpuPerMb / sockgen.cpuPerMb).toFixed(2)}× as efficient as websockify (npm), ` +
    (pythonPeer ? `${(pythonPeer.cpuPerMb / sockgen.cpuPerMb).toFixed(2)}× as Python websockify, ` : '') +
    `${(bare.cpuPerMb / sockgen.cpuPerMb).toFixed(2)}× as the bare relay`,
);
console.log(
  `throughput: ${vsRelay.toFixed(2)}× bare TCP relay (aim ≥ 0.9: ${vsRelay >= 0.9 ? 'met' : 'not met'}), ` +
    (pythonPeer ? `${vsPython.toFixed(2)}× Python websockify (aim ≥ 2: ${vsPython >= 2 ? 'met' : 'not met'}), ` : 'Python websockify skipped, ') +
    `${vsDirect.toFixed(2)}× direct (aim ≥ 0.7: ${vsDirect >= 0.7 ? 'met' : 'not met'}), ${vsPeer.toFixed(2)}× websockify npm (aim ≥ 1.5: ${vsPeer >= 1.5 ? 'met' : 'not met'})`,
);

// --- session setup: reserve over REST → websocket → instance started → first byte echoed
const setups = async (connect: () => Promise<Pipe>, rounds = 20): Promise<number> => {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const pipe = await connect();
    await new Promise<void>((resolve) => {
      pipe.onData(() => resolve());
      pipe.send(Buffer.from([i]));
    });
    times.push(performance.now() - started);
    pipe.close();
    await new Promise((resolve) => setTimeout(resolve, 20)); // the instance stops and frees its index
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
};
const httpBase = `http://${tunnel.match[1]}`;
const reserved = await setups(async () => {
  const token = (await (await fetch(`${httpBase}/v1/reserve/Local%20Software%20Session?format=text`)).text()).trim();
  return wsPipe(`ws://${tunnel.match[1]}/?token=${token}`);
});
const staticSetup = await setups(() => wsPipe(tunnelUrl));
const peerSetup = await setups(() => wsPipe(websockifyUrl));
console.log(
  `session setup to first echoed byte (median of 20): reserve + start instance + tunnel ${reserved.toFixed(1)} ms; ` +
    `static token ${staticSetup.toFixed(1)} ms; websockify ${peerSetup.toFixed(1)} ms`,
);

// --- 200 concurrent tunnels
// One warm-up wave first, so the baseline already includes code and heap that every tunnel shares.
for (const pipe of await Promise.all(Array.from({ length: concurrent }, () => wsPipe(tunnelUrl)))) pipe.close();
await new Promise((resolve) => setTimeout(resolve, 500));
const before = await memory(tunnel.child);
const pipes = await Promise.all(Array.from({ length: concurrent }, () => wsPipe(tunnelUrl)));
await new Promise((resolve) => setTimeout(resolve, 300)); // let every tunnel connect its target
const opened = await memory(tunnel.child);
const payload = randomBytes(perTunnelBytes);
const started = performance.now();
const results = await Promise.all(
  pipes.map(
    (pipe) =>
      new Promise<boolean>((resolve) => {
        const parts: Buffer[] = [];
        let got = 0;
        pipe.onData((length, data) => {
          parts.push(data);
          got += length;
          if (got >= payload.length) resolve(Buffer.concat(parts).equals(payload));
        });
        for (let offset = 0; offset < payload.length; offset += chunkBytes) pipe.send(payload.subarray(offset, offset + chunkBytes));
      }),
  ),
);
const seconds = (performance.now() - started) / 1000;
const busy = await memory(tunnel.child);
for (const pipe of pipes) pipe.close();
const intact = results.filter(Boolean).length;
console.log(`${concurrent} concurrent tunnels × ${perTunnelBytes / 1024} KiB echoed: ${intact}/${concurrent} intact, ${((concurrent * perTunnelBytes) / 1024 / 1024 / seconds).toFixed(1)} MB/s aggregate`);
const perTunnel = (m: Memory) => ((m.heap + m.external - before.heap - before.external) / concurrent / 1024).toFixed(1);
console.log(
  `tunnel process after GC: ${((before.heap + before.external) / 1024 / 1024).toFixed(1)} MB heap+external idle; ` +
    `+${perTunnel(opened)} KB per open tunnel (${opened.tunnels} open), +${perTunnel(busy)} KB per tunnel right after echoing; ` +
    `RSS ${(before.rss / 1024 / 1024).toFixed(0)} → ${(busy.rss / 1024 / 1024).toFixed(0)} MB`,
);
if (intact !== concurrent) process.exitCode = 1;
process.exit();
