/**
 * websockify's static token mode: a file of `token: host:port` lines (`#` starts a comment). The
 * file is re-read when its modification time or size changes, so edits apply to new connections.
 */
import { statSync, readFileSync } from 'node:fs';
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

/** Opens a token file; a missing or unreadable file behaves as empty (and is reported once). */
export function openTokenFile(path: string, log: (line: string) => void = () => {}): TokenFile {
  let stamp = '';
  let targets = new Map<string, TcpTarget>();
  const refresh = () => {
    let next: string;
    try {
      const stats = statSync(path);
      next = `${stats.mtimeMs}:${stats.size}`;
    } catch {
      next = 'missing';
    }
    if (next === stamp) return;
    if (next === 'missing') {
      log(`token file ${path} is missing; no static tokens`);
      targets = new Map();
    } else {
      const parsed = parseTokenFile(readFileSync(path, 'utf8'));
      for (const problem of parsed.problems) log(`token file ${path} ${problem}`);
      targets = parsed.targets;
    }
    stamp = next;
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
