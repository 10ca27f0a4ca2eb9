/**
 * Connector throughput and latency: messages/s from a fake device through the connector into
 * Mosquitto (counted at a subscriber), against a plain mqtt.js loop publishing the same value
 * payloads in the same run; then p50/p99 device-to-subscriber latency at a paced rate.
 * Run: node bin/run-ts.mjs bench/connector.ts  (falls back to the embedded broker without Mosquitto)
 */
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { connect, type MqttClient } from 'mqtt';
import { startConnector } from '../runtime/connector/connector.js';
import { startEmbeddedBroker } from '../runtime/connector/broker.js';
import { resolveConnectorSettings } from '../runtime/connector/settings.js';
import { isListening, mosquitto } from '../test/support/services.js';

const messages = Number(process.env.BENCH_MESSAGES ?? 10_000);
// Rounds alternate connector and peer, so load from other processes hits both alike; medians are reported.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const latencyMessages = 2_000;
const keys = ['temperature', 'meter__power', 'meter__energy', 'status', 'seq'] as const;
const now = () => performance.timeOrigin + performance.now();

const deviceMessage = (seq: number, sentAt = 0) =>
  JSON.stringify({ temperature: 21.5 + (seq % 10) / 10, meter: { power: 3.2, energy: 1000 + seq }, status: 'ok', seq, sent_at: sentAt }) + '\n';

