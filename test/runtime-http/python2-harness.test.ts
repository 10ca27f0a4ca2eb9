/**
 * The harness runs on Python 2.7 too (issue 9, item 6): python_library_v4.2/v5.0 scripts ran on
 * 2.7, and a user may point a script at one (`interpreter: python2.7`). Needs a 2.7 interpreter:
 * SOCKGEN_TEST_PYTHON2, python2.7/python2 on PATH, or a pyenv 2.7 install; skipped without one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostMountedSockets, mountSocket, pythonScript, type SocketHost } from 'sockgen/runtime/http';
import { socket } from './support.js';

function findPython2(): string | undefined {
  const pyenv = join(homedir(), '.pyenv/versions');
  const candidates = [
    process.env.SOCKGEN_TEST_PYTHON2,
    'python2.7',
    'python2',
    ...(existsSync(pyenv) ? readdirSync(pyenv).filter((version) => version.startsWith('2.7')).map((version) => join(pyenv, version, 'bin/python')) : []),
  ];
  return candidates.find((candidate) => candidate && spawnSync(candidate, ['-c', 'import sys; sys.exit(0 if sys.version_info[:2] == (2, 7) else 1)']).status === 0);
}

const python2 = findPython2();
if (!python2) console.warn('skipping the Python 2.7 harness test: no python2.7 interpreter found');
let host: SocketHost;
let base: string;

const script = `# -*- coding: utf-8 -*-
import json
from syncano.models import Object
print "hello %s" % ARGS['name']
made = Object.please.create(class_name='note', text=u'caf\\xe9')
texts = [note.text for note in Object.please.list(class_name='note')]
set_response(HttpResponse(status_code=201, content=json.dumps({'texts': texts, 'n': ARGS['n'] + 1, 'method': META['request']['REQUEST_METHOD']}), content_type='application/json'))
`;

beforeAll(async () => {
  if (!python2) return;
  const definition = socket('two', [{ name: 'old', routes: [{ method: '*', script: 'old' }] }], { classes: [{ name: 'note', fields: [{ name: 'text', type: 'string' }] }] });
  const mounted = await mountSocket(definition, { old: pythonScript({ source: script, name: 'old', python: python2 }) }, {});
  host = hostMountedSockets([mounted], { log: () => undefined });
  base = `${(await host.listen(0)).url}/v1.1/instances/default/endpoints/sockets/two`;
});
afterAll(async () => {
  await host?.close();
});

describe.skipIf(!python2)('the harness on Python 2.7', () => {
  it('runs a Python 2 script: print statement, set_response, import syncano, big integers', async () => {
    const response = await fetch(`${base}/old/?name=Ada`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n": 12345678901234567890}' });
    expect(response.status).toBe(201);
    const text = await response.text();
    expect(text).toContain('"n": 12345678901234567891');
    expect(JSON.parse(text)).toMatchObject({ texts: ['café'], method: 'POST' });
  });

  it('keeps the harness files Python 2.7 syntax', () => {
    const folder = new URL('../../runtime/http/python/', import.meta.url).pathname;
    const files = ['syncano_harness.py', 'syncano_zygote.py', 'syncano/__init__.py', 'syncano/connection.py', 'syncano/exceptions.py', 'syncano/models/__init__.py', 'syncano/models/objects.py'];
    const check = spawnSync(python2!, ['-c', 'import sys\nfor path in sys.argv[1:]:\n    compile(open(path).read(), path, "exec")\n', ...files.map((file) => join(folder, file))], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
