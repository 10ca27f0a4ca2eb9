/**
 * serveFromEnvironment when listen() fails because of PORT/HOST: one line with a hint and exit
 * code 1, never an "internal error" stack (`sockgen serve --host 999.1.1.1` printed one).
 */
import { describe, expect, it } from 'vitest';
import { hostMountedSockets, serveFromEnvironment } from 'sockgen/runtime/http';
import { mount, socket } from './support.js';

const definition = socket('hello', [{ name: 'hi', routes: [{ method: 'GET', script: 'hi' }] }]);
const factory = async () => hostMountedSockets([mount(definition, { hi: () => 'hi' })]);

async function serveWith(env: Record<string, string>): Promise<{ lines: string[]; exitCode: typeof process.exitCode; served: boolean }> {
  const lines: string[] = [];
  const previous = process.exitCode;
  try {
    const host = await serveFromEnvironment(factory, { env, log: (line) => lines.push(line), handleSignals: false });
    await host?.close();
    return { lines, exitCode: process.exitCode, served: host !== undefined };
  } finally {
    process.exitCode = previous;
  }
}

describe('serveFromEnvironment listen errors', () => {
  it('turns a HOST that is not an address of this machine into one line with a hint', async () => {
    // 203.0.113.7 is TEST-NET-3: never an address of the machine running the tests.
    const { lines, exitCode, served } = await serveWith({ PORT: '0', HOST: '203.0.113.7' });
    expect(served).toBe(false);
    expect(exitCode).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sockgen: listen EADDRNOTAVAIL.*203\.0\.113\.7.*\(hint: HOST must be an address of this machine/);
  });

  it('turns a port in use into one line with a hint', async () => {
    const taken = await factory();
    const { port } = await taken.listen(0, '127.0.0.1');
    try {
      const { lines, exitCode, served } = await serveWith({ PORT: String(port), HOST: '127.0.0.1' });
      expect(served).toBe(false);
      expect(exitCode).toBe(1);
      expect(lines).toEqual([expect.stringMatching(/^sockgen: listen EADDRINUSE.*\(hint: another program listens there/)]);
    } finally {
      await taken.close();
    }
  });
});
