import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { pythonFolder } from './python-folder.js';

/** What a run streams back: the script's stdout, stderr and harness messages (fd 3). */
export interface RunListener {
  out(chunk: Buffer): void;
  err(chunk: Buffer): void;
  msg(chunk: Buffer): void;
}

/** One script run in a forked child of a warm interpreter. */
export interface WorkerRun {
  /** Resolves when the child has exited and its output is drained; rejects when the worker died. */
  readonly done: Promise<{ code: number | null; signal: number | null }>;
  /** SIGKILLs the child's whole process group (what the script started too). */
  kill(): void;
  /** Bytes for the child's file descriptor 4 (answers to `syncano` calls). */
  reply(data: Buffer): void;
}

interface Pending {
  listener: RunListener;
  resolve(value: { code: number | null; signal: number | null }): void;
  reject(error: Error): void;
}

const workersPerInterpreter = 2;
const stderrKeep = 4096;

/**
 * A warm Python parent (syncano_zygote.py): it imported the harness once and forks a fresh child
 * per run, so a request costs a fork (about a millisecond) instead of an interpreter start (~170 ms),
 * and nothing of one run (globals, sys.modules, open files) can reach the next.
 */
class Zygote {
  readonly process: ChildProcessByStdio<Writable, Readable, Readable>;
  readonly runs = new Map<number, Pending>();
  private nextId = 1;
  private buffer: Buffer = Buffer.alloc(0);
  private header: { id?: number; t: string; n?: number; code?: number | null; signal?: number | null } | undefined;
  private stderr = '';
  dead = false;

  constructor(python: string) {
    this.process = spawn(python, [`${pythonFolder()}syncano_zygote.py`], {
      env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process.stdout.on('data', (chunk: Buffer) => {
      try {
        this.read(chunk);
      } catch (error) {
        // A garbled frame (something wrote to the parent's stdout): this worker cannot be trusted
        // any more; its runs fail, it is stopped, and the next run starts a fresh one.
        this.fail(new Error(`the Python worker wrote an unreadable frame: ${(error as Error).message}`));
        this.process.kill('SIGKILL');
      }
    });
    this.process.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-stderrKeep);
    });
    this.process.stdin.on('error', () => undefined);
    this.process.once('error', (error) => {
      const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? ` (is ${python} installed? set SOCKGEN_PYTHON or the python option)` : '';
      this.fail(new Error(`could not start ${python}: ${error.message}${hint}`));
    });
    this.process.once('close', (code, signal) => {
      const tail = this.stderr.trim().split('\n').slice(-6).join('\n');
      this.fail(new Error(`the Python worker (${python}) stopped (${signal ?? `exit ${code}`})${tail ? `: ${tail}` : ''}`));
    });
    this.idle();
  }

  run(request: string, listener: RunListener): WorkerRun {
    const id = this.nextId++;
    const done = new Promise<{ code: number | null; signal: number | null }>((resolve, reject) => {
      if (this.dead) return reject(new Error('the Python worker stopped'));
      this.runs.set(id, { listener, resolve, reject });
    });
    const payload = Buffer.from(request, 'utf8');
    this.busy();
    this.process.stdin.write(Buffer.concat([Buffer.from(`run ${id} ${payload.length}\n`), payload]));
    return {
      done,
      kill: () => {
        if (this.runs.has(id)) this.process.stdin.write(`kill ${id}\n`);
      },
      reply: (data) => {
        if (this.runs.has(id)) this.process.stdin.write(Buffer.concat([Buffer.from(`reply ${id} ${data.length}\n`), data]));
      },
    };
  }

  /** A worker with no run must not keep the host's process alive (it exits when its stdin closes). */
  private idle(): void {
    this.process.unref();
    (this.process.stdout as Readable & { unref?(): void }).unref?.();
    (this.process.stderr as Readable & { unref?(): void }).unref?.();
    (this.process.stdin as Writable & { unref?(): void }).unref?.();
  }

  private busy(): void {
    this.process.ref();
    (this.process.stdout as Readable & { ref?(): void }).ref?.();
  }

  private fail(error: Error): void {
    if (this.dead) return;
    this.dead = true;
    for (const pending of this.runs.values()) pending.reject(error);
    this.runs.clear();
  }

  /** Frames: a JSON header line, then `n` payload bytes for out/err/msg. */
  private read(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.header === undefined) {
        const newline = this.buffer.indexOf(10);
        if (newline < 0) return;
        this.header = JSON.parse(this.buffer.subarray(0, newline).toString('utf8')) as NonNullable<Zygote['header']>;
        this.buffer = this.buffer.subarray(newline + 1);
      }
      const header = this.header;
      const size = header.n ?? 0;
      if (this.buffer.length < size) return;
      const payload = this.buffer.subarray(0, size);
      this.buffer = this.buffer.subarray(size);
      this.header = undefined;
      const pending = header.id === undefined ? undefined : this.runs.get(header.id);
      if (pending === undefined) continue;
      if (header.t === 'exit') {
        this.runs.delete(header.id!);
        if (this.runs.size === 0) this.idle();
        pending.resolve({ code: header.code ?? null, signal: header.signal ?? null });
      } else if (header.t === 'out' || header.t === 'err' || header.t === 'msg') {
        pending.listener[header.t](Buffer.from(payload));
      }
    }
  }
}

const pools = new Map<string, Zygote[]>();
let turn = 0;

/**
 * Runs a harness request (JSON text) in a fresh child of a warm interpreter `python`. A small pool
 * of warm parents per interpreter is started on first use and restarted when one dies.
 */
export function runInWorker(python: string, request: string, listener: RunListener): WorkerRun {
  let pool = pools.get(python);
  if (pool === undefined) {
    pool = [];
    pools.set(python, pool);
  }
  const index = turn++ % workersPerInterpreter;
  let zygote = pool[index];
  if (zygote === undefined || zygote.dead) {
    zygote = new Zygote(python);
    pool[index] = zygote;
  }
  return zygote.run(request, listener);
}

/** Stops every warm interpreter (their running children are killed); the next run starts new ones. */
export function closePythonWorkers(): void {
  for (const pool of pools.values()) for (const zygote of pool) zygote?.process.stdin.end();
  pools.clear();
}
