/**
 * Tunnel throughput and latency: bytes through `sockgen tunnel` (websocket → TCP echo → back)
 * against a direct TCP connection to the same echo service and against the npm `websockify`
 * package, all measured in this run, each server in its own process. Then 200 concurrent tunnels:
 * every byte must arrive, and the tunnel process's memory per open tunnel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

const totalBytes = 48 * 1024 * 1024;
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
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Round trips of a 64-byte message, one at a time: median and p99 in microseconds. */
async function latency(pipe: Pipe): Promise<{ p50: number; p99: number }> {
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
  for (let i = 0; i < pingRounds; i++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      resolveOne = resolve;
      pipe.send(message);
    });
    times.push((performance.now() - started) * 1000);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)]!, p99: times[Math.floor(times.length * 0.99)]! };
}

/**
 * Best of three throughput runs and one latency run per peer. Rounds are interleaved (direct,
 * tunnel, websockify, direct...) so a busy machine slows every peer alike.
 */
async function measureAll<K extends string>(peers: Record<K, () => Promise<Pipe>>): Promise<Record<K, { mbps: number; p50: number; p99: number }>> {
  const names = Object.keys(peers) as K[];
  const rates = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < 3; round++)
    for (const name of names) {
      const pipe = await peers[name]();
      rates.get(name)!.push(await throughput(pipe));
      pipe.close();
    }
  const result = {} as Record<K, { mbps: number; p50: number; p99: number }>;
  for (const name of names) {
    const pipe = await peers[name]();
    result[name] = { mbps: Math.max(...rates.get(name)!), ...(await latency(pipe)) };
    pipe.close();
  }
  return result;
}

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : NaN;
}

// --- servers: echo, sockgen tunnel (token-file mode, the same bridge reservations use), websockify
const echo = await start(['-e', echoSource], /echo (\d+)/);
const echoPort = Number(echo.match[1]);
const tokenFile = join(folder, 'tokens.cfg');
writeFileSync(tokenFile, `bench: 127.0.0.1:${echoPort}\n`);
// The generated server entry, as deployed (`sockgen tunnel` runs the same server but also loads the generator).
const tunnel = await start(['bin/run-ts.mjs', 'generated/services/server.ts', '--port', '0', '--host', '127.0.0.1', '--token-file', tokenFile], /listening on http:\/\/([\d.]+:\d+)/);
const tunnelUrl = `ws://${tunnel.match[1]}/?token=bench`;
const websockifyPort = await freePort();
const websockifyScript = createRequire(import.meta.url).resolve('websockify/websockify.js');
await start(['-e', websockifyShim(websockifyScript, `127.0.0.1:${websockifyPort}`, `127.0.0.1:${echoPort}`)], /websockify ready/);
const websockifyUrl = `ws://127.0.0.1:${websockifyPort}/`;

const measured = await measureAll({ direct: () => tcpPipe(echoPort), sockgen: () => wsPipe(tunnelUrl), websockify: () => wsPipe(websockifyUrl) });
const { direct, sockgen, websockify: peer } = measured;

const row = (r: { mbps: number; p50: number; p99: number }) => ({ 'MB/s': +r.mbps.toFixed(1), 'p50 µs': Math.round(r.p50), 'p99 µs': Math.round(r.p99) });
console.log(`echo of ${totalBytes / 1024 / 1024} MB in ${chunkBytes / 1024} KiB messages (best of 3), ${pingRounds} round trips of 64 B:`);
console.table({ 'direct TCP': row(direct), 'sockgen tunnel': row(sockgen), 'websockify (npm)': row(peer) });
const vsDirect = sockgen.mbps / direct.mbps;
const vsPeer = sockgen.mbps / peer.mbps;
console.log(`throughput: ${vsDirect.toFixed(2)}× direct (aim ≥ 0.7: ${vsDirect >= 0.7 ? 'met' : 'not met'}), ${vsPeer.toFixed(2)}× websockify (aim ≥ 1.5: ${vsPeer >= 1.5 ? 'met' : 'not met'})`);

// --- 200 concurrent tunnels
const before = rssKb(tunnel.child.pid!);
const pipes = await Promise.all(Array.from({ length: concurrent }, () => wsPipe(tunnelUrl)));
const opened = rssKb(tunnel.child.pid!);
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
const busy = rssKb(tunnel.child.pid!);
for (const pipe of pipes) pipe.close();
const intact = results.filter(Boolean).length;
console.log(`${concurrent} concurrent tunnels × ${perTunnelBytes / 1024} KiB echoed: ${intact}/${concurrent} intact, ${((concurrent * perTunnelBytes) / 1024 / 1024 / seconds).toFixed(1)} MB/s aggregate`);
console.log(`tunnel process memory: ${(before / 1024).toFixed(1)} MB idle, +${((opened - before) / concurrent).toFixed(1)} KB per open tunnel, +${((busy - before) / concurrent).toFixed(1)} KB per tunnel while echoing`);
if (intact !== concurrent) process.exitCode = 1;
process.exit();
