/**
 * The kinds' level of the cache: when a run misses, each kind whose specs are unchanged hands back
 * its cached IR section and diagnostics instead of loading. For the examples and every golden
 * fixture the result must be the same files and diagnostics as a build without any cache (the IR
 * goes through JSON in between), and a kind whose looked-at file changed must load again.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverSpecs } from '../../generator/cli/discover.js';
import { cachedBuild } from '../../generator/core/cache.js';
import type { SpecInput } from '../../generator/core/cache-key.js';
import { createSpecFile } from '../../generator/core/spec-file.js';
import type { LoadContext } from '../../generator/kinds/types.js';
import { buildProject, type BuildOptions } from '../../generator/pipeline.js';

const fixtures = join(import.meta.dirname, '../fixtures');
const sources = [join(import.meta.dirname, '../..'), ...readdirSync(fixtures).map((name) => join(fixtures, name, 'input'))];
const work = mkdtempSync(join(tmpdir(), 'sockgen-kind-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of a project's specs (and stubs) with a node_modules folder, where the cache lives. */
function copyProject(source: string, name: string): string {
  const root = join(work, name);
  for (const folder of ['specs', 'handlers', 'schemas']) if (existsSync(join(source, folder))) cpSync(join(source, folder), join(root, folder), { recursive: true });
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  return root;
}

/**
 * One run the way run-generate does it. `runSalt` changes only the run's key, so a second call
 * misses at the run level and meets the kinds' cache; `loads` counts the kinds actually loaded.
 */
async function run(root: string, cache: boolean, runSalt = '') {
  const specs: SpecInput[] = discoverSpecs(root, ['specs'], false).map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
  const context: LoadContext = { root, strict: false, exists: (p) => existsSync(join(root, p)), readText: (p) => readFileSync(join(root, p), 'utf8') };
  let loads = 0;
  const result = await cachedBuild({
    enabled: cache,
    root,
    options: { outDir: 'generated' },
    specs: runSalt ? [...specs, { path: `salt/${runSalt}`, text: '' }] : specs,
    context,
    build(recording, loadThroughCache) {
      const counted: BuildOptions['loadThroughCache'] = loadThroughCache && ((section, files, load) => loadThroughCache(section, files, (c) => (loads++, load(c))));
      const files = specs.map((spec) => createSpecFile(spec.path, join(root, spec.path), spec.text));
      return buildProject(files, recording, { outDir: 'generated', handlersDir: 'handlers', explicitFiles: false, ...(counted ? { loadThroughCache: counted } : {}) });
    },
  });
  return { files: result.files, diagnostics: result.diagnostics, loads };
}

describe('the kinds\' cache', () => {
  it('gives the same files and diagnostics as no cache, for the examples and every golden', { timeout: 300_000 }, async () => {
    let loaded = 0;
    for (const [index, source] of sources.entries()) {
      const root = copyProject(source, `p${index}`);
      const reference = await run(root, false);
      loaded += (await run(root, true)).loads; // none for a fixture whose specs all fail to parse
      const warm = await run(root, true, 'second');
      expect(warm.loads, source).toBe(0);
      expect(warm.diagnostics, source).toEqual(reference.diagnostics);
      expect(warm.files.map((f) => f.path), source).toEqual(reference.files.map((f) => f.path));
      for (const [i, file] of reference.files.entries()) expect(warm.files[i]!.contents, `${source}: ${file.path}`).toBe(file.contents);
    }
    expect(loaded).toBeGreaterThan(sources.length);
  });

  it('loads a kind again when a file its specs $ref changes, and only that kind', { timeout: 120_000 }, async () => {
    const root = copyProject(join(fixtures, 'asyncapi-refs/input'), 'refs');
    mkdirSync(join(root, 'specs/sockets/shop'), { recursive: true });
    writeFileSync(join(root, 'specs/sockets/shop/socket.yml'), 'name: shop\nendpoints:\n  price:\n    GET:\n      script: price\ndependencies:\n  scripts:\n    price:\n      runtime_name: typescript\n');
    const first = await run(root, true);
    expect(first.loads).toBe(2);
    const schemas = join(root, 'specs/asyncapi/shared/schemas.yml');
    writeFileSync(join(root, 'specs/sockets/shop/socket.yml'), readFileSync(join(root, 'specs/sockets/shop/socket.yml'), 'utf8').replace('name: shop', 'name: shop\ndescription: changed'));
    expect((await run(root, true)).loads).toBe(1); // the socket changed; the AsyncAPI load is reused

    writeFileSync(schemas, readFileSync(schemas, 'utf8').replace('sku: { type: string }', 'sku: { type: string }\n          barcode: { type: string }'));
    const changed = await run(root, true, 'after-ref');
    expect(changed.loads).toBe(1); // the AsyncAPI document loads again, the socket does not
    expect(changed.files.find((f) => f.path.endsWith('orders/types.ts'))!.contents).toMatch(/barcode/);
  });
});
