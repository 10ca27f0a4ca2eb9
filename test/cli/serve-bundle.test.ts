/**
 * `sockgen serve` runs the project's TypeScript from a cached esbuild bundle
 * (generator/cli/project-bundle.ts): an edited handler is what the next start serves, a handler's
 * `import.meta.url` and stack traces still name its own .ts file, and what a bundle cannot run as
 * the files did (an import from outside the package) is run by the TypeScript loader instead.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProjectEntry } from '../../generator/cli/project-entry.js';
import { startServe } from '../support/serve-child.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/sockgen.mjs');
const example = join(import.meta.dirname, '../fixtures/sockets-examples/input/specs/hello_world');

/** Starts `sockgen serve` in `project`, answers GET `path`'s JSON body, and stops the server. */
async function serveOnce(project: string, path: string): Promise<Record<string, unknown>> {
  const server = await startServe(project);
  try {
    const response = await fetch(new URL(path, server.url));
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  } finally {
    await server.stop();
  }
}

/** A handler stub that reports its version, its import.meta.url and where `new Error` was made. */
function stubText(version: number, extraImport = ''): string {
  return [
    extraImport,
    "import type { HelloWorldContext } from '../../../generated/sockets/hello_world/types.js';",
    'export interface Args { name?: string }',
    '',
    'export default async function hello({ args }: HelloWorldContext<Args>) {',
    '  const where: string = new Error(`version ${args.name}`).stack ?? "";',
    `  return { version: ${version}, here: import.meta.url, where };`,
    '}',
    '',
  ].join('\n');
}

describe('sockgen serve runs the project from a cached bundle', () => {
  let outer: string;
  let project: string;
  let stub: string;
  let bundles: string;
  beforeAll(() => {
    outer = mkdtempSync(join(tmpdir(), 'sockgen-serve-bundle-'));
    project = join(outer, 'project');
    cpSync(example, join(project, 'specs/hello_world'), { recursive: true });
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(root, join(project, 'node_modules/sockgen'), 'dir');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
    expect(spawnSync(process.execPath, [bin, '--quiet'], { cwd: project, encoding: 'utf8' }).status).toBe(0);
    stub = join(project, 'handlers/sockets/hello_world/hello.ts');
    bundles = join(project, 'node_modules/.cache/sockgen/bundles');
  }, 60_000);
  afterAll(() => rmSync(outer, { recursive: true, force: true }));

  const bundleFiles = () => readdirSync(bundles).filter((name) => name.endsWith('.mjs'));

  it('serves an edited handler at the next start, with its own import.meta.url and .ts stack lines', async () => {
    writeFileSync(stub, stubText(1));
    const first = await serveOnce(project, 'hello_world/hello/?name=a');
    expect(first.version).toBe(1);
    expect(first.here).toBe(pathToFileURL(stub).href);
    // Line 6 of the stub, mapped back through the bundle's source map.
    expect(first.where).toContain(`${stub}:6:`);
    expect(first.where).not.toContain('.cache');
    expect(bundleFiles()).toHaveLength(1);
    const [built] = bundleFiles();
    const builtAt = statSync(join(bundles, built!)).mtimeMs;

    // Unchanged: the same bundle, not built again.
    expect((await serveOnce(project, 'hello_world/hello/?name=b')).version).toBe(1);
    expect(bundleFiles()).toEqual([built]);
    expect(statSync(join(bundles, built!)).mtimeMs).toBe(builtAt);

    writeFileSync(stub, stubText(2));
    expect((await serveOnce(project, 'hello_world/hello/?name=c')).version).toBe(2);
    expect(bundleFiles()).toHaveLength(1);
    expect(bundleFiles()).not.toEqual([built]);
  }, 60_000);

  it('leaves a project importing a file outside its package to the TypeScript loader', async () => {
    writeFileSync(join(outer, 'shared.ts'), 'export const shared: number = 3;\n');
    writeFileSync(stub, stubText(3, "import { shared } from '../../../../shared.js';\nvoid shared;"));
    const answer = await serveOnce(project, 'hello_world/hello/?name=d');
    expect(answer.version).toBe(3);
    expect(answer.here).toBe(pathToFileURL(stub).href);
    const manifests = readdirSync(bundles).filter((name) => name.endsWith('.json'));
    expect(manifests).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(bundles, manifests[0]!), 'utf8')).bundle).toBeNull();
    expect(bundleFiles()).toHaveLength(0);
  }, 60_000);

  it('names the handler that imports a package that is not installed, exit 1 without a stack', () => {
    writeFileSync(stub, stubText(4, "import 'no-such-package-of-sockgen/sub';"));
    const result = spawnSync(process.execPath, [bin, 'serve', '--port', '0'], { cwd: project, encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Cannot find package 'no-such-package-of-sockgen' imported from handlers/sockets/hello_world/hello.ts");
    expect(result.stderr).not.toContain('.cache');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('imports a JavaScript entry as it is, without a bundle', async () => {
    const plain = join(outer, 'plain');
    mkdirSync(join(plain, 'node_modules'), { recursive: true });
    writeFileSync(join(plain, 'package.json'), JSON.stringify({ name: 'plain', type: 'module' }));
    writeFileSync(join(plain, 'main.js'), 'export const where = import.meta.url;\n');
    const module = (await importProjectEntry(join(plain, 'main.js'))) as { where: string };
    expect(module.where).toBe(pathToFileURL(join(plain, 'main.js')).href);
    expect(readdirSync(join(plain, 'node_modules'))).toEqual([]);
  });
});
