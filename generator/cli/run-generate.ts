/**
 * `npx generate`: discover specs, run the pipeline, then write (only what changed, deleting
 * stale files) or, with `--check`, compare and print diffs. Exit 0 ok, 1 spec errors or drift.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, sep } from 'node:path';
import { computeChanges, manifestFile, manifestName, namedSpecsScope, parseManifest, unifiedDiff, type Change, type ChangeScope, type Manifest, type OutputFile } from '../core/changes.js';
import { compareText } from '../core/order.js';
import { formatDiagnostic, hasErrors } from '../core/diagnostics.js';
import { cachedBuild } from '../core/cache.js';
import { projectFiles } from '../core/project-files.js';
import { rememberCompiledBundles } from '../core/bundle-loader.js';
import type { SpecInput } from '../core/cache-key.js';
import type { LoadContext } from '../kinds/types.js';
import type { ResolvedConfig } from './config.js';
import { discoverSpecs } from './discover.js';
import { prepareCheckerSnapshot } from './prepare-checker-snapshot.js';
import { UsageError } from './parse-args.js';

export interface GenerateRun {
  readonly config: ResolvedConfig;
  readonly explicitFiles: boolean;
  readonly check: boolean;
  readonly dumpIr: boolean;
  readonly quiet: boolean;
  /** Use the generation cache (node_modules/.cache/sockgen); `--no-cache` turns it off. */
  readonly cache: boolean;
  /** The command that fixes drift, printed by `--check`. */
  readonly fixCommand: string;
}

/** One generation run; returns the exit code. */
export async function runGenerate(run: GenerateRun): Promise<number> {
  const code = await generateOnce(run);
  if (pipelineRan) await prepareCheckerSnapshot(run.quiet);
  return code;
}

/** Set by a run the cache could not answer: only such a run may have started the handler checker. */
let pipelineRan = false;

async function generateOnce(run: GenerateRun): Promise<number> {
  const { config } = run;
  const started = performance.now();
  const log = (message: string) => {
    if (!run.quiet) process.stderr.write(`sockgen: ${message}\n`);
  };
  // A run that names some specs of the project still reads all of them: files such as
  // sockets/server.ts gather every socket, so they must come out whole. It then writes only the
  // named specs' files (see namedSpecsScope). An ad hoc run into another folder reads only those.
  const named = config.namedSpecs ? new Set(discoverSpecs(config.root, config.namedSpecs, true)) : undefined;
  const paths = named && config.projectOutput ? [...new Set([...discoverSpecs(config.root, config.projectSpecs, false), ...named])].sort(compareText) : discoverSpecs(config.root, config.specs, run.explicitFiles);
  if (paths.length === 0) {
    log(`no specs found under ${config.specs.join(', ')}`);
    // Nothing generated before either (no manifest): write nothing, so `npx generate` in the wrong
    // folder does not leave a generated/ behind and `--check` of an empty project passes. With a
    // manifest, the run goes on and deletes what the removed specs produced.
    if (!existsSync(join(config.root, config.outDir, manifestName))) {
      log('nothing to generate (hint: put a spec under specs/, e.g. specs/<socket>/socket.yml, or name spec files)');
      return 0;
    }
  }
  const specs = paths.map((path) => readSpec(config.root, path));
  const context: LoadContext = {
    root: config.root,
    strict: config.strict,
    ...(config.targets ? { targets: config.targets } : {}),
    allowRemoteRefs: config.allowRemoteRefs,
    ...(config.servers ? { servers: config.servers } : {}),
    ...(config.python ? { python: config.python } : {}),
    ...projectFiles(config.root),
  };
  const explicitFiles = named ?? run.explicitFiles;
  const result = await cachedBuild({
    // --dump-ir needs the IR, which is not cached; a document fetched over http(s) is not a file
    // the cache can look at again.
    enabled: run.cache && !run.dumpIr && !config.allowRemoteRefs,
    root: config.root,
    options: { config, explicitFiles: typeof explicitFiles === 'boolean' ? explicitFiles : [...explicitFiles].sort(compareText) },
    specs,
    context,
    async build(recording, loadThroughCache) {
      // Loaded only when the cache cannot answer: a hit never loads the kinds, targets or formatter.
      const [{ buildProject }, { createSpecFile }] = await Promise.all([import('../pipeline.js'), import('../core/spec-file.js')]);
      const files = specs.map((spec) => {
        const file = createSpecFile(spec.path, join(config.root, spec.path), spec.text);
        // A broken symlink or a folder named like a spec: a finding about that file, not a crash.
        if (spec.unreadable !== undefined)
          file.syntaxErrors.push({ code: 'SPEC003', severity: 'error', message: `cannot read this file: ${spec.unreadable}`, file: spec.path, line: 1, col: 1, hint: 'fix or remove it: a broken link, or a folder named like a spec' });
        return file;
      });
      return buildProject(files, recording, { outDir: config.outDir, handlersDir: config.handlersDir, explicitFiles, onProgress: log, ...(loadThroughCache ? { loadThroughCache } : {}) });
    },
  });
  pipelineRan ||= !result.fromCache;
  if (result.fromCache) log(`${plural(specs.length, 'spec')} unchanged since a cached run (--no-cache to regenerate anyway)`);
  for (const diagnostic of result.diagnostics) process.stderr.write(formatDiagnostic(diagnostic) + '\n');
  if (hasErrors(result.diagnostics)) {
    const count = result.diagnostics.filter((d) => d.severity === 'error').length;
    process.stderr.write(`sockgen: ${count} error${count === 1 ? '' : 's'}; nothing was written. Fix the specs above and run again.\n`);
    return 1;
  }
  // The code V8 compiled for the bundles this run loaded (parser, templates...), kept for the next.
  // Only a run without errors keeps it: V8 keeps the functions a run compiled, and one that stopped
  // at a broken spec compiled few (a later full run then compiled the rest again, ~30 ms, each time).
  rememberCompiledBundles();
  if (run.dumpIr) {
    process.stdout.write(JSON.stringify(result.ir, null, 2) + '\n');
    return 0;
  }

  const read = (path: string) => {
    const absolute = join(config.root, path);
    return existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined;
  };
  const previous = parseManifest(config.outDir, read(posix.join(config.outDir, manifestName)));
  const scope = named ? namedSpecsScope(named, (spec) => existsSync(join(config.root, spec))) : undefined;
  const files = scope ? withManifestKeeping(result.files, previous, scope, config.outDir) : result.files;
  const changes = computeChanges(files, read, previous, scope);
  const elapsed = `${Math.round(performance.now() - started)} ms`;

  if (run.check) return reportDrift(changes, run.fixCommand, files.length, elapsed, log);
  for (const [folder, setting] of [[config.outDir, 'out'], [config.handlersDir, 'handlers']] as const) {
    const absolute = join(config.root, folder);
    if (existsSync(absolute) && !statSync(absolute).isDirectory()) throw new UsageError(`${folder} is a file, but \`${setting}\` must be a folder (hint: pass --${setting} <folder>, or set "${setting}" in sockgen.config.json)`);
  }
  applyChanges(config.root, changes, [config.outDir, config.handlersDir]);
  const count = (type: Change['type']) => changes.filter((c) => c.type === type).length;
  log(
    `${plural(files.length, 'file')} from ${plural(named?.size ?? specs.length, 'spec')}: ${count('create')} created, ${count('update')} updated, ` +
      `${count('delete')} deleted, ${files.length - count('create') - count('update')} unchanged (${elapsed})`,
  );
  return 0;
}

