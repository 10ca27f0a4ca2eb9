/**
 * websockify's static token mode: a file of `token: host:port` lines (`#` starts a comment), or a
 * directory of such files. Re-read when they change, so edits apply to new connections.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TcpTarget } from './types.js';

/** Parses token-file text; malformed lines are reported and skipped, never fatal. */
export function parseTokenFile(text: string): { targets: Map<string, TcpTarget>; problems: string[] } {
  const targets = new Map<string, TcpTarget>();
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const colon = line.indexOf(':');
    const token = colon < 0 ? '' : line.slice(0, colon).trim();
    const target = colon < 0 ? undefined : parseHostPort(line.slice(colon + 1).trim());
    if (!token || !target) problems.push(`line ${i + 1}: expected \`token: host:port\`, got \`${line}\``);
    else targets.set(token, target);
  });
  return { targets, problems };
}

/** `host:port` or `[v6]:port`. */
function parseHostPort(text: string): TcpTarget | undefined {
  const match = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(text);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

/** A token file that follows changes on disk. */
export interface TokenFile {
  lookup(token: string): TcpTarget | undefined;
  size(): number;
}

/**
 * Opens a token file, or (as websockify does) a token directory: every regular file directly in
 * it, read in name order (a later file's token wins). Re-read when a file's modification time or
 * size changes, or files come and go. Missing or unreadable → empty, reported once per change.
 */
export function openTokenFile(path: string, log: (line: string) => void = () => {}): TokenFile {
  let stamp = '';
  let targets = new Map<string, TcpTarget>();
  const refresh = () => {
    const { stamp: next, files, problem } = snapshot(path);
    if (next === stamp) return;
    stamp = next;
    targets = new Map();
    if (problem) log(problem);
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        log(`token file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); skipped`);
        continue;
      }
      const parsed = parseTokenFile(text);
      for (const line of parsed.problems) log(`token file ${file} ${line}`);
      for (const [token, target] of parsed.targets) targets.set(token, target);
    }
  };
  return {
    lookup(token) {
      refresh();
      return targets.get(token);
    },
    size() {
      refresh();
      return targets.size;
    },
  };
}

/** The files to read and a stamp that changes when any of them (or the set of them) does. */
function snapshot(path: string): { stamp: string; files: string[]; problem?: string } {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return { stamp: 'missing', files: [], problem: `token file ${path} is missing; no static tokens` };
  }
  if (!stats.isDirectory()) return { stamp: `${stats.mtimeMs}:${stats.size}`, files: [path] };
  let names: string[];
  try {
    names = readdirSync(path).sort();
  } catch (error) {
    return { stamp: 'unreadable', files: [], problem: `token directory ${path} cannot be listed (${(error as NodeJS.ErrnoException).code}); no static tokens` };
  }
  const files: string[] = [];
  const parts: string[] = [];
  for (const name of names) {
    const file = join(path, name);
    try {
      const entry = statSync(file);
      if (!entry.isFile()) continue;
      files.push(file);
      parts.push(`${name}\0${entry.mtimeMs}:${entry.size}`);
    } catch {
      continue; // removed while listing
    }
  }
  return { stamp: `dir\0${parts.join('\0')}`, files };
}
