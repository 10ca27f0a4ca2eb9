/**
 * The connector loop end to end: a fake device (TCP server) → the connector → a broker (the real
 * Mosquitto on 1883, and the embedded aedes) → a plain mqtt.js subscriber checking topics,
 * payloads, retain flags and QoS.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../runtime/connector/connector.js';
import { resolveConnectorSettings, type VariableValues } from '../../runtime/connector/settings.js';
import { mosquitto, requireService } from '../support/services.js';
import { record, startFakeDevice, waitFor, type FakeDevice, type Recorder } from './support.js';

const hasMosquitto = await requireService(mosquitto);

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  readonly name: string;
  readonly device: FakeDevice;
  readonly connector: RunningConnector;
  readonly recorder: Recorder;
}

async function setup(broker: 'mosquitto' | 'embedded', variables: VariableValues): Promise<Setup> {
  const name = `test-${randomBytes(4).toString('hex')}`;
  const device = await startFakeDevice();
  cleanups.push(() => device.close());
  const settings = resolveConnectorSettings({
    CONNECTOR_NAME: name,
    MQTT_BROKER_HOST: broker === 'mosquitto' ? mosquitto.host : '',
    MQTT_BROKER_PORT: broker === 'mosquitto' ? String(mosquitto.port) : '0',
    SERVER_IP: '127.0.0.1',
    SERVER_PORT: String(device.port),
    FRAMING: 'newline',
    ...variables,
  });
  const connector = await startConnector({ settings, quiet: true, deviceBackoff: { initialMs: 50, maxMs: 200 }, brokerReconnectMs: 100 });
  cleanups.push(() => connector.stop());
  const recorder = await record(connector.brokerUrl, [`${name}/#`]);
  cleanups.push(() => recorder.close());
  await device.connected();
  return { name, device, connector, recorder };
}

async function mapDatapoints(setup: Setup, sensor: Record<string, string>, actuator: Record<string, string> = {}) {
  await setup.recorder.client.publishAsync(`${setup.name}/datapoint_map`, JSON.stringify({ sensor, actuator }), { qos: 2, retain: true });
  await waitFor('the connector to read the map', () => setup.recorder.on(`${setup.name}/logs`).some((s) => String((s.json as { msg?: string }).msg).startsWith('datapoint map')));
}

const brokers = [...(hasMosquitto ? (['mosquitto'] as const) : []), 'embedded'] as const;

describe.each(brokers)('connector against %s', (broker) => {
  it('publishes available datapoints and mapped values from JSON lines, split and coalesced', async () => {
    const s = await setup(broker, { PARSE_AS: 'JSON', SEND_RAW_MESSAGE_TO_DB: 'TRUE' });
    const topic = `${s.name}/messages/1/value`;
    // One message split across two writes.
    await s.device.send('{"temp": 21.5, "room": {"co2": 4');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await s.device.send('00, "empty": {}}, "list": [1, 2]}\n');
    const available = await waitFor('available datapoints', () =>
      s.recorder.on(`${s.name}/available_datapoints`).find((m) => Object.keys((m.json as { sensor: object }).sensor).length > 0),
    );
    expect(available.json).toEqual({ sensor: { temp: 21.5, room__co2: 400, list: [1, 2] }, actuator: {} });
    expect(available.qos).toBe(0);

    await mapDatapoints(s, { temp: topic, room__co2: `${s.name}/messages/2/value` });
    // Two messages in one write.
    await s.device.send('{"temp": 22}\n{"temp": 23, "room": {"co2": 410}}\n');
    await waitFor('value 23', () => s.recorder.on(topic).find((m) => (m.json as { value: number }).value === 23));
    const values = s.recorder.on(topic).map((m) => m.json as { value: number; timestamp: number });
    expect(values.map((v) => v.value)).toEqual([22, 23]);
    for (const v of values) expect(Number.isInteger(v.timestamp)).toBe(true);
    expect(s.recorder.on(topic).every((m) => m.qos === 0)).toBe(true);
    await waitFor('co2 value', () => s.recorder.on(`${s.name}/messages/2/value`).find((m) => (m.json as { value: number }).value === 410));

    // Raw messages: QoS 2, the text itself, one per framed message.
    const raw = await waitFor('three raw messages', () => {
      const list = s.recorder.on(`${s.name}/raw_message_to_db`);
      return list.length >= 3 ? list : undefined;
    });
    expect(raw.every((m) => m.qos === 2 && !m.retain)).toBe(true);
    expect(raw.map((m) => (m.json as { payload: { raw_message: string } }).payload.raw_message)).toEqual([
      '{"temp": 21.5, "room": {"co2": 400, "empty": {}}, "list": [1, 2]}',
      '{"temp": 22}',
      '{"temp": 23, "room": {"co2": 410}}',
    ]);
    expect((raw[0]!.json as { connector_version: string }).connector_version).toBe('0.0.0');

    // A map with a wildcard topic is refused and logged; the previous map stays in force.
    await s.recorder.client.publishAsync(`${s.name}/datapoint_map`, JSON.stringify({ sensor: { temp: `${s.name}/#` }, actuator: {} }), { qos: 1 });
    await waitFor('the refusal', () => s.recorder.on(`${s.name}/logs`).find((m) => String((m.json as { msg: string }).msg).startsWith('ignored an invalid datapoint map')));
    await s.device.send('{"temp": 24}\n');
    await waitFor('value 24 on the old topic', () => s.recorder.on(topic).find((m) => (m.json as { value: number }).value === 24));

    // Retained: a new subscriber gets the last value and the datapoint list with retain set.
    const late = await record(s.connector.brokerUrl, [topic, `${s.name}/available_datapoints`]);
    cleanups.push(() => late.close());
    const retained = await waitFor('retained value', () => late.on(topic)[0]);
    expect(retained.retain).toBe(true);
    expect((retained.json as { value: number }).value).toBe(24);
    expect((await waitFor('retained list', () => late.on(`${s.name}/available_datapoints`)[0])).retain).toBe(true);
  });

  it('parses YAML with length-prefixed framing; a broken message is logged and skipped', async () => {
    const s = await setup(broker, { PARSE_AS: 'YAML', FRAMING: 'length-prefixed' });
    const topic = `${s.name}/messages/t/value`;
    await mapDatapoints(s, { 'sensor__t': topic });
    const frame = (text: string) => {
      const body = Buffer.from(text);
      const header = Buffer.alloc(4);
      header.writeUInt32BE(body.length);
      return Buffer.concat([header, body]);
    };
    const good = frame('sensor:\n  t: 1.5\n  seen: 2024-05-01\n');
    const broken = frame('sensor: [unclosed\n');
    // Parses, but refers to itself: flattening it overflowed the stack and took the process down.
    const cyclic = frame('sensor: &x\n  again: *x\n');
    const after = frame('sensor:\n  t: 2.5\n');
    const stream = Buffer.concat([good, broken, cyclic, after]);
    // Split in the middle of the first length prefix and of the last body.
    await s.device.send(stream.subarray(0, 2));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await s.device.send(stream.subarray(2, stream.length - 3));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await s.device.send(stream.subarray(stream.length - 3));

    await waitFor('value 2.5', () => s.recorder.on(topic).find((m) => (m.json as { value: number }).value === 2.5));
    expect(s.recorder.on(topic).map((m) => (m.json as { value: number }).value)).toEqual([1.5, 2.5]);
    const log = await waitFor('a log about the skipped message', () =>
      s.recorder.on(`${s.name}/logs`).find((m) => String((m.json as { msg: string }).msg).includes('skipped a device message')),
    );
    expect(log.json).toMatchObject({ level: 30, emitter: 'parser' });
    expect(Object.keys(log.json as object).sort()).toEqual(['emitter', 'level', 'msg', 'timestamp']);
    // The YAML date became an ISO string in the datapoint list.
    const available = s.recorder.on(`${s.name}/available_datapoints`).at(-1)!.json as { sensor: Record<string, unknown> };
    expect(available.sensor['sensor__seen']).toBe('2024-05-01T00:00:00.000Z');
    expect(s.connector.stats.skipped).toBe(2);
  });

  it('regression (issue 8): an 8,000-level JSON message is logged and skipped; the next one is served', async () => {
    const s = await setup(broker, { PARSE_AS: 'JSON' });
    const topic = `${s.name}/messages/ok/value`;
    await mapDatapoints(s, { ok: topic });
    await s.device.send(`${'{"a":'.repeat(8000)}1${'}'.repeat(8000)}\n{"ok": 7}\n`);
    await waitFor('value 7', () => s.recorder.on(topic).find((m) => (m.json as { value: number }).value === 7));
    const log = await waitFor('a log about the deep message', () =>
      s.recorder.on(`${s.name}/logs`).find((m) => String((m.json as { msg: string }).msg).includes('nested deeper than')),
    );
    expect(log.json).toMatchObject({ level: 30, emitter: 'parser' });
    expect(s.connector.stats.skipped).toBe(1);
  });

  it('issue 9 #11: RAW_MESSAGE_FORMAT=PYTHON-BYTES publishes raw_message as the original did (b\'...\')', async () => {
    const s = await setup(broker, { PARSE_AS: 'JSON', SEND_RAW_MESSAGE_TO_DB: 'TRUE', RAW_MESSAGE_FORMAT: 'PYTHON-BYTES', FRAMING: 'read' });
    await s.device.send('{"t": "é"}');
    const raw = await waitFor('a raw message', () => s.recorder.on(`${s.name}/raw_message_to_db`)[0]);
    expect((raw.json as { payload: { raw_message: string } }).payload.raw_message).toBe(`b'{"t": "\\xc3\\xa9"}'`);
  });

  it('issue 9 #13: split messages under FRAMING=read get one framing hint; the log topic is rate-limited', async () => {
    const s = await setup(broker, { PARSE_AS: 'JSON', FRAMING: 'read' });
    const topic = `${s.name}/messages/ok/value`;
    await mapDatapoints(s, { ok: topic });
    // A JSON message cut in two reads, a hundred times, as fast as possible.
    for (let i = 0; i < 100; i++) {
      await s.device.send('{"ok": ');
      await new Promise((done) => setTimeout(done, 3));
      await s.device.send(`${i}}`);
      await new Promise((done) => setTimeout(done, 3));
    }
    const logs = () => s.recorder.on(`${s.name}/logs`).map((m) => m.json as { msg: string; emitter: string });
    await waitFor('the suppressed-lines report', () => logs().some((m) => m.emitter === 'logger' && /log lines suppressed/.test(m.msg)), 5000);
    expect(s.connector.stats.skipped).toBeGreaterThan(150);
    expect(logs().filter((m) => m.msg.includes('set FRAMING=newline'))).toHaveLength(1);
    // Bounded: the burst, about 5 a second refill, and the report, not ~200 skip warnings.
    expect(logs().filter((m) => m.emitter === 'parser').length).toBeLessThan(40);
  });

  it('reconnects to a device that drops, and after a receive timeout', async () => {
    const s = await setup(broker, { RECV_TIMEOUT: '0.4' });
    const topic = `${s.name}/messages/v/value`;
    await mapDatapoints(s, { v: topic });
    await s.device.send('{"v": 1}\n');
    await waitFor('value 1', () => s.recorder.on(topic).find((m) => (m.json as { value: number }).value === 1));
    s.device.drop();
    await s.device.connected(2);
    await s.device.send('{"v": 2}\n');
    await waitFor('value 2', () => s.recorder.on(topic).find((m) => (m.json as { value: number }).value === 2));
    // Silence past RECV_TIMEOUT: the connector reconnects on its own (the original exited).
    await s.device.connected(3);
    await waitFor('a timeout log', () => s.recorder.on(`${s.name}/logs`).find((m) => String((m.json as { msg: string }).msg).includes('no data from the device')));
    await s.device.send('{"v": 3}\n');
    await waitFor('value 3', () => s.recorder.on(topic).find((m) => (m.json as { value: number }).value === 3));
  });

  it("keeps the original's one-read-one-message framing for devices that rely on it", async () => {
    const s = await setup(broker, { FRAMING: 'read', RECV_BUFSIZE: '64' });
    const topic = `${s.name}/messages/x/value`;
    await mapDatapoints(s, { x: topic });
    await s.device.send('{"x": 1}');
    await waitFor('value 1', () => s.recorder.on(topic).find((m) => (m.json as { value: number }).value === 1));
    await s.device.send('{"x": 2}');
    await waitFor('value 2', () => s.recorder.on(topic).find((m) => (m.json as { value: number }).value === 2));
    expect(s.connector.stats.skipped).toBe(0);
  });

  it('sends heartbeats and forwards actuator values to the device', async () => {
    const s = await setup(broker, { HEARTBEAT_INTERVAL: '0.2' });
    const beats = await waitFor('two heartbeats', () => {
      const list = s.recorder.on(`${s.name}/heartbeat`);
      return list.length >= 2 ? list : undefined;
    });
    for (const beat of beats) {
      const { this_heartbeats_timestamp: now = 0, next_heartbeats_timestamp: next = 0 } = beat.json as Record<string, number>;
      expect(next - now).toBe(200);
      expect(beat.retain).toBe(false);
    }
    const actuatorTopic = `${s.name}/messages/setpoint/value`;
    await mapDatapoints(s, {}, { [actuatorTopic]: 'setpoint' });
    await s.recorder.client.publishAsync(actuatorTopic, JSON.stringify({ value: 21, timestamp: Date.now() }), { qos: 2 });
    await waitFor('the device to receive the value', () => Buffer.concat(s.device.received).toString().includes('\n'));
    expect(Buffer.concat(s.device.received).toString()).toBe('{"setpoint":21}\n');
  });
});
