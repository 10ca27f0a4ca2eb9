/** The change set between a run's files and the disk: create, update, delete stale, keep stubs. */
import { describe, expect, it } from 'vitest';
import { computeChanges, manifestFile, namedSpecsScope, parseManifest, unifiedDiff, type Manifest } from '../../generator/core/changes.js';

describe('changes', () => {
  const files = [
    { path: 'generated/a.ts', contents: 'a2\n', ownership: 'generated' as const, specs: ['specs/a.yml'] },
    { path: 'generated/new.ts', contents: 'n\n', ownership: 'generated' as const, specs: ['specs/a.yml', 'specs/b.yml'] },
    { path: 'handlers/stub.ts', contents: 'stub\n', ownership: 'once' as const, specs: ['specs/b.yml'] },
  ];
  const manifest = (paths: string[], specsOf: Record<string, string[]> = {}): Manifest => ({ paths, specsOf: new Map(Object.entries(specsOf)) });
  const disk: Record<string, string> = { 'generated/a.ts': 'a1\n', 'generated/old.ts': 'o\n', 'handlers/stub.ts': 'mine\n' };

  it('updates changed files, creates missing ones, deletes what only the old manifest lists, never touches stubs', () => {
    const changes = computeChanges(files, (p) => disk[p], manifest(['generated/a.ts', 'generated/old.ts']));
    expect(changes.map((c) => `${c.type} ${c.path}`)).toEqual(['update generated/a.ts', 'create generated/new.ts', 'delete generated/old.ts']);
  });

  it('writes a manifest of generated files only, with the specs of each, and reads it back', () => {
    const written = manifestFile('generated', files);
    expect(JSON.parse(written.contents)).toEqual({
      generator: 'sockgen',
      files: ['a.ts', 'new.ts'],
      sources: { 'specs/a.yml': ['a.ts', 'new.ts'], 'specs/b.yml': ['new.ts'] },
    });
    const read = parseManifest('generated', written.contents);
    expect(read.paths).toEqual(['generated/a.ts', 'generated/new.ts']);
    expect(read.specsOf.get('generated/new.ts')).toEqual(['specs/a.yml', 'specs/b.yml']);
    expect(parseManifest('generated', '{"files": ["../../etc/passwd"]}').paths).toEqual([]);
    expect(parseManifest('generated', 'not json').paths).toEqual([]);
    expect(parseManifest('generated', '{"files": ["old.ts"]}').specsOf.size).toBe(0);
  });

  it('a run naming some specs writes their files only and deletes only files of named or removed specs', () => {
    const previous = manifest(['generated/a.ts', 'generated/old.ts', 'generated/gone.ts', 'generated/legacy.ts'], {
      'generated/a.ts': ['specs/a.yml'],
      'generated/old.ts': ['specs/c.yml'],
      'generated/gone.ts': ['specs/removed.yml'],
    });
    const onDisk = { ...disk, 'generated/gone.ts': 'g\n', 'generated/legacy.ts': 'l\n' };
    const scope = namedSpecsScope(new Set(['specs/b.yml']), (spec) => spec !== 'specs/removed.yml');
    const changes = computeChanges(files, (p) => onDisk[p as keyof typeof onDisk], previous, scope);
    // a.ts comes from a.yml only (not named): left alone although it differs; new.ts is b.yml's.
    // old.ts belongs to c.yml, which still exists; legacy.ts has no recorded spec: both kept.
    expect(changes.map((c) => `${c.type} ${c.path}`)).toEqual(['delete generated/gone.ts', 'create generated/new.ts']);
  });

  it('prints unified diffs', () => {
    const [update] = computeChanges([files[0]!], (p) => disk[p], manifest([]));
    expect(unifiedDiff(update!)).toContain('--- a/generated/a.ts\n+++ b/generated/a.ts\n@@ -1,1 +1,1 @@\n-a1\n+a2');
  });
});
