/**
 * `sockgen mock` keeps its read of an AsyncAPI document in node_modules/.cache/sockgen
 * (generator/cli/commands/mock-model-cache.ts): an unchanged document starts from the entry, and
 * a change to a file the document `$ref`s is seen at the next start, not hidden by the cache;
 * `--no-cache` neither reads nor writes an entry.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, startNode, type Child } from '../asyncapi-runtime/support/spawn.js';

const project = mkdtempSync(join(tmpdir(), 'sockgen-mock-cache-'));
const cache = join(project, 'node_modules/.cache/sockgen');
const document = join(project, 'api.yml');
const children: Child[] = [];
afterAll(async () => {
  await Promise.all(children.map((child) => child.stop()));
  rmSync(project, { recursive: true, force: true });
});

function mock(...flags: string[]): Child {
  const child = startNode([join(repoRoot, 'bin/sockgen.mjs'), 'mock', document, '--port', '0', '--quiet', ...flags]);
  children.push(child);
  return child;
}

const documentText = (channel: string) =>
  [
    'asyncapi: 2.6.0',
    'info: { title: Cached, version: 1.0.0 }',
    'channels:',
    `  /${channel}:`,
    '    subscribe:',
    '      message:',
    '        name: note',
    "        payload: { $ref: './note.yml' }",
    '',
  ].join('\n');

describe('sockgen mock and the cache', () => {
  it('starts again from the cache entry, and sees a changed or missing $ref file', async () => {
    mkdirSync(join(project, 'node_modules'));
    writeFileSync(document, documentText('notes'));
    writeFileSync(join(project, 'note.yml'), 'type: object\nproperties: { text: { type: string } }\n');

    const first = mock();
    expect((await first.waitFor(/listening on \S+ channels (.*)/))[1]).toBe('/notes');
    await first.stop();
    const entries = readdirSync(cache).filter((name) => name.endsWith('.entry'));
    expect(entries).toHaveLength(1);

    const second = mock();
    expect((await second.waitFor(/listening on \S+ channels (.*)/))[1]).toBe('/notes');
    await second.stop();
    expect(readdirSync(cache).filter((name) => name.endsWith('.entry'))).toEqual(entries);

    // The $ref'd file is gone: the cached read no longer holds, the document has an error now.
    rmSync(join(project, 'note.yml'));
    const third = mock();
    expect(await third.exited).toBe(1);
    expect(third.stderr()).toContain('note.yml');

    writeFileSync(join(project, 'note.yml'), 'type: object\n');
    writeFileSync(document, documentText('memos'));
    const fourth = mock();
    expect((await fourth.waitFor(/listening on \S+ channels (.*)/))[1]).toBe('/memos');
    await fourth.stop();

    // --no-cache reads the document anew and stores nothing.
    const stored = readdirSync(cache).filter((name) => name.endsWith('.entry')).sort();
    writeFileSync(document, documentText('drafts'));
    const fifth = mock('--no-cache');
    expect((await fifth.waitFor(/listening on \S+ channels (.*)/))[1]).toBe('/drafts');
    await fifth.stop();
    expect(readdirSync(cache).filter((name) => name.endsWith('.entry')).sort()).toEqual(stored);
  }, 60_000);
});
