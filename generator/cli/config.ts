/**
 * sockgen.config.json: read, validated with ajv against the schema that ships with the package
 * (`sockgen/config.schema.json`, usable as `$schema`), and merged with flags. Defaults live here.
 */
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, posix, relative, resolve } from 'node:path';
import schema from './config.schema.json' with { type: 'json' };
import { UsageError } from './parse-args.js';

export interface ResolvedConfig {
  /** Absolute project root (the config file's folder, or the working directory). */
  readonly root: string;
  /** Project-relative spec files or folders. */
  readonly specs: readonly string[];
  readonly outDir: string;
  readonly handlersDir: string;
  readonly strict: boolean;
  /**
   * The spec files or folders named on the command line (project-relative), when any: a run that
   * names specs regenerates those and never deletes the output of other specs that still exist.
   */
  readonly namedSpecs?: readonly string[];
  /** The project's own spec folders (config `specs`, else `specs`), read whole by a partial run. */
  readonly projectSpecs: readonly string[];
  /**
   * True when `out` is the project's own output folder (a partial run of the project); false
   * for an ad hoc run into another folder, which reads only the specs it names.
   */
  readonly projectOutput: boolean;
  /** Project-relative path of the config file that was read, if any. */
  readonly configFile?: string;
  /** The runtime chosen per AsyncAPI spec (project-relative path), overriding detection. */
  readonly targets?: Readonly<Record<string, 'socketio' | 'ws'>>;
  /** `http(s)` `$ref`s may be fetched (config `allowRemoteRefs`, default false). */
  readonly allowRemoteRefs: boolean;
  /** Per AsyncAPI spec (project-relative path), the server to use (config `servers`). */
  readonly servers?: Readonly<Record<string, string>>;
  /** Python interpreter of socket.yml scripts (config `python`). */
  readonly python?: string;
}

interface ConfigFile {
  specs?: string[];
  out?: string;
  handlers?: string;
  strict?: boolean;
  targets?: Record<string, 'socketio' | 'ws'>;
  allowRemoteRefs?: boolean;
  servers?: Record<string, string>;
  python?: string;
}

export const defaultConfigName = 'sockgen.config.json';
let compiled: ValidateFunction<ConfigFile> | undefined;
/** The schema's validator, compiled on first use: a project without a config file (and every `serve` start-up there) never loads ajv. */
function configValidator(): ValidateFunction<ConfigFile> {
  if (compiled) return compiled;
  const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass };
  compiled = new Ajv({ allErrors: true }).compile<ConfigFile>(schema);
  return compiled;
}

/** Loads the config (explicit path or the default file when present) and applies flags. */
export function resolveConfig(cwd: string, flags: Readonly<Record<string, string | true>>, positionalSpecs: readonly string[]): ResolvedConfig {
  const explicit = typeof flags.config === 'string' ? resolve(cwd, flags.config) : undefined;
  const path = explicit ?? resolve(cwd, defaultConfigName);
  let file: ConfigFile = {};
  let root = cwd;
  if (explicit || existsSync(path)) {
    if (!existsSync(path)) throw new UsageError(`config file ${flags.config} not found`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new UsageError(`${relative(cwd, path)}: not valid JSON (${(error as Error).message})`);
    }
    const validate = configValidator();
    if (!validate(parsed)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`).join('; ');
      throw new UsageError(`${relative(cwd, path)}: ${problems} (see node_modules/sockgen/generator/cli/config.schema.json)`);
    }
    file = parsed;
    root = dirname(path);
  }
  const fromCwd = (p: string) => relative(root, resolve(cwd, p)).replace(/\\/g, '/') || '.';
  const projectSpecs = file.specs ?? ['specs'];
  const projectOut = file.out ?? 'generated';
  const outDir = typeof flags.out === 'string' ? fromCwd(flags.out) : projectOut;
  const projectOutput = outDir === projectOut;
  return {
    root,
    specs: positionalSpecs.length > 0 ? positionalSpecs.map(fromCwd) : projectSpecs,
    outDir,
    handlersDir: typeof flags.handlers === 'string' ? fromCwd(flags.handlers) : (file.handlers ?? (projectOutput ? 'handlers' : posix.join(outDir, 'handlers'))),
    strict: flags.strict === true || file.strict === true,
    ...(positionalSpecs.length > 0 ? { namedSpecs: positionalSpecs.map(fromCwd) } : {}),
    projectSpecs,
    projectOutput,
    ...(explicit || existsSync(path) ? { configFile: relative(cwd, path) } : {}),
    allowRemoteRefs: file.allowRemoteRefs === true,
    ...(file.python ? { python: file.python } : {}),
    // Keys are spec paths as written (project-relative); `./specs/x.yml` and `specs\\x.yml` mean the same file.
    ...(file.servers ? { servers: Object.fromEntries(Object.entries(file.servers).map(([spec, server]) => [spec.replace(/\\/g, '/').replace(/^(\.\/)+/, ''), server])) } : {}),
    ...(file.targets ? { targets: Object.fromEntries(Object.entries(file.targets).map(([spec, target]) => [spec.replace(/\\/g, '/').replace(/^(\.\/)+/, ''), target])) } : {}),
  };
}
