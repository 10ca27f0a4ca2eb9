/**
 * `sockgen init`: makes the current folder a project the generated code compiles in — an ES module
 * package.json with TypeScript and Node's types as dev dependencies, the tsconfig.json generated
 * code needs (NodeNext modules and resolution, ES2022), and sockgen.config.json pointing `$schema`
 * at the installed schema. Existing files are kept; package.json only gains what is missing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlagDefinition } from '../flags.js';
import { helpText, parseArgs, UsageError } from '../parse-args.js';
import type { Command } from './types.js';

const initFlags: readonly FlagDefinition[] = [{ name: 'help', description: 'show this help' }];
const usage = 'sockgen init';
const summary = [
  'Prepares the current folder for generated code: package.json ("type": "module", typescript and',
  '@types/node as dev dependencies), tsconfig.json and sockgen.config.json. Existing files are kept.',
].join('\n');

/**
 * The tsconfig generated code needs: NodeNext (it imports `sockgen/runtime/*` through the package's
 * exports and writes `.js` specifiers), ES2022 (top-level await in main files), DOM for fetch types
 * in clients; the unused-code flags Vite's and Next's templates turn on, which generated code passes.
 */
export const initTsconfig = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: true,
    isolatedModules: true,
    verbatimModuleSyntax: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    // Data classes' validators are ajv standalone JavaScript (class-validators.js): emitted to dist/ too.
    allowJs: true,
    types: ['node'],
    outDir: 'dist',
  },
  include: ['generated', 'handlers'],
};

/** sockgen.config.json as init writes it: the defaults, spelled out, with `$schema` for editors. */
export const initConfig = {
  $schema: './node_modules/sockgen/generator/cli/config.schema.json',
  specs: ['specs'],
  out: 'generated',
  handlers: 'handlers',
};

interface PackageJson {
  name?: string;
  type?: string;
  devDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** The dev dependency ranges sockgen itself is tested with (from its own package.json). */
function toolVersions(): Record<string, string> {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(folder, 'package.json');
    if (existsSync(file)) {
      const own = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
      if (own.name === 'sockgen') {
        const dev = own.devDependencies ?? {};
        const major = (name: string, fallback: string) => `^${(dev[name] ?? fallback).replace(/^[^\d]*/, '')}`;
        return { typescript: major('typescript', '5.9.3'), '@types/node': major('@types/node', '20.19.0') };
      }
    }
    const parent = dirname(folder);
    if (parent === folder) return { typescript: '^5.9.3', '@types/node': '^20.19.0' };
    folder = parent;
  }
}

/** Adds what generated code needs to a package.json; returns what changed, for the summary. */
export function completePackageJson(pkg: PackageJson, versions: Record<string, string>): string[] {
  const changes: string[] = [];
  if (pkg.type !== 'module') {
    pkg.type = 'module';
    changes.push('"type": "module"');
  }
  for (const [name, range] of Object.entries(versions)) {
    if (pkg.devDependencies?.[name] || pkg.dependencies?.[name]) continue;
    pkg.devDependencies = { ...pkg.devDependencies, [name]: range };
    changes.push(`devDependencies ${name}@${range}`);
  }
  return changes;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

export const initCommand: Command = {
  name: 'init',
  summary: 'prepare this folder: package.json (ES module, typescript), tsconfig.json, sockgen.config.json',
  async run(argv) {
    const { flags, positionals } = parseArgs(argv, initFlags);
    if (flags.help) {
      process.stdout.write(helpText(usage, summary, initFlags) + '\n');
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`init takes no arguments; run it in the project folder (usage: ${usage})`);
    const cwd = process.cwd();
    const lines: string[] = [];

    const packagePath = join(cwd, 'package.json');
    let pkg: PackageJson = { name: basename(cwd).toLowerCase().replace(/[^a-z0-9._-]+/g, '-') || 'project', private: true };
    if (existsSync(packagePath)) {
      try {
        pkg = JSON.parse(readFileSync(packagePath, 'utf8')) as PackageJson;
      } catch (error) {
        throw new UsageError(`package.json is not valid JSON (${(error as Error).message}); fix it and run init again`);
      }
      if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) throw new UsageError('package.json is not a JSON object; fix it and run init again');
    }
    const changes = completePackageJson(pkg, toolVersions());
    if (changes.length > 0 || !existsSync(packagePath)) {
      writeJson(packagePath, pkg);
      lines.push(`package.json: ${changes.join(', ')}`);
    } else lines.push('package.json: already has what generated code needs');

    for (const [name, value] of [['tsconfig.json', initTsconfig], ['sockgen.config.json', initConfig]] as const) {
      if (existsSync(join(cwd, name))) lines.push(`${name}: kept (exists)`);
      else {
        writeJson(join(cwd, name), value);
        lines.push(`${name}: written`);
      }
    }
    lines.push('', 'next: npm install, put a spec under specs/ (e.g. specs/sockets/hello/socket.yml), then', '  npx generate && npx tsc --noEmit && npx sockgen serve');
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
