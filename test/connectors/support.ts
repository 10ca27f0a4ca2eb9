/**
 * Test helpers for connectors: a fake device (a TCP server the connector dials), a plain mqtt.js
 * subscriber that records every packet, a private Mosquitto the test can kill and restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { isListening } from '../support/services.js';

/** Polls until `check` returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A TCP server standing in for the device. */
export interface FakeDevice {
  readonly port: number;
  readonly connections: number;
  /** Bytes the connector wrote (actuator values). */
  readonly received: Buffer[];
  /** Waits until the connector is connected (the `n`th connection overall, default any). */
  connected(n?: number): Promise<Socket>;
  send(data: string | Buffer): Promise<void>;
  /** Drops the connector's connection. */
  drop(): void;
  close(): Promise<void>;
}

/** Starts a fake device on an ephemeral port. */
export async function startFakeDevice(): Promise<FakeDevice> {
  let current: Socket | undefined;
  let connections = 0;
  const received: Buffer[] = [];
  const all = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections++;
    current = socket;
    all.add(socket);
    socket.on('data', (data) => received.push(data));
    socket.on('error', () => {});
    socket.on('close', () => {
      all.delete(socket);
      if (current === socket) current = undefined;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
    received,
    connected: (n = 1) => waitFor(`device connection #${n}`, () => (connections >= n && current) || undefined),
    async send(data) {
      const socket = await waitFor('a connected connector', () => current);
      await new Promise<void>((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));
    },
    drop() {
      current?.destroy();
      current = undefined;
    },
    async close() {
      for (const socket of all) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One packet a recorder saw. */
export interface Seen {
  readonly topic: string;
  readonly text: string;
  readonly json: unknown;
  readonly retain: boolean;
  readonly qos: number;
}

/** A plain mqtt.js client recording everything under the filters it subscribed to. */
export interface Recorder {
  readonly client: MqttClient;
  readonly seen: Seen[];
  on(topic: string): Seen[];
  close(): Promise<void>;
}

/** Connects and subscribes (QoS 2, so the publisher's QoS shows) before resolving. */
export async function record(url: string, filters: readonly string[], options: IClientOptions = {}): Promise<Recorder> {
  const client = connect(url, { reconnectPeriod: 200, ...options });
  const seen: Seen[] = [];
  client.on('message', (topic, payload, packet) => {
    const text = payload.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    seen.push({ topic, text, json, retain: packet.retain, qos: packet.qos });
  });
  client.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await client.subscribeAsync(filters.map((topic) => topic), { qos: 2 });
  return {
    client,
    seen,
    on: (topic) => seen.filter((s) => s.topic === topic),
    close: () => client.endAsync(true),
  };
}

/** A Mosquitto this test owns, on its own port, that can be stopped and started again. */
export interface OwnMosquitto {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  start(): Promise<void>;
  /** SIGTERM: Mosquitto saves its persistence file (subscriber sessions) and exits. */
  stop(): Promise<void>;
}

export const mosquittoBinary = '/usr/sbin/mosquitto';

/**
 * Prepares a private Mosquitto. With persistence (the default) a subscriber's session survives
 * restarts; without, a restarted broker has forgotten every subscription.
 */
export async function ownMosquitto(persistence = true): Promise<OwnMosquitto> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sockgen-mosquitto-'));
  // Started as root, Mosquitto drops to its own user: it must be able to write its files here.
  chmodSync(dir, 0o777);
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', `persistence ${persistence}`, `persistence_location ${dir}/`, 'autosave_interval 0', `log_dest file ${dir}/mosquitto.log`, 'log_type all', ''].join('\n'));
  let child: ChildProcess | undefined;
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    dir,
    async start() {
      child = spawn(mosquittoBinary, ['-c', config], { stdio: 'ignore' });
      const deadline = Date.now() + 10_000;
      while (!(await isListening({ name: 'own mosquitto', host: '127.0.0.1', port }, 200))) {
        if (Date.now() > deadline) throw new Error(`own mosquitto did not start on ${port}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      const current = child;
      child = undefined;
      if (!current || current.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        current.once('exit', () => resolve());
        current.kill('SIGTERM');
      });
    },
  };
}

/**
 * A started private Mosquitto and a fake device, with their clean-ups registered in `cleanups`
 * (stop the broker, remove its folder, close the device).
 */
export async function ownBrokerAndDevice(cleanups: Array<() => Promise<unknown> | unknown>, persistence = true): Promise<{ broker: OwnMosquitto; device: FakeDevice }> {
  const broker = await ownMosquitto(persistence);
  await broker.start();
  cleanups.push(async () => rmSync(broker.dir, { recursive: true, force: true }));
  cleanups.push(() => broker.stop());
  const device = await startFakeDevice();
  cleanups.push(() => device.close());
  return { broker, device };
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