function reportDrift(changes: Change[], fixCommand: string, total: number, elapsed: string, log: (m: string) => void): number {
  if (changes.length === 0) {
    log(`${plural(total, 'file')} in sync with the specs (${elapsed})`);
    return 0;
  }
  for (const change of changes) process.stdout.write(unifiedDiff(change) + '\n');
  const summary = changes.map((c) => `  ${c.type === 'create' ? 'missing' : c.type === 'delete' ? 'extra  ' : 'changed'} ${c.path}`);
  process.stderr.write(
    `sockgen: ${changes.length} file${changes.length === 1 ? '' : 's'} out of date:\n${summary.join('\n')}\n` +
      `Run \`${fixCommand}\` and commit the result.\n`,
  );
  return 1;
}

/**
 * A run that names some specs keeps, in the manifest it writes, the earlier files it leaves alone,
 * so a later full run still knows them (and deletes them once their spec is gone).
 */
function withManifestKeeping(files: readonly OutputFile[], previous: Manifest, scope: ChangeScope, outDir: string): OutputFile[] {
  const produced = new Set(files.map((file) => file.path));
  const keptPaths = previous.paths.filter((path) => !produced.has(path) && !scope.mayDelete(previous.specsOf.get(path)));
  const kept: Manifest = { paths: keptPaths, specsOf: previous.specsOf };
  const manifest = manifestFile(outDir, files.filter((file) => !file.path.endsWith(manifestName)), kept);
  return files.map((file) => (file.path === manifest.path ? manifest : file));
}

function applyChanges(root: string, changes: readonly Change[], folders: readonly string[]): void {
  // One mkdir per folder, not per file (1,353 files of 50 sockets share 100 folders). A folder
  // made here is never removed again in this loop: a delete empties only folders it writes nothing to.
  const made = new Set<string>();
  for (const change of changes) {
    const absolute = join(root, change.path);
    try {
      if (change.type === 'delete') {
        unlinkSync(absolute);
        const folder = folders.map((f) => join(root, f)).find((f) => absolute.startsWith(f + sep));
        if (folder) removeEmptyParents(dirname(absolute), folder);
      } else {
        const folder = dirname(absolute);
        if (!made.has(folder)) mkdirSync(folder, { recursive: true });
        made.add(folder);
        writeFileSync(absolute, change.contents);
      }
    } catch (error) {
      // The file system said no (a file where a folder belongs, permissions, a full disk): the
      // project's setup, not a bug. Files written before this one stay; the next run completes.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      throw new UsageError(`cannot ${change.type === 'delete' ? 'delete' : 'write'} ${change.path}: ${code} ${firstLine((error as Error).message).replace(/^\w+: /, '')}`);
    }
  }
}

/** Removes folders left empty by a delete, up to (not including) the output folder itself. */
function removeEmptyParents(folder: string, stop: string): void {
  let current = folder;
  while (current.startsWith(stop + sep) && readdirSync(current).length === 0) {
    rmdirSync(current);
    current = dirname(current);
  }
}

/** A spec's text, or (text '') why it cannot be read. */
function readSpec(root: string, path: string): SpecInput {
  try {
    return { path, text: readFileSync(join(root, path), 'utf8') };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : firstLine((error as Error).message);
    return { path, text: '', unreadable: reason };
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
