/**
 * The generated connector as a user runs it: `sockgen connect socket-connector-json` in a child
 * process (embedded broker, fake device), consumed through the generated typed client; SIGTERM
 * stops it with exit code 0. Also: bad settings and unknown names exit 2 with a clear message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { SocketConnectorJsonClient } from '../../generated/connectors/socket-connector-json/client.js';
import { loadConfig } from '../../generated/connectors/socket-connector-json/config.js';
import type { InvalidPayloadError } from '../../runtime/mqtt-client/typed-client.js';
import { freePort, startFakeDevice, waitFor } from './support.js';

const root = join(import.meta.dirname, '..', '..');
const cleanups: Array<() => Promise<unknown> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function runCli(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  // A spool of its own per run: one left in the working folder would replay an earlier run's messages.
  const spool = mkdtempSync(join(tmpdir(), 'sockgen-connect-spool-'));
  cleanups.push(() => rmSync(spool, { recursive: true, force: true }));
  const child = spawn(process.execPath, [join(root, 'bin/sockgen.mjs'), ...args], { cwd: root, env: { ...process.env, SPOOL_DIR: spool }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

function envFile(lines: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sockgen-connect-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, '.env');
  writeFileSync(file, Object.entries(lines).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  return file;
}

describe('generated connector socket-connector-json', () => {
  it('validates its config: env overrides the spec, bad values are errors', () => {
    expect(loadConfig({}).deviceHost).toBe('192.168.1.40');
    expect(loadConfig({ SERVER_IP: '127.0.0.1', RECV_TIMEOUT: '5' })).toMatchObject({ deviceHost: '127.0.0.1', recvTimeout: 5, framing: 'newline', parseAs: 'json' });
    expect(() => loadConfig({ SERVER_PORT: 'x' })).toThrow(/SERVER_PORT must be a whole number/);
  });

  it('runs under `sockgen connect`, serves the typed client, and stops on SIGTERM', async () => {
    const device = await startFakeDevice();
    cleanups.push(() => device.close());
    const brokerPort = await freePort();
    const file = envFile({ MQTT_BROKER_HOST: 'embedded', MQTT_BROKER_PORT: String(brokerPort), SERVER_IP: '127.0.0.1', SERVER_PORT: String(device.port), HEARTBEAT_INTERVAL: '0.5' });
    const cli = runCli(['connect', 'socket-connector-json', '--env-file', file]);
    cleanups.push(() => void cli.child.kill('SIGKILL'));
    await device.connected();

    const mqtt = connect(`mqtt://127.0.0.1:${brokerPort}`);
    cleanups.push(() => mqtt.endAsync(true));
    await new Promise((resolve) => mqtt.once('connect', resolve));
    const invalid: InvalidPayloadError[] = [];
    const client = new SocketConnectorJsonClient(mqtt, { onInvalid: (error) => invalid.push(error) });
    const values: Array<{ id: string; key: string | undefined; value: unknown }> = [];
    const datapoints: Array<Record<string, unknown>> = [];
    let beats = 0;
    await client.onHeartbeat(() => beats++);
    await client.onAvailableDatapoints((message) => datapoints.push(message.sensor));
    await client.publishDatapointMap({ sensor: { temperature: client.topics.value('1') }, actuator: { [client.topics.value('2')]: 'setpoint' } });
    await client.onValue((message, id, key) => values.push({ id, key, value: message.value }));
    // The map is retained: the connector may subscribe before or after; give it time to apply it.
    await waitFor('the connector to apply the map', () => cli.output().includes('datapoint map:'));

    await device.send('{"temperature": 21.5, "meter": {"power": 3}}\n');
    await waitFor('a typed value', () => values.find((v) => v.value === 21.5));
    expect(values[0]).toEqual({ id: '1', key: 'temperature', value: 21.5 });
    await waitFor('available datapoints', () => datapoints.find((d) => 'meter__power' in d));
    await waitFor('a heartbeat', () => beats > 0);

    // A value that breaks the datapoint's schema is reported, not delivered.
    await new Promise<void>((resolve) => mqtt.publish(client.topics.value('1'), JSON.stringify({ value: 'hot', timestamp: 1 }), { qos: 1 }, () => resolve()));
    await waitFor('an invalid payload report', () => invalid.length > 0);
    expect(values.some((v) => v.value === 'hot')).toBe(false);

    // Actuator values are checked before sending, then forwarded to the device.
    await expect(client.publishActuatorValue('setpoint', 99)).rejects.toThrow(/must be <= 30/);
    await client.publishActuatorValue('setpoint', 21);
    await waitFor('the device to get the setpoint', () => Buffer.concat(device.received).toString().includes('\n'));
    expect(Buffer.concat(device.received).toString()).toBe('{"setpoint":21}\n');

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('SIGTERM received; shutting down');
  });

  it('exits 2 with every bad setting named', async () => {
    const file = envFile({ SERVER_PORT: 'abc', PARSE_AS: 'XML' });
    const cli = runCli(['connect', 'socket-connector-json', '--env-file', file]);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('SERVER_PORT must be a whole number, not `abc`');
    expect(cli.output()).toContain('PARSE_AS must be one of JSON, YAML, not `XML`');
  });

  it('reads --env (Node itself exits 9 on a missing `--env-file`, so --env is the safe spelling)', async () => {
    const bad = runCli(['connect', 'socket-connector-json', '--env', envFile({ SERVER_PORT: 'abc' })]);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('SERVER_PORT must be a whole number, not `abc`');
    const missing = runCli(['connect', 'socket-connector-json', '--env', join(tmpdir(), 'sockgen-no-such-dir', '.env')]);
    expect(await missing.exited).toBe(2);
    expect(missing.output()).toMatch(/env file .*sockgen-no-such-dir.* not found/);
  });

  it('exits 2 for a connector that was not generated', async () => {
    const cli = runCli(['connect', 'nope']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toMatch(/no generated connector `nope` \(known: .*socket-connector-json/);
  });
});
