/**
 * A folder of code the build compiled ahead of time (ajv standalone validators) and its manifest:
 * the versions of the tools the code was made with, and a file per key. A run loads a key's file
 * only while those versions are installed; otherwise the caller compiles as it would without the
 * folder, so a package upgraded without a rebuild never validates with stale code.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './bundle-loader.js';
import { loadableModule } from './loadable-module.js';
import { compareText } from './order.js';

const manifestName = 'manifest.json';

interface Manifest {
  readonly tools: Record<string, string>;
  /** The file of each key. */
  readonly files: Record<string, string>;
}

/** One module the build writes: `key` finds it; entries with the same `id` share one file. */
export interface PrecompiledEntry {
  readonly key: string;
  readonly id: string;
  /** The module's code, made once per `id`. */
  readonly code: () => string;
}

export class PrecompiledFolder {
  private manifest: Manifest | null | undefined;

  constructor(
    private readonly folder: URL,
    private readonly toolVersions: () => Record<string, string>,
  ) {}

  /** Whether the build stored code under `key` for the installed tools. */
  has(key: string): boolean {
    return this.readManifest()?.files[key] !== undefined;
  }

  /**
   * The module stored under `key`, or undefined. A precompiled validator can be megabytes of code:
   * it is loaded like a bundle, once per process, with its compiled code cached.
   */
  load(key: string): unknown {
    const file = this.readManifest()?.files[key];
    return file === undefined ? undefined : loadBundle(fileURLToPath(new URL(file, this.folder)));
  }

  /** Build step: replaces the folder with `entries` and `extras` (files written as they are); returns how many modules. */
  write(entries: readonly PrecompiledEntry[], extras: Readonly<Record<string, string>> = {}): number {
    const path = fileURLToPath(this.folder);
    rmSync(path, { recursive: true, force: true });
    mkdirSync(path, { recursive: true });
    for (const [name, contents] of Object.entries(extras)) writeFileSync(join(path, name), contents);
    const files: Record<string, string> = {};
    const written = new Set<string>();
    for (const { key, id, code } of [...entries].sort((a, b) => compareText(a.key, b.key))) {
      const file = `${createHash('sha256').update(id).digest('hex').slice(0, 16)}.cjs`;
      if (!written.has(file)) writeFileSync(join(path, file), loadableModule(code()));
      written.add(file);
      files[key] = file;
    }
    const manifest: Manifest = { tools: this.toolVersions(), files };
    writeFileSync(join(path, manifestName), JSON.stringify(manifest, null, 2) + '\n');
    return written.size;
  }

  private readManifest(): Manifest | null {
    if (this.manifest !== undefined) return this.manifest;
    this.manifest = null;
    const path = new URL(manifestName, this.folder);
    if (!existsSync(path)) return null;
    try {
      const read = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
      if (JSON.stringify(read.tools) === JSON.stringify(this.toolVersions())) this.manifest = read;
    } catch {
      // An unreadable manifest: the caller compiles instead.
    }
    return this.manifest;
  }
}

/**
 * A module exporting ajv-formats' formats as found along `from`: each package resolved from the
 * one before, starting where the module is (the formats the code was compiled against, which
 * need not be sockgen's own ajv-formats).
 */
export function formatsShim(from: readonly string[]): string {
  const resolver = from.reduce((expression, name) => `createRequire(${expression}.resolve(${JSON.stringify(name)}))`, 'require');
  return ["'use strict';", "const { createRequire } = require('node:module');", `module.exports = ${resolver}('ajv-formats/dist/formats');`, ''].join('\n');
}
