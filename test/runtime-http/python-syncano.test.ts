/**
 * Syncano scripts run unchanged (issue 9, items 2–4): META in the platform's shape, `import syncano`
 * reaching the socket's class stores through the host, instance-wide CONFIG, and integers past
 * 2^53 reaching the script exactly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostMountedSockets, mountSocket, pythonScript, type OwnedMountedSocket, type SocketHost } from 'sockgen/runtime/http';
import pg from 'pg';
import { postgres, postgresUrl, requireService } from '../support/services.js';
import { socket } from './support.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
let host: SocketHost;
let base: string;
let folder: string;
const saved = { ...process.env };

const crud = `
import json
import syncano
from syncano.models import Object
from syncano.exceptions import SyncanoDoesNotExist
connection = syncano.connect(api_key=META['token'], instance_name=META['instance'])
made = Object.please.create(class_name='book', title=ARGS['title'], pages=3)
connection.Object.please.update(class_name='book', id=made.id, data={'pages': 4})
again = Object.please.get(class_name='book', id=made.id)
titles = [b.title for b in Object.please.list(class_name='book').filter(title__eq=ARGS['title'])]
Object.please.create(class_name='book', title='other')
count = Object.please.list(class_name='book').count()
positional = Object.please.get(META['instance'], 'book', made.id).title
bulk = [b.pages for b in Object.please.list(class_name='book').filter(title='other').update(pages=9)]
Object.please.delete(class_name='book', id=made.id)
try:
    Object.please.get(class_name='book', id=made.id)
    gone = False
except SyncanoDoesNotExist:
    gone = True
try:
    Object.please.filter(title__startswith='x')
    missing = None
except NotImplementedError as error:
    missing = str(error)
print(json.dumps({'id': made.id, 'pages': again.pages, 'titles': titles, 'count': count, 'positional': positional, 'bulk': bulk, 'gone': gone, 'missing': missing}))
`;
const meta = `
import json
print(json.dumps({'request': META['request'], 'executed_by': META['executed_by'], 'executor': META['executor'], 'instance': META['instance'],
  'socket': META['socket'], 'metadata': META['metadata'], 'user': META.get('user'), 'admin': META.get('admin'),
  'mailgun': CONFIG.get('mailgun_api_key'), 'region': CONFIG.get('region'), 'own': CONFIG.get('own'), 'big': ARGS['n'], 'big_exact': ARGS['n'] == 12345678901234567890, 'api': ARGS.get('api_key')}))
`;

beforeAll(async () => {
  if (!hasPython) return;
  folder = mkdtempSync(join(tmpdir(), 'sockgen-py-syncano-'));
  writeFileSync(join(folder, 'instance.json'), JSON.stringify({ config: { mailgun_api_key: 'from-file', own: 'instance' }, users: [{ id: 7, username: 'ada', user_key: 'uk-7' }], admins: [{ id: 1, email: 'root@example.com', api_key: 'admin-key' }] }));
  process.env.SOCKGEN_INSTANCE_CONFIG = join(folder, 'instance.json');
  process.env.SOCKGEN_CONFIG_REGION = 'eu';
  const definition = socket(
    'lib',
    [
      { name: 'crud', routes: [{ method: '*', script: 'crud' }] },
      { name: 'meta', routes: [{ method: '*', script: 'meta' }], metadata: { tags: ['x'] } },
    ],
    { classes: [{ name: 'book', fields: [{ name: 'title', type: 'string' }, { name: 'pages', type: 'integer' }] }], config: { constants: { own: 'socket' }, prompts: [] } },
  );
  const mounted: OwnedMountedSocket = await mountSocket(definition, { crud: pythonScript({ source: crud, name: 'crud' }), meta: pythonScript({ source: meta, name: 'meta' }) }, {});
  host = hostMountedSockets([mounted], { log: () => undefined });
  const { url } = await host.listen(0);
  base = `${url}/v1.1/instances/default/endpoints/sockets/lib`;
});
afterAll(async () => {
  await host?.close();
  process.env = saved;
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe.skipIf(!hasPython)('Syncano-style Python scripts', () => {
  it('reach the class store with Object.please create/update/get/list/delete and the library shapes', async () => {
    const response = await fetch(`${base}/crud/?title=Dune`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: 1,
      pages: 4,
      titles: ['Dune'],
      count: 2,
      positional: 'Dune',
      bulk: [9],
      gone: true,
      missing: 'Object.please.filter(title__startswith=...) is not implemented by sockgen (only field=value and field__eq=value)',
    });
  });

  it('get META in the platform shape, user/admin by key, instance CONFIG under the socket config, big integers exact', async () => {
    const response = await fetch(`${base}/meta/?q=1&q=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-key': 'uk-7', 'x-api-key': 'admin-key', 'x-custom-thing': 'yes' },
      body: '{"n": 12345678901234567890}',
    });
    const body = (await response.json()) as Record<string, unknown> & { request: Record<string, string> };
    expect(body.request).toMatchObject({ REQUEST_METHOD: 'POST', PATH_INFO: '/v1.1/instances/default/endpoints/sockets/lib/meta/', QUERY_STRING: 'q=1&q=2', REMOTE_ADDR: '127.0.0.1', HTTP_X_CUSTOM_THING: 'yes', CONTENT_TYPE: 'application/json', HTTP_X_USER_KEY: 'uk-7' });
    expect(body.request.HTTP_X_API_KEY).toBeUndefined();
    expect(body).toMatchObject({
      executed_by: 'socket_endpoint',
      executor: 'lib/meta',
      instance: 'default',
      socket: 'lib',
      metadata: { tags: ['x'] },
      user: { id: 7, username: 'ada', user_key: 'uk-7' },
      admin: { id: 1, email: 'root@example.com' },
      mailgun: 'from-file',
      region: 'eu',
      own: 'socket',
      big_exact: true,
    });
    expect(body.big).toBe(12345678901234567000); // JSON.parse here rounds it; Python compared it exactly above
  });
});

describe.skipIf(!hasPython)('Syncano-style Python scripts over PostgreSQL class stores', () => {
  it('run the same Object.please calls against the real PostgreSQL', async () => {
    if (!(await requireService(postgres))) return;
    const name = `pylib_${process.pid}`;
    const definition = socket(name, [{ name: 'crud', routes: [{ method: '*', script: 'crud' }] }], {
      classes: [{ name: 'book', fields: [{ name: 'title', type: 'string' }, { name: 'pages', type: 'integer' }] }],
    });
    const mounted = await mountSocket(definition, { crud: pythonScript({ source: crud, name: 'crud' }) }, {}, { postgresUrl });
    const pgHost = hostMountedSockets([mounted], { log: () => undefined });
    const client = new pg.Client({ connectionString: postgresUrl });
    try {
      const { url } = await pgHost.listen(0);
      const response = await fetch(`${url}/v1.1/instances/default/endpoints/sockets/${name}/crud/?title=Dune`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ pages: 4, titles: ['Dune'], count: 2, gone: true });
    } finally {
      await pgHost.close();
      await client.connect();
      await client.query(`DROP TABLE IF EXISTS "${name}__book"`);
      await client.end();
    }
  });
});
