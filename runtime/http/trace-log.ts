/** One run of an endpoint, as the traces route shows it. */
export interface Trace {
  id: number;
  status: 'success' | 'failure' | 'timeout';
  status_code: number;
  duration: number;
  executed_at: string;
  method: string;
}

/**
 * The last `capacity` runs of one endpoint (the later platform's `.../traces/`), in a fixed ring so
 * recording a run allocates one small object and formats nothing; dates are formatted on read.
 */
export class TraceLog {
  private readonly runs: Array<{ id: number; statusCode: number; failed: boolean; durationMs: number; at: number; method: string }> = [];
  private next = 0;
  private lastId = 0;

  constructor(private readonly capacity = 50) {}

  /** Records a finished run; `failed` marks a handler that threw. */
  record(method: string, statusCode: number, failed: boolean, startedAt: number, endedAt: number): void {
    const run = { id: ++this.lastId, statusCode, failed, durationMs: endedAt - startedAt, at: startedAt, method };
    if (this.runs.length < this.capacity) this.runs.push(run);
    else this.runs[this.next] = run;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Runs, newest first. */
  list(): Trace[] {
    return [...this.runs]
      .sort((a, b) => b.id - a.id)
      .map((run) => ({
        id: run.id,
        status: run.statusCode === 504 ? 'timeout' : run.failed || run.statusCode >= 500 ? 'failure' : 'success',
        status_code: run.statusCode,
        duration: run.durationMs,
        executed_at: new Date(run.at).toISOString(),
        method: run.method,
      }));
  }
}
