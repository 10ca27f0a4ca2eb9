/** The change set between a run's files and the disk: create, update, delete stale, keep stubs. */
import { describe, expect, it } from 'vitest';
import { computeChanges, manifestFile, parseManifest, unifiedDiff } from '../../generator/core/changes.js';

describe('changes', () => {
  const files = [
    { path: 'generated/a.ts', contents: 'a2\n', ownership: 'generated' as const },
    { path: 'generated/new.ts', contents: 'n\n', ownership: 'generated' as const },
    { path: 'handlers/stub.ts', contents: 'stub\n', ownership: 'once' as const },
  ];
  const disk: Record<string, string> = { 'generated/a.ts': 'a1\n', 'generated/old.ts': 'o\n', 'handlers/stub.ts': 'mine\n' };

  it('updates changed files, creates missing ones, deletes what only the old manifest lists, never touches stubs', () => {
    const changes = computeChanges(files, (p) => disk[p], ['generated/a.ts', 'generated/old.ts']);
    expect(changes.map((c) => `${c.type} ${c.path}`)).toEqual(['update generated/a.ts', 'create generated/new.ts', 'delete generated/old.ts']);
  });

  it('writes a manifest of generated files only, and reads it back', () => {
    const manifest = manifestFile('generated', files);
    expect(JSON.parse(manifest.contents)).toEqual({ generator: 'sockgen', files: ['a.ts', 'new.ts'] });
    expect(parseManifest('generated', manifest.contents)).toEqual(['generated/a.ts', 'generated/new.ts']);
    expect(parseManifest('generated', '{"files": ["../../etc/passwd"]}')).toEqual([]);
    expect(parseManifest('generated', 'not json')).toEqual([]);
  });

  it('prints unified diffs', () => {
    const [update] = computeChanges([files[0]!], (p) => disk[p], []);
    expect(unifiedDiff(update!)).toContain('--- a/generated/a.ts\n+++ b/generated/a.ts\n@@ -1,1 +1,1 @@\n-a1\n+a2');
  });
});
