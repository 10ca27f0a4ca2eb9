/**
 * End to end: the generated services server entry and generated client over real sockets —
 * reserve → websocket → bytes through a real TCP echo instance → close → instance stopped.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { connect, createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createServicesClient } from '../../generated/services/client.js';
import { services } from '../../generated/services/server.js';
import { ReservationError } from '../../runtime/tunnel-client/index.js';
import { startTunnelServer, type ServiceDefinition, type TcpTarget, type TunnelServer, type TunnelServerOptions } from '../../runtime/tunnel/index.js';
import { accepts, closed, closedPort, echo, eventually, openTunnel, receive, refusal } from './tunnel-helpers.js';

const securityToken = 'test-secret';
const running: TunnelServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

interface Tracker {
  starts: Array<{ service: string; index: number; target: TcpTarget }>;
  stops: number;
}

/** The generated services, with their instances recorded so tests can see start/stop. */
function tracked(definitions: readonly ServiceDefinition[], tracker: Tracker): ServiceDefinition[] {
  return definitions.map((definition) => ({
    ...definition,
    create: () => {
      const instance = definition.create();
      return {
        async start(index, options, context) {
          const target = await instance.start(index, options, context);
          tracker.starts.push({ service: context.service, index, target });
          return target;
        },
        async stop() {
          await instance.stop();
          tracker.stops++;
        },
      };
    },
  }));
}

async function serve(options: TunnelServerOptions = {}) {
  const tracker: Tracker = { starts: [], stops: 0 };
  const server = await startTunnelServer({ host: '127.0.0.1', securityToken, log: () => {}, services: tracked(services, tracker), ...options });
  running.push(server);
  const client = createServicesClient({ baseUrl: server.url, securityToken });
  return { server, client, tracker };
}

/** A tunnel server with one service, `count` instances at once, each started by `start`, and its client. */
async function serveOneService(name: string, start: () => TcpTarget | Promise<TcpTarget>, count = 1) {
  const server = await startTunnelServer({ host: '127.0.0.1', log: () => {}, services: [{ name, count, options: {}, create: () => ({ start, stop: () => {} }) }] });
  running.push(server);
  const client = createServicesClient({ baseUrl: server.url });
  return { server, client, token: async () => (await client.reserve(name as never)).token };
}

