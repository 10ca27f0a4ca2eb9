/**
 * End to end: the committed generated server of Asynction's User Account Service example
 * (AsyncAPI 2.3), wired with the committed handler stubs' shapes, over real sockets: the
 * `/admin` query binding, lifecycle handlers, emits to a namespace, and the docs page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, connectUser } from '../../generated/asyncapi/user-account-service/client.js';
import { handlers as stubHandlers } from '../../generated/asyncapi/user-account-service/handlers.js';
import { createServer, type ApiServer, type Handlers } from '../../generated/asyncapi/user-account-service/server.js';
import { SockgenError } from '../../runtime/socketio-client/index.js';

const signUps: unknown[] = [];
const adminConnects: string[] = [];
const userErrors: Error[] = [];

const handlers: Handlers = {
  '/user': {
    events: {
      'sign up': (payload) => {
        signUps.push(payload);
        // Asynction's README handler: tell the admins (through the typed namespace).
        server.namespaces['/admin'].emit('metrics', 'signup');
      },
      'log in': () => undefined,
    },
    error: (error) => {
      userErrors.push(error);
    },
  },
  '/admin': {
    connect: (socket) => {
      adminConnects.push(String(socket.handshake.query.token));
    },
  },
};

let server: ApiServer;
let url: string;
let port: number;

beforeAll(async () => {
  server = await createServer({ handlers });
  port = await server.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server?.close();
});

describe('generated AsyncAPI 2.x server and client (User Account Service)', () => {
  it('uses the path of servers.production.url', async () => {
    expect(server.io.path()).toBe('/api/socket.io');
  });

  it('refuses /admin without the token query parameter, accepts it with one and runs the connect handler', async () => {
    const refused = await connectAdmin(url, { socket: { reconnection: false } })
      .connected()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SockgenError);
    expect((refused as SockgenError).type).toBe('handshake_validation');
    expect((refused as SockgenError).errors).toEqual(["query must have required property 'token'"]);

    const admin = await connectAdmin(url, { query: { token: 'secret' } }).connected();
    admin.close();
    expect(adminConnects).toContain('secret');
  });

  it('delivers a valid sign up to its handler, whose emit reaches /admin; refuses a non-object payload', async () => {
    const admin = await connectAdmin(url, { query: { token: 't' } }).connected();
    const user = await connectUser(url).connected();
    try {
      const metric = new Promise((resolve) => admin.on('metrics', resolve));
      user.emit('sign up', { name: 'ann' });
      await expect(metric).resolves.toBe('signup');
      expect(signUps).toEqual([{ name: 'ann' }]);

      const refusal = new Promise<SockgenError>((resolve) => user.onError(resolve));
      user.emit('sign up', 'ann' as never);
      const error = await refusal;
      expect(error.errors).toEqual(['payload must be object']);
      expect(userErrors).toHaveLength(1);
      expect(signUps).toHaveLength(1);
    } finally {
      admin.close();
      user.close();
    }
  });

  it('refuses a metrics value outside its enum at the emitter', () => {
    expect(() => server.namespaces['/admin'].emit('metrics', 'logout' as never)).toThrowError(/payload must be one of "signup", "login"/);
  });

  it('serves the docs page and the document next to the Socket.IO path', async () => {
    const json = await fetch(`${url}/api/docs/asyncapi.json`);
    expect(json.status).toBe(200);
    expect(((await json.json()) as { info: { title: string } }).info.title).toBe('User Account Service');
    const page = await fetch(`${url}/api/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('User Account Service');
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
  });

  it('switches the docs off', async () => {
    const quiet = await createServer({ handlers, docs: false });
    const quietPort = await quiet.listen(0, '127.0.0.1');
    try {
      expect((await fetch(`http://127.0.0.1:${quietPort}/api/docs`)).status).toBe(404);
    } finally {
      await quiet.close();
    }
  });

  it('wires the stubs the document names (x-handler, x-handlers) into a complete handler map', () => {
    expect(Object.keys(stubHandlers['/user'].events).sort()).toEqual(['log in', 'sign up']);
    expect(typeof stubHandlers['/admin']?.connect).toBe('function');
    expect(typeof stubHandlers['/user'].error).toBe('function');
  });
});
