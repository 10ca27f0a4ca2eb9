/**
 * docs/deploy.md, run as written: its Dockerfile is read from the page and each instruction is
 * carried out with plain node and npm (FROM = a fresh folder per stage, WORKDIR = that folder,
 * COPY from the project or an earlier stage, RUN with sh, ENV, CMD started and called over
 * HTTP), since no Docker engine is available here; then the systemd unit's ExecStart the same
 * way. The project is a fresh `npm pack` of sockgen prepared by `sockgen init`, with a data class
 * (ajv's .js validators must reach dist/) and a Python script file (specs/ must reach dist/).
 * Also: a SIGTERM to `npx sockgen serve` leaves no node process behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'sockgen-deploy-'));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}, 180_000);

const page = readFileSync(join(repo, 'docs/deploy.md'), 'utf8');
const block = (language: string) => {
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(page);
  if (!match) throw new Error(`docs/deploy.md has no ${language} block`);
  return match[1]!;
};

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', ...env } });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}) in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Starts a server command and resolves its base URL from the start-up line. */
function startServer(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env: { ...process.env, ...env } });
  running.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving sockets at (http:\/\/\S+?)\/v1\.1/.exec(output);
      if (match) resolve({ child, url: match[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${argv.join(' ')} exited ${code}: ${output}`)));
  });
}

async function callShop(url: string): Promise<void> {
  const price = await fetch(`${url}/v1.1/instances/default/endpoints/sockets/shop/price/?sku=7`);
  expect(await price.json()).toEqual({ script: 'price', method: 'GET', args: { sku: '7' } });
  const legacy = await fetch(`${url}/v1.1/instances/default/endpoints/sockets/shop/legacy/`);
  expect(await legacy.json()).toEqual({ python: 'ok' });
  const docs = await fetch(`${url}/v1.1/instances/default/sockets/shop/openapi.json`);
  expect(((await docs.json()) as { openapi: string }).openapi).toBe('3.1.0');
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Carries out the Dockerfile: one folder per stage under `root`, the build context `context`. */
function runDockerfile(dockerfile: string, context: string, root: string): { stageDir: string; env: NodeJS.ProcessEnv; cmd: string[] } {
  const stages = new Map<string, string>();
  let stageDir = '';
  let env: NodeJS.ProcessEnv = {};
  let cmd: string[] = [];
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  for (const line of lines) {
    const [instruction, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    switch (instruction) {
      case 'FROM': {
        const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? `stage${stages.size}`;
        stageDir = join(root, name);
        mkdirSync(stageDir, { recursive: true });
        stages.set(name, stageDir);
        env = {};
        break;
      }
      case 'WORKDIR': // the stage folder stands for the image's /app
        break;
      case 'ENV':
        for (const pair of args.split(/\s+/)) {
          const [key, value] = pair.split('=');
          env[key!] = value;
        }
        break;
      case 'COPY': {
        const from = /--from=(\S+)/.exec(args)?.[1];
        const parts = args.replace(/--from=\S+\s*/, '').split(/\s+/);
        const dest = parts.pop()!;
        for (const source of parts) {
          const base = from ? stages.get(from)! : context;
          const relative = from ? source.replace(/^\/app\/?/, '') : source;
          const target = dest === '.' || dest === './' ? join(stageDir, relative === '.' ? '' : relative.split('/').pop()!) : join(stageDir, dest);
          // Like the .dockerignore the page recommends: the context's node_modules and dist stay out.
          const filter = from ? undefined : (path: string) => !/[\\/](node_modules|dist)([\\/]|$)/.test(path.slice(base.length));
          cpSync(join(base, relative), relative === '.' ? stageDir : target, { recursive: true, ...(filter ? { filter } : {}) });
        }
        break;
      }
      case 'RUN':
        // npm takes packages from its cache without asking the registry about each one again
        // (~15 s of each `npm ci` here); what a RUN installs is the same.
        sh(args, stageDir, { npm_config_prefer_offline: 'true', ...env });
        break;
      case 'CMD':
        cmd = JSON.parse(args) as string[];
        break;
      case 'EXPOSE':
      case 'USER': // no users or port publishing outside a container
        break;
      default:
        throw new Error(`the recipe test does not know Dockerfile instruction ${instruction}`);
    }
  }
  return { stageDir, env, cmd };
}

describe('docs/deploy.md', () => {
  it('the Dockerfile builds and runs the server with plain node; so does the systemd ExecStart; npx leaves no orphan', { timeout: 600_000 }, async () => {
    sh(`npm pack --pack-destination ${JSON.stringify(work)}`, repo);
    const tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
    // package.json names the tarball relative to the project (../x.tgz): the stages sit at the same depth.
    mkdirSync(join(work, 'stages'));
    cpSync(tarball, join(work, 'stages', tarball.slice(work.length + 1)));
    const project = join(work, 'project');
    mkdirSync(join(project, 'specs/shop'), { recursive: true });
    // The user's package.json: sockgen as a dependency, the compiler as dev dependencies (init's advice).
    const tarballName = tarball.slice(work.length + 1);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'shop', private: true, dependencies: { sockgen: `file:../${tarballName}` }, devDependencies: { typescript: '~5.9.3', '@types/node': '^20.19.0' } }));
    writeFileSync(
      join(project, 'specs/shop/socket.yml'),
      [
        'name: shop',
        'endpoints:',
        '  price:',
        '    GET:',
        '      script: price',
        '  legacy:',
        '    GET:',
        '      script: legacy',
        'dependencies:',
        '  scripts:',
        '    price:',
        '      runtime_name: typescript',
        '    legacy:',
        '      runtime_name: python3',
        '      file: scripts/legacy.py',
        '  classes:',
        '    order:',
        '      schema:',
        '        - name: sku',
        '          type: string',
        '',
      ].join('\n'),
    );
    mkdirSync(join(project, 'specs/shop/scripts'));
    writeFileSync(join(project, 'specs/shop/scripts/legacy.py'), 'import json\nprint(json.dumps({"python": "ok"}))\n');
    sh('npm install --prefer-offline', project);
    sh('npx --no-install sockgen init', project);
    expect(JSON.parse(readFileSync(join(project, 'tsconfig.json'), 'utf8')).compilerOptions.allowJs).toBe(true);
    // Handlers are the project's own files (committed): written once by a generate before the build.
    sh('npx --no-install generate', project);
    rmSync(join(project, 'generated'), { recursive: true });

    const { stageDir, env, cmd } = runDockerfile(block('dockerfile'), project, join(work, 'stages'));
    expect(cmd).toEqual(['node', 'dist/generated/sockets/main.js']);
    expect(existsSync(join(stageDir, 'node_modules/typescript'))).toBe(false); // --omit=dev
    expect(existsSync(join(stageDir, 'dist/generated/sockets/shop/class-validators.js'))).toBe(true);
    const container = await startServer(cmd, stageDir, { ...env, PORT: '0', HOST: '127.0.0.1' });
    await callShop(container.url);
    expect(await stop(container.child)).toBe(0);

    // systemd: ExecStart with WorkingDirectory (the built project) and the unit's Environment.
    const unit = block('ini');
    const execStart = /^ExecStart=(.+)$/m.exec(unit)![1]!.split(/\s+/);
    expect(execStart[0]).toBe('/usr/bin/node');
    const unitEnv = Object.fromEntries(/^Environment=(.+)$/m.exec(unit)![1]!.split(/\s+/).map((pair) => pair.split('=') as [string, string]));
    const service = await startServer([process.execPath, ...execStart.slice(1)], stageDir, { ...unitEnv, PORT: '0' });
    await callShop(service.url);
    expect(await stop(service.child)).toBe(0);

    // npx sockgen serve: a SIGTERM to npm must not leave node serving (bin/follow-launcher.mjs).
    const build = join(work, 'stages/build');
    const npx = spawn('npx', ['--no-install', 'sockgen', 'serve', '--port', '0'], { cwd: build, env: process.env });
    running.push(npx);
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      npx.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /serving sockets at (http:\/\/\S+?)\/v1\.1/.exec(output);
        if (match) resolve(match[1]!);
      });
      npx.once('exit', (code) => reject(new Error(`npx exited ${code}: ${output}`)));
    });
    await callShop(url);
    npx.kill('SIGTERM');
    const deadline = Date.now() + 5000;
    let refused = false;
    while (!refused && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      refused = await fetch(`${url}/v1.1/instances/default/sockets/`).then(
        () => false,
        () => true,
      );
    }
    expect(refused, 'the server behind npx still answers after SIGTERM').toBe(true);
  });
});