async function main(): Promise<void> {
  const useMosquitto = await isListening(mosquitto);
  const embedded = useMosquitto ? undefined : await startEmbeddedBroker(0);
  const brokerUrl = embedded?.url ?? `mqtt://${mosquitto.host}:${mosquitto.port}`;
  const name = `bench-${randomBytes(3).toString('hex')}`;
  const topic = (key: string) => `${name}/messages/${key}/value`;

  // The fake device: a TCP server the connector dials.
  let deviceSocket: Socket | undefined;
  const device = createServer((socket) => (deviceSocket = socket));
  await new Promise<void>((resolve) => device.listen(0, '127.0.0.1', resolve));
  const settings = resolveConnectorSettings({
    CONNECTOR_NAME: name,
    MQTT_BROKER_HOST: embedded ? 'embedded' : mosquitto.host,
    MQTT_BROKER_PORT: String(embedded ? embedded.port : mosquitto.port),
    SERVER_IP: '127.0.0.1',
    SERVER_PORT: String((device.address() as AddressInfo).port),
    FRAMING: 'newline',
    RECV_BUFSIZE: '65536',
  });
  // Point the connector at the broker we chose (embedded: the one started above).
  const connector = await startConnector({ settings: embedded ? { ...settings, brokerHost: '127.0.0.1' } : settings, quiet: true });
  const subscriber = await connected(connect(brokerUrl));
  const publisher = await connected(connect(brokerUrl));

  let received = 0;
  let lastAt = 0;
  const latencies: number[] = [];
  let measureLatency = false;
  subscriber.on('message', (t, payload) => {
    received++;
    lastAt = now();
    if (measureLatency && t === topic('sent_at')) latencies.push(now() - (JSON.parse(payload.toString()) as { value: number }).value);
  });
  await subscriber.subscribeAsync(`${name}/messages/+/value`, { qos: 0 });
  await publisher.publishAsync(`${name}/datapoint_map`, JSON.stringify({ sensor: Object.fromEntries(keys.map((k) => [k, topic(k)])), actuator: {} }), { qos: 2, retain: true });
  while (!deviceSocket) await sleep(10);
  await sleep(300);

  const expected = messages * keys.length;
  const waitFor = async (count: number, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (received < count && Date.now() < deadline) await sleep(5);
    // Let stragglers in, then stop: what arrived is what counts.
    await sleep(50);
  };

  const payload = Buffer.from(Array.from({ length: messages }, (_, i) => deviceMessage(i)).join(''));
  // 1. Connector: device → connector → broker → subscriber.
  const runConnector = async () => {
    received = 0;
    const start = now();
    for (let offset = 0; offset < payload.length; offset += 64 * 1024) deviceSocket!.write(payload.subarray(offset, offset + 64 * 1024));
    await waitFor(expected);
    return { rate: received / keys.length / ((lastAt - start) / 1000), received };
  };
  // 2. Peer: a plain mqtt.js loop publishing the same value payloads, same QoS and retain.
  const runPeer = async () => {
    received = 0;
    const start = now();
    for (let i = 0; i < messages; i++) {
      const values: Record<string, unknown> = { temperature: 21.5 + (i % 10) / 10, meter__power: 3.2, meter__energy: 1000 + i, status: 'ok', seq: i };
      const timestamp = Date.now();
      for (const key of keys) publisher.publish(topic(key), JSON.stringify({ value: values[key], timestamp }), { qos: 0, retain: true });
    }
    await waitFor(expected);
    return { rate: received / keys.length / ((lastAt - start) / 1000), received };
  };
  const connectorRuns: Array<{ rate: number; received: number }> = [];
  const peerRuns: Array<{ rate: number; received: number }> = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate who goes first: a warm-up or a burst of outside load then favours neither.
    let c: { rate: number; received: number };
    let p: { rate: number; received: number };
    if (round % 2 === 0) {
      c = await runConnector();
      p = await runPeer();
    } else {
      p = await runPeer();
      c = await runConnector();
    }
    connectorRuns.push(c);
    peerRuns.push(p);
    ratios.push(c.rate / p.rate);
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  const connectorRate = median(connectorRuns.map((r) => r.rate));
  const peerRate = median(peerRuns.map((r) => r.rate));
  const connectorReceived = Math.min(...connectorRuns.map((r) => r.received));
  const peerReceived = Math.min(...peerRuns.map((r) => r.received));

  // 3. Latency at a paced rate (500 messages/s), measured on the `sent_at` datapoint.
  await publisher.publishAsync(`${name}/datapoint_map`, JSON.stringify({ sensor: { sent_at: topic('sent_at') }, actuator: {} }), { qos: 2, retain: true });
  await sleep(300);
  measureLatency = true;
  for (let i = 0; i < latencyMessages; i++) {
    deviceSocket.write(deviceMessage(i, now()));
    await sleep(2);
  }
  await sleep(500);
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;

  const rows = [
    ['broker', useMosquitto ? 'Mosquitto 127.0.0.1:1883' : 'embedded aedes (no Mosquitto)'],
    ['device messages', `${messages} per round (${keys.length} values each), ${rounds} rounds`],
    ['connector: device msgs/s', `${Math.round(connectorRate)} median (min ${connectorReceived}/${expected} values arrived)`],
    ['plain mqtt.js loop: msgs/s', `${Math.round(peerRate)} median (min ${peerReceived}/${expected} values arrived)`],
    ['ratio connector / plain', `${median(ratios).toFixed(2)}x median of rounds [${ratios.map((r) => r.toFixed(2)).join(', ')}] (aim >= 0.8x)`],
    ['latency p50 (device → subscriber)', `${percentile(50).toFixed(2)} ms`],
    ['latency p99', `${percentile(99).toFixed(2)} ms (${latencies.length}/${latencyMessages} samples at 500 msg/s)`],
  ];
  const width = Math.max(...rows.map(([label]) => label!.length));
  console.log(`\nconnector benchmark\n${rows.map(([label, value]) => `  ${label!.padEnd(width)}  ${value}`).join('\n')}\n`);

  await publisher.publishAsync(`${name}/datapoint_map`, '', { qos: 1, retain: true });
  await connector.stop();
  await subscriber.endAsync(true);
  await publisher.endAsync(true);
  deviceSocket.destroy();
  device.close();
  await embedded?.close();
  // Clear the retained values this run left on the shared broker.
  if (useMosquitto) {
    const cleaner = await connected(connect(brokerUrl));
    for (const key of [...keys, 'sent_at']) await cleaner.publishAsync(topic(key), '', { qos: 1, retain: true });
    for (const suffix of ['available_datapoints', 'logs']) await cleaner.publishAsync(`${name}/${suffix}`, '', { qos: 1, retain: true });
    await cleaner.endAsync();
  }
}

function connected(client: MqttClient): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

await main();
