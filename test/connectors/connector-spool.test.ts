/**
 * Issue 8: "lose nothing" across a connector restart. QoS 1/2 messages the broker has not
 * acknowledged live in mqtt.js's store (a FileStore) and in the spool of waiting messages; a
 * stop (SIGTERM) or a crash (SIGKILL) while the broker is away keeps them, the next start sends
 * them. Against a private Mosquitto the test stops and starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../runtime/connector/file-store.js';
import { JournalFile } from '../../runtime/connector/journal-file.js';
import { mosquittoBinary, ownBrokerAndDevice, record, waitFor } from './support.js';

const root = resolve(import.meta.dirname, '../..');
const hasBinary = existsSync(mosquittoBinary);
if (!hasBinary) {
  if (process.env.CI === 'true') throw new Error(`${mosquittoBinary} is missing; CI machines must have it`);
  console.warn(`skipping the connector spool test: ${mosquittoBinary} is missing`);
}

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function temporary(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sockgen-spool-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('JournalFile and FileStore', () => {
  it('keeps puts and deletes across reopen, ignores a torn last line, revives Buffers', () => {
    const path = join(temporary(), 'sub', 'j.jsonl');
    const journal = new JournalFile<{ n: number; b?: Buffer }>(path);
    journal.set('1', { n: 1 });
    journal.set('2', { n: 2, b: Buffer.from([0, 255]) });
    journal.set('3', { n: 3 });
    journal.delete('1');
    journal.close();
    appendFileSync(path, '{"k":"4","v":{"n"'); // a write cut by a crash
    const again = new JournalFile<{ n: number; b?: Buffer }>(path);
    expect(again.keys()).toEqual(['2', '3']);
    expect(Buffer.isBuffer(again.get('2')!.b)).toBe(true);
    expect([...again.get('2')!.b!]).toEqual([0, 255]);
    again.close();
  });

  it('writes the changes of one turn together, at the end of the turn', async () => {
    const path = join(temporary(), 'turn.jsonl');
    const journal = new JournalFile<number>(path);
    journal.set('a', 1);
    journal.set('b', 2);
    expect(readFileSync(path, 'utf8')).toBe('');
    await new Promise((done) => process.nextTick(done));
    expect(readFileSync(path, 'utf8')).toBe('{"k":"a","v":1}\n{"k":"b","v":2}\n');
    journal.close();
  });

  it('compacts a journal whose lines are mostly dead', () => {
    const path = join(temporary(), 'j.jsonl');
    const journal = new JournalFile<number>(path);
    for (let i = 0; i < 5000; i++) {
      journal.set(String(i), i);
      if (i > 2) journal.delete(String(i - 3));
    }
    expect(journal.size).toBe(3);
    // The turn's 9,997 lines are written at once, then the mostly dead file is rewritten.
    journal.flush();
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    journal.close();
    expect(new JournalFile<number>(path).values()).toEqual([4997, 4998, 4999]);
  });

  it('implements mqtt.js Store: put, get, del (missing → error), stream in order', async () => {
    const path = join(temporary(), 'out.jsonl');
    let freed = 0;
    const store = new FileStore(path, () => freed++);
    store.put({ cmd: 'publish', messageId: 7, qos: 1, topic: 't', payload: 'a', dup: false, retain: false }, () => {});
    store.put({ cmd: 'pubrel', messageId: 8 }, () => {});
    store.close();
    const reopened = new FileStore(path, () => freed++);
    const streamed: unknown[] = [];
    for await (const packet of reopened.createStream()) streamed.push((packet as { messageId: number }).messageId);
    expect(streamed).toEqual([7, 8]);
    const got = await new Promise((ok) => reopened.get({ messageId: 8 }, (_e, p) => ok(p)));
    expect(got).toEqual({ cmd: 'pubrel', messageId: 8 });
    const deleted = await new Promise((ok) => reopened.del({ messageId: 7 }, (_e, p) => ok(p)));
    expect((deleted as { topic: string }).topic).toBe('t');
    const missing = await new Promise((ok) => reopened.del({ messageId: 7 }, (e) => ok(e)));
    expect(missing).toBeInstanceOf(Error);
    expect(freed).toBe(1);
    expect(reopened.size).toBe(1);
  });
});

function startChild(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [join(root, 'bin/run-ts.mjs'), join(root, 'test/connectors/spool-child.ts')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  child.once('exit', (code, signal) => {
    if (process.env.SOCKGEN_TEST_DEBUG) console.error('connector exited', code, signal, stderr);
  });
  cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<number | string | null>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode ?? child.signalCode);
    child.once('exit', (code, signal) => done(code ?? signal));
  });

describe.skipIf(!hasBinary)('spool across a restart, broker away (real Mosquitto)', () => {
  it.each(['SIGTERM', 'SIGKILL'] as const)('regression (issue 8): %s while the broker is away loses no QoS 2 message', async (signal) => {
    const { broker, device } = await ownBrokerAndDevice(cleanups);
    const name = `spool-${randomBytes(4).toString('hex')}`;
    const env = {
      CONNECTOR_NAME: name,
      MQTT_BROKER_HOST: '127.0.0.1',
      MQTT_BROKER_PORT: String(broker.port),
      SERVER_PORT: String(device.port),
      FRAMING: 'newline',
      SEND_RAW_MESSAGE_TO_DB: 'TRUE',
      SPOOL_DIR: temporary(),
    };
    const recorder = await record(broker.url, [`${name}/raw_message_to_db`], { clientId: `${name}-sub`, clean: false });
    cleanups.push(() => recorder.close());
    const raws = () => new Set(recorder.on(`${name}/raw_message_to_db`).map((m) => (m.json as { payload: { raw_message: string } }).payload.raw_message));

    const first = startChild(env);
    await device.connected(1);
    await device.send('{"n": 0}\n');
    await waitFor('message 0 through the first connector', () => raws().has('{"n": 0}'));

    await broker.stop();
    const total = 40;
    for (let i = 1; i <= total; i++) await device.send(`{"n": ${i}}\n`);
    // Give the connector time to read them all (it cannot tell us: the broker is away).
    await new Promise((done) => setTimeout(done, 800));
    first.kill(signal);
    const code = await exited(first);
    expect(code).toBe(signal === 'SIGTERM' ? 0 : 'SIGKILL');
    const spool = join(env.SPOOL_DIR, name);
    const spooled = ['outgoing.jsonl', 'waiting.jsonl'].map((file) => readFileSync(join(spool, file), 'utf8').split('\n').filter(Boolean).length);
    expect(spooled[0]! + spooled[1]!).toBeGreaterThanOrEqual(total);

    await broker.start();
    startChild(env);
    const seen = await waitFor(`all ${total + 1} raw messages after the restart`, () => (raws().size >= total + 1 ? raws() : undefined), 20_000);
    for (let i = 0; i <= total; i++) expect(seen.has(`{"n": ${i}}`)).toBe(true);
    // Everything acknowledged: the spool empties.
    await waitFor('an empty spool', () => !readFileSync(join(spool, 'outgoing.jsonl'), 'utf8').includes('"cmd":"publish"') || undefined, 10_000).catch(() => undefined);
  }, 60_000);
});
