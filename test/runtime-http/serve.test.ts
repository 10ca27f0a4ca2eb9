import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConfigError, hostMountedSockets, resolveSocketConfig, serveFromEnvironment, type EnvironmentServerOptions } from 'sockgen/runtime/http';
import { mount, socket } from './support.js';

const definition = socket('hello', [{ name: 'hi', routes: [{ method: 'GET', script: 'hi' }] }], {
  config: { constants: {}, prompts: [{ name: 'GREETING', type: 'string', required: true }] },
});

describe('hostMountedSockets', () => {
  it('serves mounted sockets and closes what they hold', async () => {
    let closed = 0;
    const host = hostMountedSockets([{ ...mount(definition, { hi: ({ config }) => config.GREETING }, { GREETING: 'hey' }), close: async () => void closed++ }], { instance: 'x' });
    const { url } = await host.listen();
    expect(await (await fetch(`${url}/v1.1/instances/x/endpoints/sockets/hello/hi/`)).json()).toBe('hey');
    await host.close();
    expect(closed).toBe(1);
    expect(host.server.listening).toBe(false);
  });
});

describe('serveFromEnvironment', () => {
  it('passes PORT, HOST, SOCKGEN_API_KEY, SOCKGEN_INSTANCE and DATABASE_URL to the factory and listens', async () => {
    let given: EnvironmentServerOptions | undefined;
    const lines: string[] = [];
    const host = await serveFromEnvironment(
      async (options) => {
        given = options;
        const { postgresUrl: _unused, ...hostOptions } = options;
        return hostMountedSockets([mount(definition, { hi: () => 'hi' }, { GREETING: 'x' })], hostOptions);
      },
      { env: { PORT: '0', HOST: '127.0.0.1', SOCKGEN_API_KEY: 'k', SOCKGEN_INSTANCE: 'inst', DATABASE_URL: 'postgres://db/x' }, log: (line) => lines.push(line), handleSignals: false },
    );
    try {
      expect(given).toEqual({ apiKey: 'k', instance: 'inst', postgresUrl: 'postgres://db/x' });
      expect(lines[0]).toMatch(/^sockgen: serving sockets at http:\/\/127\.0\.0\.1:\d+\/v1\.1\/instances\/inst\/endpoints\/sockets\/ \(X-API-KEY required\)$/);
      const url = lines[0]!.split(' ')[4]!;
      expect(await (await fetch(`${url}hello/hi/`, { headers: { 'x-api-key': 'k' } })).json()).toBe('hi');
    } finally {
      await host?.close();
    }
  });

  it('prints a configuration error as one line and sets exit code 1', async () => {
    const lines: string[] = [];
    const previous = process.exitCode;
    try {
      const host = await serveFromEnvironment(
        async () => {
          resolveSocketConfig(definition, {}, {});
          throw new Error('unreachable');
        },
        { env: { PORT: '0' }, log: (line) => lines.push(line), handleSignals: false },
      );
      expect(host).toBeUndefined();
      expect(process.exitCode).toBe(1);
      expect(lines).toEqual(["sockgen: socket hello: missing required config value GREETING: set the environment variable GREETING or pass it in the socket's config values"]);
    } finally {
      process.exitCode = previous;
    }
  });

  it('refuses a PORT that is not a port', async () => {
    const lines: string[] = [];
    const previous = process.exitCode;
    try {
      expect(await serveFromEnvironment(async () => Promise.reject(new ConfigError('not called')), { env: { PORT: 'http' }, log: (line) => lines.push(line) })).toBeUndefined();
      expect(lines).toEqual(['sockgen: PORT must be a port number, got "http"']);
    } finally {
      process.exitCode = previous;
    }
  });
});

describe('closing a host', () => {
  it('ends a keep-alive connection whose answer was still running, so close() does not wait for its idle timeout', async () => {
    const slow = socket('slow', [{ name: 'wait', routes: [{ method: 'GET', script: 'wait' }] }]);
    const host = hostMountedSockets([mount(slow, { wait: () => new Promise((resolve) => setTimeout(() => resolve({ done: true }), 200)) })]);
    const { port } = await host.listen();
    const agent = new Agent({ keepAlive: true });
    try {
      const answer = new Promise<{ connection: string | undefined; body: string }>((resolve, reject) => {
        request({ port, path: '/v1.1/instances/default/endpoints/sockets/slow/wait/', agent }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ connection: response.headers.connection, body }));
        })
          .on('error', reject)
          .end();
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const closed = host.close();
      expect(await answer).toEqual({ connection: 'close', body: '{"done":true}' });
      await closed;
      expect(host.server.listening).toBe(false);
    } finally {
      agent.destroy();
    }
  });
});
