/**
 * Run-time fuzz of the connector (issue 8, "The same idea at run time"): random and hostile device
 * frames — JSON and YAML (deep nesting, aliases, tags, huge numbers, prototype keys, invalid
 * UTF-8) under each framing — then a good message. Property: the connector is still up and the good
 * message's value is published on its mapped topic within a bound. A length-prefixed stream with
 * a hostile length is followed by a device drop (the stream cannot be trusted), after which the
 * connector must reconnect and serve the next message.
 * Fixed seed; FUZZ_RUNS raises the number of batches (default 40 per connector, 5 frames each,
 * about 10 s in all). Counts are printed.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../runtime/connector/connector.js';
import { resolveConnectorSettings } from '../../runtime/connector/settings.js';
import { mosquitto, requireService } from '../support/services.js';
import { record, startFakeDevice, waitFor, type FakeDevice, type Recorder } from '../connectors/support.js';

const runs = Number(process.env.FUZZ_RUNS ?? 40);
const seed = Number(process.env.FUZZ_SEED ?? 20261130);
const hasMosquitto = await requireService(mosquitto);

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const hostileText = fc.oneof(
  fc.json({ maxDepth: 8 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify({ __proto__: value, constructor: value, toString: value, ok: 1 })),
  fc.nat({ max: 12_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.nat({ max: 12_000 }).map((depth) => `{"a": ${'['.repeat(depth)}${']'.repeat(depth)}}`),
  fc.constantFrom(
    'a: &x\n  b: *x',
    'a: &x [1, *x]',
    'a: &a [1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    's: !!set {a, b}\nm: !!omap [x: 1]\nb: !!binary aGVsbG8=\nd: 2024-01-01',
    '!!python/object:os.system ["echo x"]',
    '{"n": 1e400, "m": -1e400, "big": 123456789012345678901234567890}',
    '{"a": NaN}',
    '? [complex, key]\n: value',
    '---\na: 1\n---\nb: 2',
    '"just a string"',
    '[1, 2, 3]',
    'null',
    '',
    '\u0000\u0001\u0002',
    '{"emoji": "💥", "lone": "\\ud800"}',
  ),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const hostileBytes = fc.oneof(
  { arbitrary: hostileText.map((text) => Buffer.from(text)), weight: 4 },
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.constant(Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1])),
);

interface Target {
  readonly framing: 'newline' | 'length-prefixed' | 'read';
  readonly parseAs: 'JSON' | 'YAML';
}
const targets: readonly Target[] = [
  { framing: 'newline', parseAs: 'JSON' },
  { framing: 'newline', parseAs: 'YAML' },
  { framing: 'length-prefixed', parseAs: 'YAML' },
  { framing: 'length-prefixed', parseAs: 'JSON' },
  { framing: 'read', parseAs: 'JSON' },
];

interface Setup {
  readonly name: string;
  readonly device: FakeDevice;
  readonly connector: RunningConnector;
  readonly recorder: Recorder;
}

async function setup(target: Target): Promise<Setup> {
  const name = `fuzz-${randomBytes(4).toString('hex')}`;
  const device = await startFakeDevice();
  cleanups.push(() => device.close());
  const settings = resolveConnectorSettings({
    CONNECTOR_NAME: name,
    MQTT_BROKER_HOST: hasMosquitto ? mosquitto.host : '',
    MQTT_BROKER_PORT: hasMosquitto ? String(mosquitto.port) : '0',
    SERVER_PORT: String(device.port),
    FRAMING: target.framing,
    PARSE_AS: target.parseAs,
    SEND_RAW_MESSAGE_TO_DB: 'TRUE',
    LOG_LEVEL: 'CRITICAL',
  });
  const connector = await startConnector({ settings, quiet: true, deviceBackoff: { initialMs: 20, maxMs: 100 }, brokerReconnectMs: 100 });
  cleanups.push(() => connector.stop());
  const recorder = await record(connector.brokerUrl, [`${name}/messages/#`]);
  cleanups.push(() => recorder.close());
  await recorder.client.publishAsync(`${name}/datapoint_map`, JSON.stringify({ sensor: { sentinel: `${name}/messages/s/value` }, actuator: {} }), { qos: 1, retain: true });
  await device.connected();
  // The map arrives asynchronously: send a first sentinel until one gets through.
  for (let i = 0; recorder.on(`${name}/messages/s/value`).length === 0; i++) {
    if (i > 100) throw new Error('the connector never published the first sentinel');
    await device.send(frame(target, target.parseAs === 'YAML' ? 'sentinel: -1' : '{"sentinel": -1}'));
    await new Promise((done) => setTimeout(done, 100));
  }
  return { name, device, connector, recorder };
}

function frame(target: Target, body: string | Buffer): Buffer {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  if (target.framing === 'newline') return Buffer.concat([bytes, Buffer.from('\n')]);
  if (target.framing === 'length-prefixed') {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(bytes.length);
    return Buffer.concat([header, bytes]);
  }
  return bytes;
}

const outcomes: Record<string, number> = {};
afterAll(() => console.log(`connector frame fuzz (seed ${seed}): ${JSON.stringify(outcomes)}`));

describe('connector frame fuzz', () => {
  it.each(targets)('$framing / $parseAs: every batch of hostile frames leaves the connector serving', async (target) => {
    const s = await setup(target);
    let sentinel = 0;
    const label = `${target.framing}/${target.parseAs}`;
    const count = (key: string, n = 1) => (outcomes[`${label} ${key}`] = (outcomes[`${label} ${key}`] ?? 0) + n);
    await fc.assert(
      fc.asyncProperty(fc.array(hostileBytes, { minLength: 1, maxLength: 5 }), fc.boolean(), async (frames, breakLength) => {
        const before = s.device.connections;
        for (const body of frames) {
          await s.device.send(frame(target, body));
          // One read per message in `read` framing: let each frame be its own read.
          if (target.framing === 'read') await new Promise((done) => setTimeout(done, 2));
        }
        count('frames', frames.length);
        if (target.framing === 'length-prefixed' && breakLength) {
          // A length the stream cannot back (up to 4 GiB): the device drops, the connector reconnects.
          await s.device.send(Buffer.from([0xff, 0xff, 0xff, 0xf0, 0x7b]));
          s.device.drop();
          await s.device.connected(before + 1);
          count('hostile lengths');
        }
        if (target.framing === 'newline') await s.device.send('\n');
        if (target.framing === 'read') await new Promise((done) => setTimeout(done, 2));
        const value = ++sentinel;
        await s.device.send(frame(target, target.parseAs === 'YAML' ? `sentinel: ${value}` : `{"sentinel": ${value}}`));
        await waitFor(`sentinel ${value}`, () => s.recorder.on(`${s.name}/messages/s/value`).some((m) => (m.json as { value: number }).value === value), 5000);
        count('batches');
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
    count('skipped', s.connector.stats.skipped);
    expect(s.connector.stats.messages).toBeGreaterThan(runs);
  }, 120_000);
});
