/**
 * The compiled CLI runs from the build's bundle (generator/cli/cli-bundle.ts): it holds sockgen's
 * own generator modules only, never a runtime module (the generated code imports the runtime's own
 * files, and two copies would be two module states), and each bundled module still finds the files
 * beside its compiled module. Needs dist/ built from these sources (CI always has it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { distIsFresh } from '../../bin/source-fingerprint.mjs';

const repo = join(import.meta.dirname, '../..');
const bundle = join(repo, 'dist/cli-bundle');

function needsFreshDist(): boolean {
  if (distIsFresh(repo)) return true;
  if (process.env.CI === 'true') throw new Error('dist/ is older than the sources: `npm run build` first');
  return false; // a checkout edited since its build
}

describe('the CLI bundle', () => {
  it('is made of generator modules only, and imports the runtime from its own files', () => {
    if (!needsFreshDist()) return;
    const inputs = JSON.parse(readFileSync(join(bundle, 'inputs.json'), 'utf8')) as string[];
    expect(inputs).toContain('generator/cli/main.js');
    expect(inputs).toContain('generator/pipeline.js');
    expect(inputs.filter((input) => !input.startsWith('generator/'))).toEqual([]);
    const chunks = readdirSync(bundle).filter((name) => name.endsWith('.js'));
    const runtimeImports = chunks.flatMap((name) => [...readFileSync(join(bundle, name), 'utf8').matchAll(/["'](\.\.\/runtime\/[^"']+)["']/g)].map((match) => match[1]!));
    expect(runtimeImports.length).toBeGreaterThan(0);
    for (const path of runtimeImports) expect(existsSync(join(bundle, path)), path).toBe(true);
  });

  it('is what bin/ runs, and its modules find the files beside their compiled modules', { timeout: 60_000 }, () => {
    if (!needsFreshDist()) return;
    // A module resolve hook names every dist/ module the run loads.
    const folder = mkdtempSync(join(tmpdir(), 'sockgen-cli-bundle-'));
    try {
      const hook = join(folder, 'hook.mjs');
      writeFileSync(hook, "export async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  if (result.url.includes('/dist/')) process.stderr.write(`loaded ${result.url}\\n`);\n  return result;\n}\n");
      const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hook).href)});`;
      // --dump-ir of the repository's specs reads templates, precompiled validators and bundles.
      const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, join(repo, 'bin/sockgen.mjs'), '--dump-ir', '--no-cache', '--quiet'], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).sockets.sockets.length).toBeGreaterThan(0);
      const own = `loaded ${pathToFileURL(join(repo, 'dist')).href}/`;
      const loaded = run.stderr.split('\n').filter((line) => line.startsWith(own)).map((line) => line.slice(own.length));
      expect(loaded).toContain('cli-bundle/main.js');
      expect(loaded.filter((path) => !path.startsWith('cli-bundle/') && !path.startsWith('runtime/'))).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
