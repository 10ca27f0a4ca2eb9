/**
 * Loading a generated entry (`generated/sockets/main.ts`, a connector's `main.ts`) of the user's
 * project. Two things go wrong there that are the project's, not sockgen's: the project is not
 * an ES-module package (the generated TypeScript is ESM), and the user's own code (handlers/) does
 * not compile or import. Both become one line naming the cause, not an "internal error" stack.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './parse-args.js';
import { blameImporters, BundleError, bundleProjectEntry, type ProjectBundle } from './project-bundle.js';

/** The user's code failed to load (syntax error, missing import): exit 1, like a spec error. */
export class ProjectLoadError extends Error {}

/** The nearest package.json at or above `folder`, or undefined when there is none. */
function nearestPackageJson(folder: string): string | undefined {
  for (let current = folder; ; current = dirname(current)) {
    const candidate = join(current, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

/**
 * Throws a UsageError (exit 2) unless `entry` lies in a package with `"type": "module"`: Node
 * would load the generated ESM TypeScript as CommonJS and fail with ERR_REQUIRE_CYCLE_MODULE.
 */
export function assertEsmPackage(entry: string): string {
  const packageJson = nearestPackageJson(dirname(entry));
  const fix = 'run `npm pkg set type=module`: the generated code is ES modules';
  if (packageJson === undefined) throw new UsageError(`no package.json above ${relative(process.cwd(), entry)} (hint: run \`npm init -y && npm pkg set type=module\`: the generated code is ES modules)`);
  let type: unknown;
  try {
    type = (JSON.parse(readFileSync(packageJson, 'utf8')) as { type?: unknown }).type;
  } catch (error) {
    throw new UsageError(`${relative(process.cwd(), packageJson) || 'package.json'} is not valid JSON: ${(error as Error).message}`);
  }
  if (type !== 'module') throw new UsageError(`${relative(process.cwd(), packageJson) || 'package.json'} does not say "type": "module" (hint: ${fix})`);
  return packageJson;
}

/** The first useful lines of a load error: esbuild's "Transform failed" header is dropped. */
function describeLoadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^Transform failed with \d+ errors?:?$/.test(line));
  return lines.slice(0, 3).join('; ');
}

/**
 * Imports a generated entry after checking its package is ESM (`runtime`: the sockgen runtime area
 * it imports, loaded first). A TypeScript entry and the project files it imports run from a cached
 * esbuild bundle (project-bundle.ts), else through tsx. A failure while loading the project's
 * modules is a ProjectLoadError naming the file and line the bundler or loader reported.
 */
export async function importProjectEntry(entry: string, runtime?: 'http' | 'connector'): Promise<unknown> {
  const packageRoot = dirname(assertEsmPackage(entry));
  const fail = (error: unknown) =>
    new ProjectLoadError(`cannot load ${relative(process.cwd(), entry)}: ${describeLoadError(error)} (hint: fix the file named above, or run \`npx generate\` if a generated file is missing)`);
  let bundle: ProjectBundle | undefined;
  try {
    // Loaded before source maps are on (below): the compiled runtime's own maps are not parsed at
    // start-up, and without a bundle its modules skip the TypeScript loader's hooks.
    // A URL, not a path a bundler follows: the CLI's bundle (cli-bundle.ts) must leave the runtime
    // to its own files, the ones the project's generated code imports.
    if (runtime && !tsxRegistered) await import(new URL(`../../runtime/${runtime}/index.js`, import.meta.url).href);
    bundle = /\.[mc]?ts$/.test(entry) ? await bundleProjectEntry(entry, packageRoot) : undefined;
    if (bundle !== undefined) {
      // Stack traces of the project's code then name its .ts files and lines, as under tsx.
      process.setSourceMapsEnabled(true);
      return await import(pathToFileURL(bundle.file).href);
    }
    await typeScriptLoader(entry);
    return await import(pathToFileURL(entry).href);
  } catch (error) {
    if (error instanceof BundleError) throw fail(error);
    const code = (error as { code?: unknown })?.code;
    const loading = code === 'ERR_MODULE_NOT_FOUND' || (error as Error)?.name === 'TransformError' || error instanceof SyntaxError;
    if (!loading) throw error;
    throw fail(bundle && error instanceof Error ? blameImporters(error.message, bundle) : error);
  }
}

// The compiled CLI loads tsx only when a project's TypeScript cannot run from a bundle: `generate`
// and `--help` never pay for it. Run from its sources, the CLI already runs under tsx (this module
// is then a .ts file).
let tsxRegistered = import.meta.url.endsWith('.ts');
async function typeScriptLoader(entry: string): Promise<void> {
  if (tsxRegistered || !/\.[mc]?ts$/.test(entry)) return;
  const { register } = await import('tsx/esm/api');
  register();
  tsxRegistered = true;
}
