/**
 * sockgen as a user gets it: `npm pack`, installed into a fresh project, `npx generate` over a
 * socket.yml, the user's own `tsc` build of generated/ and handlers/, and the compiled server run
 * with plain `node` and called over HTTP; then the installed CLI itself: it runs its compiled
 * dist/ (stamped by the build), answers an unchanged `--check` from its cache, and `sockgen serve`
 * runs the TypeScript output directly. Slow (a pack, an install and a build): the second test
 * uses the project the first one made.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'sockgen-user-'));
const project = join(work, 'project');
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sh(command: string, args: string[], cwd: string) {
  return run(command, args, cwd).stdout;
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

describe('an installed sockgen', () => {
  it('generates, compiles with the user\'s tsc and serves with plain node', { timeout: 300_000 }, async () => {
    sh('npm', ['pack', '--pack-destination', work], repo);
    const tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
    mkdirSync(join(project, 'specs/shop'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
    writeFileSync(join(project, 'specs/shop/socket.yml'), 'name: shop\nendpoints:\n  price:\n    GET:\n      script: price\ndependencies:\n  scripts:\n    price:\n      runtime_name: typescript\n');
    sh('npm', ['install', '--prefer-offline', tarball, `typescript@5.9`, '@types/node@20'], project);
    // `sockgen init` writes the tsconfig (with the strict flags Vite's and Next's templates use) and "type": "module".
    sh('npx', ['--no-install', 'sockgen', 'init'], project);
    const tsconfig = JSON.parse(readFileSync(join(project, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    for (const flag of ['strict', 'noUnusedLocals', 'noUnusedParameters', 'verbatimModuleSyntax', 'isolatedModules']) expect(tsconfig.compilerOptions[flag], flag).toBe(true);
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'))).toMatchObject({ type: 'module' });
    expect(JSON.parse(readFileSync(join(project, 'sockgen.config.json'), 'utf8')).$schema).toBe('./node_modules/sockgen/generator/cli/config.schema.json');
    expect(readFileSync(join(project, 'node_modules/sockgen/generator/cli/config.schema.json'), 'utf8')).toContain('sockgen configuration');
    // V8 keeps the functions a run compiled: a run stopped by a broken spec keeps no compiled code,
    // which would hold too few for the runs after it (they would compile the rest each time).
    const compiledCode = () => readdirSync(join(project, 'node_modules/sockgen/dist'), { recursive: true }).filter((name) => String(name).endsWith('.cache'));
    mkdirSync(join(project, 'specs/broken'));
    writeFileSync(join(project, 'specs/broken/socket.yml'), 'name: broken\nendpoints: [\n');
    expect(spawnSync('npx', ['--no-install', 'generate'], { cwd: project, encoding: 'utf8' }).status).toBe(1);
    expect(compiledCode()).toEqual([]);
    rmSync(join(project, 'specs/broken'), { recursive: true });
    sh('npx', ['--no-install', 'generate'], project);
    expect(compiledCode().length).toBeGreaterThan(0);
    sh('npx', ['--no-install', 'tsc', '--noEmit'], project);
    sh('npx', ['--no-install', 'tsc', '-p', '.'], project);

    const server = spawn(process.execPath, ['dist/generated/sockets/main.js'], { cwd: project, env: { ...process.env, PORT: '0' } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        server.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /serving sockets at (http:\/\/\S+?)\/v1\.1/.exec(output);
          if (match) resolve(match[1]!);
        });
        server.once('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
      });
      const answer = await fetch(`${url}/v1.1/instances/default/endpoints/sockets/shop/price/?sku=7`);
      expect(await answer.json()).toEqual({ script: 'price', method: 'GET', args: { sku: '7' } });
    } finally {
      server.kill('SIGTERM');
    }
  });

  it('runs its compiled CLI: an unchanged --check is a cache hit, and serve runs the TypeScript output', { timeout: 120_000 }, async () => {
    const installed = join(project, 'node_modules/sockgen');
    expect(existsSync(join(installed, 'dist/generator/cli/main.js'))).toBe(true);
    expect(JSON.parse(readFileSync(join(installed, 'dist/build-info.json'), 'utf8')).fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const check = run('npx', ['--no-install', 'generate', '--check'], project);
    expect(check.stderr).toContain('unchanged since a cached run');
    expect(readdirSync(join(project, 'node_modules/.cache/sockgen')).length).toBeGreaterThan(0);

    const server = spawn('npx', ['--no-install', 'sockgen', 'serve', '--port', '0'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const look = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /serving sockets at (http:\/\/\S+?)\/v1\.1/.exec(output);
          if (match) resolve(match[1]!);
        };
        server.stdout.on('data', look);
        server.stderr.on('data', look);
        server.once('exit', (code) => reject(new Error(`sockgen serve exited ${code}: ${output}`)));
      });
      const answer = await fetch(`${url}/v1.1/instances/default/endpoints/sockets/shop/price/?sku=8`);
      expect(await answer.json()).toEqual({ script: 'price', method: 'GET', args: { sku: '8' } });
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => (server.exitCode === null && server.signalCode === null ? server.once('exit', resolve) : resolve(undefined)));
    }
  });

  it('makes the handler checker\'s snapshot after the first run that needs it, uses it, and falls back from a damaged one', { timeout: 180_000 }, () => {
    const folder = join(project, 'node_modules/sockgen/dist/generator/targets/openapi/checker-snapshot');
    const blobs = () => readdirSync(folder).filter((name) => name.endsWith('.blob'));
    expect(blobs(), 'a snapshot fits only the Node.js that made it: never shipped').toEqual([]);
    writeFileSync(join(project, 'handlers/sockets/shop/price.ts'), "import type { ShopContext } from '../../../generated/sockets/shop/types.js';\nexport interface Args { sku: string; quantity?: number }\nexport default async function price({ args }: ShopContext<Args>) {\n  return { sku: args.sku, total: 1 };\n}\n");
    const query = () => JSON.parse(readFileSync(join(project, 'generated/sockets/shop/openapi.json'), 'utf8')).paths['/endpoints/sockets/shop/price/'].get.parameters[0].schema;
    const typed = { type: 'object', properties: { sku: { type: 'string' }, quantity: { type: 'number' } }, required: ['sku'] };

    const first = run('npx', ['--no-install', 'generate'], project);
    expect(first.stderr).toContain('handler type checker prepared');
    expect(query()).toEqual(typed);
    expect(blobs()).toHaveLength(1);

    const fromSnapshot = run('npx', ['--no-install', 'generate', '--no-cache'], project);
    expect(fromSnapshot.stderr).not.toContain('preparing the handler type checker');
    expect(query()).toEqual(typed);

    // A snapshot this Node.js refuses: the worker thread answers, and the snapshot is not tried again.
    writeFileSync(join(folder, blobs()[0]!), 'not a snapshot');
    const damaged = run('npx', ['--no-install', 'generate', '--no-cache'], project);
    expect(query()).toEqual(typed);
    expect(damaged.stderr).not.toContain('preparing the handler type checker');
    expect(blobs()).toEqual([]);
    expect(readdirSync(folder).filter((name) => name.endsWith('.blob.failed'))).toHaveLength(1);
  });
});
