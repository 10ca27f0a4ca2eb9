/** Finds spec files: the files named, and every YAML/JSON/.env file under the folders named. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UsageError } from './parse-args.js';
import { compareText } from '../core/order.js';

const specFile = /(\.ya?ml|\.json|(^|\/)\.env|\.env)$/i;
const skippedFolders = new Set(['node_modules', '.git']);

/** Project-relative paths, sorted. A named path that does not exist is a usage error. */
export function discoverSpecs(root: string, entries: readonly string[], explicit: boolean): string[] {
  const found = new Set<string>();
  for (const entry of entries) {
    const absolute = join(root, entry);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      if (!explicit && entry === 'specs') continue;
      throw new UsageError(`${entry}: no such file or folder`);
    }
    if (stats.isDirectory()) for (const file of walk(absolute)) found.add(toProjectPath(root, file));
    else found.add(toProjectPath(root, absolute));
  }
  return [...found].sort();
}

function walk(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => compareText(a.name, b.name))
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return skippedFolders.has(entry.name) ? [] : walk(path);
      return specFile.test(entry.name) ? [path] : [];
    });
}

function toProjectPath(root: string, absolute: string): string {
  return relative(root, absolute).replace(/\\/g, '/');
}