/** A tunnel server whose fixed target records every byte it gets and whether its socket closed. */
async function tunnelToCollector() {
  const collected: Buffer[] = [];
  let closed = false;
  const collector = createServer((socket) => {
    socket.on('data', (data) => collected.push(data));
    socket.on('close', () => (closed = true));
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const { port } = collector.address() as AddressInfo;
  const server = await startTunnelServer({ host: '127.0.0.1', log: () => {}, fixedTarget: { host: '127.0.0.1', port } });
  running.push(server);
  return { server, collector, collected, targetClosed: () => closed };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, text: await response.text() };
}

describe('tunnel server', () => {
  it('reserves, tunnels bytes to the instance, and stops it when the websocket closes', async () => {
    const { server, client, tracker } = await serve();
    const reservation = await client.reserveLocalSoftwareSession({ size: '1280x1024' });
    expect(reservation.service).toBe('Local Software Session');
    expect(reservation.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(reservation.expires_at)).toBeGreaterThan(Date.now());

    const ws = await openTunnel(client.websocketUrl(reservation.token, '/any/path/is/ignored'));
    const payload = randomBytes(256 * 1024);
    expect((await echo(ws, payload)).equals(payload)).toBe(true);
    expect(tracker.starts).toEqual([{ service: 'Local Software Session', index: 0, target: expect.objectContaining({ host: '127.0.0.1' }) }]);

    const status = await client.status();
    const local = status.services.find((s) => s.name === 'Local Software Session')!;
    expect(local.instances).toEqual([expect.objectContaining({ index: 0, token: reservation.token })]);
    expect(local.reservations).toEqual([]);

    const port = tracker.starts[0]!.target.port;
    expect(await accepts(port)).toBe(true);
    ws.close();
    await eventually(() => tracker.stops === 1);
    expect(await accepts(port)).toBe(false);
    await eventually(async () => (await client.status()).services.every((s) => s.instances.length === 0));
    expect(server.activeTunnels()).toBe(0);

    // The freed index is handed out again.
    const next = await openTunnel(client.websocketUrl((await client.reserveLocalSoftwareSession()).token));
    await eventually(() => tracker.starts.length === 2);
    expect(tracker.starts[1]!.index).toBe(0);
    next.close();
  });

  it('delivers every byte in order when the page reads slowly (backpressure both ways)', async () => {
    const { client } = await serve();
    const ws = await openTunnel(client.websocketUrl((await client.reserveLocalSoftwareSession()).token));
    const payload = randomBytes(24 * 1024 * 1024);
    const received = receive(ws, payload.length);
    // The page stops reading while 24 MiB go out: the tunnel must hold back (pause the echo's
    // socket, then the websocket) rather than drop or reorder anything.
    ws.pause();
    for (let offset = 0; offset < payload.length; offset += 256 * 1024) ws.send(payload.subarray(offset, offset + 256 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 300));
    ws.resume();
    expect((await received).equals(payload)).toBe(true);
    ws.close();
  });

  it('keeps each tunnel\'s bytes apart when several pages read slowly while their instances write in uneven pieces', async () => {
    // Reads from instances land in buffers the process reuses once the websocket has written
    // them: a buffer handed back too early would show here as another tunnel's bytes.
    const payloads = new Map<number, Buffer>();
    const writer = createServer((socket) => {
      socket.once('data', (request) => {
        const payload = payloads.get(request.readUInt8(0))!;
        let offset = 0;
        const writeSome = () => {
          while (offset < payload.length) {
            const size = 1 + ((offset * 7919) % (300 * 1024)); // 1 B to 300 KiB: some reads copied, most lent
            const more = socket.write(payload.subarray(offset, offset + size));
            offset += size;
            if (!more) return void socket.once('drain', writeSome);
          }
        };
        writeSome();
      });
    });
    await new Promise<void>((resolve) => writer.listen(0, '127.0.0.1', resolve));
    const { port } = writer.address() as AddressInfo;
    const { client, token } = await serveOneService('writer', () => ({ host: '127.0.0.1', port }), 3);
    const received = await Promise.all(
      [0, 1, 2].map(async (id) => {
        payloads.set(id, randomBytes(6 * 1024 * 1024));
        const ws = await openTunnel(client.websocketUrl(await token()));
        const bytes = receive(ws, payloads.get(id)!.length);
        ws.pause(); // the instance writes on while the page does not read: the tunnel queues and pauses
        ws.send(Buffer.from([id]));
        await new Promise((resolve) => setTimeout(resolve, 200));
        ws.resume();
        const all = await bytes;
        ws.close();
        return all;
      }),
    );
    received.forEach((bytes, id) => expect(bytes.equals(payloads.get(id)!), `tunnel ${id}`).toBe(true));
    writer.close();
  });

  it('hands the instance every byte the page sent before its socket ended', async () => {
    const { server, collector, collected, targetClosed } = await tunnelToCollector();
    const ws = await openTunnel(server.wsUrl);
    await eventually(() => server.activeTunnels() === 1);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the target is connected
    const sent = [Buffer.from('a'), randomBytes(100 * 1024), Buffer.from('last words')];
    for (const part of sent) ws.send(part);
    // The page's socket ends right after the data (no close frame), so its end and its last
    // frames can arrive in one read: the tunnel ends in the same turn as it receives them.
    ws.terminate();
    await eventually(targetClosed);
    expect(Buffer.concat(collected).equals(Buffer.concat(sent))).toBe(true);
    collector.close();
  });

  it('gives concurrent instances distinct indexes and answers 503 when count is used up', async () => {
    const { client, tracker } = await serve();
    const first = await client.reserveLocalSoftwareSession();
    const second = await client.reserveLocalSoftwareSession();
    const refused = await client.reserveLocalSoftwareSession().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ReservationError);
    expect((refused as ReservationError).status).toBe(503);
    expect((refused as ReservationError).message).toMatch(/"Local Software Session" has all 2 instances in use or reserved \(count 2\)/);

    const a = await openTunnel(client.websocketUrl(first.token));
    const b = await openTunnel(client.websocketUrl(second.token));
    await eventually(() => tracker.starts.length === 2);
    expect(tracker.starts.map((s) => s.index).sort()).toEqual([0, 1]);
    a.close();
    await eventually(() => tracker.stops === 1);
    // A stopped instance frees its place for a new reservation.
    await expect(client.reserveLocalSoftwareSession()).resolves.toMatchObject({ service: 'Local Software Session' });
    b.close();
  });

  it('answers the token as text with ?format=text', async () => {
    const { server } = await serve();
    const response = await get(`${server.url}/v1/reserve/Local%20Software%20Session?format=text&security_token=${securityToken}`);
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/^[0-9a-f-]{36}\n$/);
  });

  it('refuses unknown, expired and reused tokens before the upgrade', async () => {
    const { client } = await serve({ reservationTimeoutMs: 150 });
    expect(await refusal(client.websocketUrl('no-such-token'))).toBe(401);
    expect(await refusal(`${client.websocketUrl('x').replace(/\?.*$/, '')}`)).toBe(401);

    const expiring = await client.reserveLocalSoftwareSession();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await refusal(client.websocketUrl(expiring.token))).toBe(401);
    expect((await client.status()).services.flatMap((s) => s.reservations)).toEqual([]);

    const once = await client.reserveLocalSoftwareSession();
    const ws = await openTunnel(client.websocketUrl(once.token));
    expect(await refusal(client.websocketUrl(once.token))).toBe(401);
    ws.close();
    await closed(ws);
    expect(await refusal(client.websocketUrl(once.token))).toBe(401);
  });

  it('limits a group service to members of the group', async () => {
    const { server, client } = await serve();
    await expect(client.reserveClusterNodeSession()).rejects.toMatchObject({ status: 403, message: expect.stringContaining('"ClusterRendering"') });
    const member = createServicesClient({ baseUrl: server.url, securityToken, headers: { 'x-sockgen-user': 'ana', 'x-sockgen-groups': 'staff, ClusterRendering' } });
    const reservation = await member.reserveClusterNodeSession();
    expect((await member.status()).services.find((s) => s.name === 'Cluster Node Session')!.reservations).toEqual([
      { token: reservation.token, expires_at: reservation.expires_at, user: 'ana' },
    ]);
  });

  it('identifies users with a custom resolveUser', async () => {
    const { server } = await serve({ resolveUser: (request) => (request.headers.authorization === 'Bearer render-farm' ? { name: 'farm', groups: ['ClusterRendering'] } : undefined) });
    const url = `${server.url}/v1/reserve/Cluster%20Node%20Session?security_token=${securityToken}`;
    expect((await get(url)).status).toBe(403);
    expect((await get(url, { 'x-sockgen-groups': 'ClusterRendering' })).status).toBe(403);
    expect((await get(url, { authorization: 'Bearer render-farm' })).status).toBe(200);
  });

  it('requires the security token on every route', async () => {
    const { server } = await serve();
    for (const path of ['/v1/reserve/Local%20Software%20Session', '/v1/release/x', '/v1/status', '/v1/status_view', '/v1/stop']) {
      expect((await get(`${server.url}${path}`)).status, path).toBe(401);
      expect((await get(`${server.url}${path}?security_token=wrong`)).status, path).toBe(401);
    }
    expect((await get(`${server.url}/v1/status?security_token=${securityToken}`)).status).toBe(200);
  });

  it('answers 404 for unknown services, tokens and routes, and keeps serving', async () => {
    const { server, client } = await serve();
    const unknown = await get(`${server.url}/v1/reserve/Nope?security_token=${securityToken}`);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toEqual({ error: 'unknown service "Nope"', services: ['Cluster Node Session', 'Local Software Session'] });
    expect((await get(`${server.url}/v1/release/nope?security_token=${securityToken}`)).status).toBe(404);
    expect((await get(`${server.url}/v2/status?security_token=${securityToken}`)).status).toBe(404);
    expect((await get(`${server.url}/v1/reserve/%E0%A4%A?security_token=${securityToken}`)).status).toBe(404);
    expect((await fetch(`${server.url}/v1/status?security_token=${securityToken}`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${server.url}/v1/status?security_token=${securityToken}`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${server.url}/v1/stop?security_token=${securityToken}`, { method: 'HEAD' })).status).toBe(405);
    await expect(client.status()).resolves.toMatchObject({ static_tokens: 0 });
  });

  it('releases a reservation, and releasing a running token ends its tunnel', async () => {
    const { client, tracker } = await serve();
    const unused = await client.reserveLocalSoftwareSession();
    await client.release(unused.token);
    expect(await refusal(client.websocketUrl(unused.token))).toBe(401);

    const used = await client.reserveLocalSoftwareSession();
    const ws = await openTunnel(client.websocketUrl(used.token));
    await eventually(() => tracker.starts.length === 1);
    const ended = closed(ws);
    await client.release(used.token);
    expect(await ended).toEqual({ code: 1000, reason: 'released' });
    await eventually(() => tracker.stops === 1);
  });

  it('hands the instance the bytes that came before a text frame, then closes with 1003', async () => {
    const { server, collector, collected, targetClosed } = await tunnelToCollector();
    const ws = await openTunnel(server.wsUrl);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the target is connected
    // Both frames arrive in one read: the tunnel ends in the same turn as it takes the bytes.
    ws.send(Buffer.from('valid bytes'));
    ws.send('a text frame');
    expect(await closed(ws)).toEqual({ code: 1003, reason: 'binary frames only' });
    await eventually(targetClosed);
    expect(Buffer.concat(collected).toString()).toBe('valid bytes');
    collector.close();
  });

  it('closes with 1003 on a text frame and stops the instance', async () => {
    const { client, tracker } = await serve();
    const ws = await openTunnel(client.websocketUrl((await client.reserveLocalSoftwareSession()).token));
    const ended = closed(ws);
    ws.send('hello as text');
    expect(await ended).toEqual({ code: 1003, reason: 'binary frames only' });
    await eventually(() => tracker.stops === 1);
  });

  it('accepts no subprotocol, binary (preferred) or base64 (issue 9: old noVNC), and refuses others', async () => {
    const { client } = await serve();
    const ws = await openTunnel(client.websocketUrl((await client.reserveLocalSoftwareSession()).token), ['base64', 'binary']);
    expect(ws.protocol).toBe('binary');
    ws.close();
    expect(await refusal(client.websocketUrl((await client.reserveLocalSoftwareSession()).token), 'chat')).toBe(400);
  });

  it('closes with 1011 when the instance does not start or its port is unreachable', async () => {
    const port = await closedPort();
    const stops: string[] = [];
    const broken = (name: string, start: () => Promise<TcpTarget>): ServiceDefinition => ({ name, count: 1, options: {}, create: () => ({ start, stop: () => void stops.push(name) }) });
    const server = await startTunnelServer({
      host: '127.0.0.1',
      log: () => {},
      startTimeoutMs: 400,
      services: [broken('closed port', async () => ({ host: '127.0.0.1', port })), broken('throws', async () => Promise.reject(new Error('no licence'))), broken('hangs', () => new Promise(() => {}))],
    });
    running.push(server);
    const client = createServicesClient({ baseUrl: server.url });
    for (const name of ['closed port', 'throws', 'hangs'] as const) {
      const ws = await openTunnel(client.websocketUrl((await client.reserve(name as never)).token));
      expect(await closed(ws), name).toEqual({ code: 1011, reason: 'target unreachable' });
    }
    await eventually(() => stops.length === 3);
    expect((await client.status()).services.flatMap((s) => s.instances)).toEqual([]);
  });

  it('stops an instance whose start finishes after the websocket closed, and frees an index whose stop hangs', async () => {
    const events: string[] = [];
    let releaseStart: () => void = () => {};
    const server = await startTunnelServer({
      host: '127.0.0.1',
      log: (line) => events.push(`log: ${line}`),
      startTimeoutMs: 2000,
      services: [
        {
          name: 'slow',
          count: 1,
          options: {},
          create: () => ({
            start: () => new Promise<TcpTarget>((resolve) => (releaseStart = () => (events.push('started'), resolve({ host: '127.0.0.1', port: 9 })))),
            stop: () => void events.push('stopped'),
          }),
        },
        { name: 'stuck', count: 1, options: {}, create: () => ({ start: () => ({ host: '127.0.0.1', port: 9 }), stop: () => new Promise<void>(() => {}) }) },
      ],
    });
    running.push(server);
    const client = createServicesClient({ baseUrl: server.url });
    const ws = await openTunnel(client.websocketUrl((await client.reserve('slow' as never)).token));
    ws.close();
    await closed(ws);
    releaseStart();
    await eventually(() => events.includes('stopped'));
    expect(events.filter((e) => !e.startsWith('log:'))).toEqual(['started', 'stopped']);
    await eventually(async () => (await client.status()).services.every((s) => s.instances.length === 0));

    const stuck = await openTunnel(client.websocketUrl((await client.reserve('stuck' as never)).token));
    stuck.close();
    await eventually(() => events.some((e) => e.includes('stuck #0: stop() did not finish')), 10_000);
    await expect(client.reserve('stuck' as never)).resolves.toMatchObject({ service: 'stuck' });
  });

  it('keeps bytes the page sends before the instance has started', async () => {
    const { startEchoServer } = await import('../../handlers/services/echo-server.js');
    const echoServer = await startEchoServer();
    const { client, token } = await serveOneService('slow echo', () => new Promise<TcpTarget>((resolve) => setTimeout(() => resolve(echoServer), 300)));
    const ws = await openTunnel(client.websocketUrl(await token()));
    const received: Buffer[] = [];
    ws.on('message', (data: Buffer) => received.push(data));
    for (const word of ['early ', 'bytes ', 'stay']) ws.send(Buffer.from(word));
    await eventually(() => Buffer.concat(received).length >= 16);
    expect(Buffer.concat(received).toString()).toBe('early bytes stay');
    ws.close();
    await echoServer.close();
  });

  it('closes with 1000 when the instance closes its end', async () => {
    // An instance that greets and hangs up, like a desktop session the user logged out of.
    const greeter = createServer((socket) => socket.end('bye'));
    await new Promise<void>((resolve) => greeter.listen(0, '127.0.0.1', resolve));
    const port = (greeter.address() as AddressInfo).port;
    const { client, token } = await serveOneService('greeter', () => ({ host: '127.0.0.1', port }));
    const ws = await openTunnel(client.websocketUrl(await token()));
    const messages: string[] = [];
    ws.on('message', (data: Buffer) => messages.push(data.toString()));
    expect(await closed(ws)).toEqual({ code: 1000, reason: 'target closed' });
    expect(messages.join('')).toBe('bye');
    greeter.close();
  });

  it('closes idle tunnels when an idle timeout is set', async () => {
    const { client, tracker } = await serve({ idleTimeoutMs: 200 });
    const ws = await openTunnel(client.websocketUrl((await client.reserveLocalSoftwareSession()).token));
    expect(await closed(ws)).toEqual({ code: 1001, reason: 'idle timeout' });
    await eventually(() => tracker.stops === 1);
  });

  it('close() ends tunnels and stops their instances before it resolves', async () => {
    const tracker: Tracker = { starts: [], stops: 0 };
    const server = await startTunnelServer({ host: '127.0.0.1', log: () => {}, services: tracked(services, tracker) });
    const client = createServicesClient({ baseUrl: server.url });
    const ws = await openTunnel(client.websocketUrl((await client.reserveLocalSoftwareSession()).token));
    await echo(ws, Buffer.from('up'));
    const ended = closed(ws);
    await server.close();
    expect(tracker.stops).toBe(1);
    expect((await ended).code).toBe(1001);
  });

  it('drops a tunnel whose peer stopped answering pings, and stops its instance', async () => {
    const { client, tracker } = await serve({ pingIntervalMs: 100 });
    const url = client.websocketUrl((await client.reserveLocalSoftwareSession()).token);
    // A peer that vanished: its websocket never answers pings.
    const silent = new WebSocket(url, { autoPong: false });
    await new Promise((resolve) => silent.once('open', resolve));
    const answering = await openTunnel(client.websocketUrl((await client.reserveLocalSoftwareSession()).token));
    expect((await closed(silent)).code).toBe(1006);
    await eventually(() => tracker.stops === 1);
    expect((await echo(answering, Buffer.from('still here'))).toString()).toBe('still here');
    answering.close();
  });

  it('keeps a peer whose pong waits behind a large frame while the instance is slow to read', async () => {
    // The instance reads nothing for 600 ms, so the tunnel stops reading the peer, whose pong
    // then sits behind the rest of an 8 MiB frame: with pings every 50 ms, the tunnel must not
    // take that for a vanished peer.
    const target = createServer((socket) => {
      socket.pause();
      setTimeout(() => socket.pipe(socket), 600);
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const { port } = target.address() as AddressInfo;
    const server = await startTunnelServer({ host: '127.0.0.1', log: () => {}, fixedTarget: { host: '127.0.0.1', port }, pingIntervalMs: 50 });
    running.push(server);
    const ws = await openTunnel(server.url.replace(/^http/, 'ws') + '/');
    const payload = randomBytes(8 * 1024 * 1024);
    expect((await echo(ws, payload)).equals(payload)).toBe(true);
    ws.close();
    target.close();
  });

  it('survives malformed frames and garbage requests, and keeps serving', async () => {
    const { server, client, tracker } = await serve();
    const { token } = await client.reserveLocalSoftwareSession();
    // A hand-made upgrade followed by an unmasked frame with a reserved opcode: a protocol error.
    const raw = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => raw.once('connect', resolve));
    const answer = new Promise<string>((resolve) => {
      let text = '';
      raw.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        // The server answers a protocol error with a close frame (1002), then waits for ours.
        if (text.includes('\r\n\r\n\x88')) resolve(text);
      });
    });
    raw.write(
      `GET /?token=${token} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    raw.write(Buffer.from([0x83, 0x02, 0x01, 0x02]));
    const text = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 101 /);
    expect(text.slice(text.indexOf('\r\n\r\n') + 4).charCodeAt(3) + 256 * text.slice(text.indexOf('\r\n\r\n') + 4).charCodeAt(2)).toBe(1002);
    raw.destroy();
    await eventually(() => tracker.stops === 1);

    const garbage = connect(server.port, '127.0.0.1');
    garbage.on('error', () => {});
    let reply = '';
    garbage.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    garbage.end('NOT HTTP AT ALL\r\n\r\n');
    await new Promise((resolve) => garbage.once('close', resolve));
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);

    const ws = await openTunnel(client.websocketUrl((await client.reserveLocalSoftwareSession()).token));
    expect((await echo(ws, Buffer.from('fine'))).toString()).toBe('fine');
    ws.close();
  });

  it('stops on /v1/stop', async () => {
    let stopped = false;
    const server = await startTunnelServer({ host: '127.0.0.1', securityToken, log: () => {}, services, onStop: () => (stopped = true) });
    const client = createServicesClient({ baseUrl: server.url, securityToken });
    const ws = await openTunnel(client.websocketUrl((await client.reserveLocalSoftwareSession()).token));
    const ended = closed(ws);
    expect(JSON.parse((await get(`${server.url}/v1/stop?security_token=${securityToken}`)).text)).toEqual({ stopping: true });
    expect((await ended).code).toBe(1001);
    await eventually(() => stopped);
  });
});
