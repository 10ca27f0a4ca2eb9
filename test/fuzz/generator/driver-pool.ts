/**
 * The parent side of the fuzz driver: starts `driver.ts` processes, sends each a case, and turns
 * silence past the time bound into a `hang` (the process is killed and replaced) and a process
 * that ended mid-case into a `crash` (or `payload-ran`, when it ended with a planted exit code).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { CaseResult, FuzzCase } from './case.js';

const repo = join(import.meta.dirname, '../../..');
const plantedExitCodes = new Set([42, 43, 44]);

interface Pending {
  readonly fuzzCase: FuzzCase;
  readonly resolve: (result: CaseResult) => void;
  readonly started: number;
  timer?: NodeJS.Timeout;
}

/** One driver process, restarted after a hang or a crash. */
class Driver {
  private child!: ChildProcess;
  private pending: Pending | undefined;
  private stderr = '';

  constructor(
    private readonly workRoot: string,
    private readonly keepProjects: number,
    private readonly timeoutMs: number,
  ) {
    this.start();
  }

  private start(): void {
    this.stderr = '';
    this.child = spawn(process.execPath, [join(repo, 'bin/run-ts.mjs'), join(repo, 'test/fuzz/generator/driver.ts'), this.workRoot, String(this.keepProjects)], {
      cwd: repo,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (!line.startsWith('result ') || !this.pending) return;
      const result = JSON.parse(line.slice('result '.length)) as CaseResult;
      this.finish(result);
    });
    this.child.on('exit', (code, signal) => {
      const pending = this.pending;
      if (!pending) return;
      const outcome = code !== null && plantedExitCodes.has(code) ? 'payload-ran' : 'crash';
      this.finish({ id: pending.fuzzCase.id, outcome, exitCode: code, ms: Date.now() - pending.started, detail: `driver ended (${signal ?? code}): ${this.stderr.slice(-1500)}` });
      this.start();
    });
  }

  private finish(result: CaseResult): void {
    const pending = this.pending!;
    clearTimeout(pending.timer);
    this.pending = undefined;
    pending.resolve(result);
  }

  run(fuzzCase: FuzzCase): Promise<CaseResult> {
    return new Promise((resolve) => {
      const pending: Pending = { fuzzCase, resolve, started: Date.now() };
      pending.timer = setTimeout(() => {
        if (this.pending !== pending) return;
        this.pending = undefined;
        const child = this.child;
        child.removeAllListeners('exit');
        child.kill('SIGKILL');
        this.start();
        resolve({ id: fuzzCase.id, outcome: 'hang', exitCode: null, ms: this.timeoutMs, detail: `no answer in ${this.timeoutMs} ms` });
      }, this.timeoutMs);
      this.pending = pending;
      this.child.stdin!.write(JSON.stringify(fuzzCase) + '\n');
    });
  }

  close(): void {
    this.child.removeAllListeners('exit');
    this.child.stdin!.end();
    this.child.kill();
  }
}

/** A pool of `size` drivers; `run` hands a case to the next free one. */
export class DriverPool {
  private readonly free: Driver[];
  private readonly waiting: Array<(driver: Driver) => void> = [];

  constructor(workRoot: string, size: number, keepProjects: number, timeoutMs: number) {
    this.free = Array.from({ length: size }, () => new Driver(workRoot, keepProjects, timeoutMs));
  }

  async run(fuzzCase: FuzzCase): Promise<CaseResult> {
    const driver = this.free.pop() ?? (await new Promise<Driver>((resolve) => this.waiting.push(resolve)));
    try {
      return await driver.run(fuzzCase);
    } finally {
      const next = this.waiting.shift();
      if (next) next(driver);
      else this.free.push(driver);
    }
  }

  close(): void {
    for (const driver of this.free) driver.close();
  }
}
