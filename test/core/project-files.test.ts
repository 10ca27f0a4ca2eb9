/**
 * A run's view of the project's files (core/project-files.ts `projectFiles`): answers from folder
 * listings where it can, and must answer exactly what a stat and a guarded read would: the same
 * files found, the same texts, and nothing read through a link that leads outside the project.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFiles } from '../../generator/core/project-files.js';

const scratch = mkdtempSync(join(tmpdir(), 'sockgen-project-files-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const root = join(scratch, 'project');
const outside = join(scratch, 'outside');
mkdirSync(join(root, 'handlers/sockets/a'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(root, 'handlers/sockets/a/one.ts'), 'one');
writeFileSync(join(root, 'top.yml'), 'top');
writeFileSync(join(outside, 'secret.ts'), 'SECRET');
symlinkSync(join(root, 'handlers/sockets/a/one.ts'), join(root, 'handlers/sockets/a/link-inside.ts'));
symlinkSync(join(outside, 'secret.ts'), join(root, 'handlers/sockets/a/link-outside.ts'));
symlinkSync(outside, join(root, 'handlers/sockets/linked-folder'));
symlinkSync(join(outside, 'secret.ts'), join(root, 'root-link.ts'));

describe('projectFiles', () => {
  it('finds and reads regular files, at the root and in folders, and finds no missing ones', () => {
    const files = projectFiles(root);
    expect(files.exists('handlers/sockets/a/one.ts')).toBe(true);
    expect(files.readText('handlers/sockets/a/one.ts')).toBe('one');
    expect(files.exists('top.yml')).toBe(true);
    expect(files.readText('top.yml')).toBe('top');
    expect(files.exists('handlers/sockets/a/two.ts')).toBe(false);
    expect(files.exists('handlers/sockets/missing/two.ts')).toBe(false);
    expect(() => files.readText('handlers/sockets/a/two.ts')).toThrow(/ENOENT/);
    expect(files.exists('handlers/sockets/a')).toBe(true); // a folder exists, as a stat says
  });

  it('reads through a link that stays inside the project, never through one that leaves it', () => {
    const files = projectFiles(root);
    expect(files.exists('handlers/sockets/a/link-inside.ts')).toBe(true);
    expect(files.readText('handlers/sockets/a/link-inside.ts')).toBe('one');
    expect(files.exists('handlers/sockets/a/link-outside.ts')).toBe(true);
    expect(() => files.readText('handlers/sockets/a/link-outside.ts')).toThrow(/outside the project/);
    expect(files.exists('handlers/sockets/linked-folder/secret.ts')).toBe(true);
    expect(() => files.readText('handlers/sockets/linked-folder/secret.ts')).toThrow(/outside the project/);
    expect(() => files.readText('../outside/secret.ts')).toThrow(/outside the project/);
    expect(files.exists('root-link.ts')).toBe(true);
    expect(() => files.readText('root-link.ts')).toThrow(/outside the project/);
  });
});
