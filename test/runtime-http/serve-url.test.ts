/** The URL serveFromEnvironment prints answers, also for an instance name that needs encoding. */
import { describe, expect, it } from 'vitest';
import { hostMountedSockets, serveFromEnvironment } from 'sockgen/runtime/http';
import { mount, socket } from './support.js';

const definition = socket('hello', [{ name: 'hi', routes: [{ method: 'GET', script: 'hi' }] }]);

describe('serveFromEnvironment start-up line', () => {
  it('prints the routes URL encoded as the host serves it', async () => {
    const lines: string[] = [];
    const host = await serveFromEnvironment(async (options) => hostMountedSockets([mount(definition, { hi: () => 'hi' })], options), {
      env: { PORT: '0', SOCKGEN_INSTANCE: 'team a/b' },
      log: (line) => lines.push(line),
      handleSignals: false,
    });
    try {
      const url = /serving sockets at (\S+)/.exec(lines[0] ?? '')?.[1];
      expect(url).toMatch(/\/v1\.1\/instances\/team%20a%2Fb\/endpoints\/sockets\/$/);
      const response = await fetch(`${url}hello/hi/`);
      expect([response.status, await response.json()]).toEqual([200, 'hi']);
    } finally {
      await host?.close();
    }
  });
});
