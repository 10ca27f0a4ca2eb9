/** Mounting sockets: config, stores and handler overrides, and no pool left open when a start fails. */
import { describe, expect, it } from 'vitest';
import { ConfigError, hostMountedSockets, mountSocket, mountSockets, type OwnedMountedSocket } from 'sockgen/runtime/http';
import { mount, socket } from './support.js';

const greeter = socket('greeter', [{ name: 'hi', routes: [{ method: 'GET', script: 'hi' }] }], {
  config: { constants: { PUNCT: '!' }, prompts: [{ name: 'SOCKGEN_TEST_GREETING', type: 'string', required: true }] },
  classes: [{ name: 'visit', fields: [{ name: 'who', type: 'string' }] }],
});

/** A mounted socket whose close() is counted. */
function counted(name: string): OwnedMountedSocket & { closed: number } {
  const entry = { ...mount(socket(name, []), {}), closed: 0, close: async () => void entry.closed++ };
  return entry;
}

describe('mountSocket', () => {
  it('resolves CONFIG, creates the class stores and applies handler overrides (an undefined one keeps the default)', async () => {
    const defaultHi = () => 'default';
    const mounted = await mountSocket(greeter, { hi: defaultHi }, {}, { config: { SOCKGEN_TEST_GREETING: 'hey' }, handlers: { hi: undefined } });
    try {
      expect(mounted.config).toEqual({ PUNCT: '!', SOCKGEN_TEST_GREETING: 'hey' });
      expect(mounted.handlers.hi).toBe(defaultHi);
      const store = mounted.store as { visit: { create(data: object): Promise<{ id: number }> } };
      expect((await store.visit.create({ who: 'ada' })).id).toBe(1);
      const replaced = await mountSocket(greeter, { hi: defaultHi }, {}, { config: { SOCKGEN_TEST_GREETING: 'x' }, handlers: { hi: () => 'mine' } });
      expect(replaced.handlers.hi).not.toBe(defaultHi);
    } finally {
      await mounted.close();
    }
  });

  it('names a missing prompted value', async () => {
    await expect(mountSocket(greeter, { hi: () => 1 }, {})).rejects.toThrow(/SOCKGEN_TEST_GREETING/);
  });
});

describe('mountSockets', () => {
  it('closes the sockets that mounted when another one fails, then rethrows its error', async () => {
    const first = counted('first');
    const second = counted('second');
    const failure = new ConfigError('socket third: missing required config value X');
    await expect(mountSockets([Promise.resolve(first), Promise.reject(failure), Promise.resolve(second)])).rejects.toBe(failure);
    expect([first.closed, second.closed]).toEqual([1, 1]);
  });

  it('hands back every socket, in order, when all mount', async () => {
    const sockets = [counted('a'), counted('b')];
    expect(await mountSockets(sockets.map((s) => Promise.resolve(s)))).toEqual(sockets);
    expect(sockets.map((s) => s.closed)).toEqual([0, 0]);
  });
});

describe('hostMountedSockets', () => {
  it('closes the sockets when the host cannot be built', async () => {
    const one = counted('twice');
    const two = counted('twice');
    expect(() => hostMountedSockets([one, two])).toThrow(ConfigError);
    await new Promise((resolve) => setImmediate(resolve));
    expect([one.closed, two.closed]).toEqual([1, 1]);
  });
});
