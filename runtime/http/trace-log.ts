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
 * The last `capacity` runs of one endpoint (the later platform's `.../traces/`), in a fixed ring of
 * preallocated columns, so recording a run allocates nothing; dates are formatted on read.
 */
export class TraceLog {
  private readonly ids: Float64Array;
  private readonly statusCodes: Uint16Array;
  private readonly failed: Uint8Array;
  private readonly durations: Float64Array;
  private readonly startedAt: Float64Array;
  private readonly methods: string[];
  private next = 0;
  private lastId = 0;

  constructor(private readonly capacity = 50) {
    this.ids = new Float64Array(capacity);
    this.statusCodes = new Uint16Array(capacity);
    this.failed = new Uint8Array(capacity);
    this.durations = new Float64Array(capacity);
    this.startedAt = new Float64Array(capacity);
    this.methods = new Array<string>(capacity).fill('');
  }

  /** Records a finished run; `failed` marks a handler that threw. */
  record(method: string, statusCode: number, failed: boolean, startedAt: number, endedAt: number): void {
    const slot = this.next;
    this.ids[slot] = ++this.lastId;
    this.statusCodes[slot] = statusCode;
    this.failed[slot] = failed ? 1 : 0;
    this.durations[slot] = endedAt - startedAt;
    this.startedAt[slot] = startedAt;
    this.methods[slot] = method;
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
  }

  /** Runs, newest first. */
  list(): Trace[] {
    const traces: Trace[] = [];
    const count = Math.min(this.lastId, this.capacity);
    for (let back = 1; back <= count; back++) {
      const slot = (this.next - back + this.capacity) % this.capacity;
      const statusCode = this.statusCodes[slot]!;
      traces.push({
        id: this.ids[slot]!,
        status: statusCode === 504 ? 'timeout' : this.failed[slot] === 1 || statusCode >= 500 ? 'failure' : 'success',
        status_code: statusCode,
        duration: this.durations[slot]!,
        executed_at: new Date(this.startedAt[slot]!).toISOString(),
        method: this.methods[slot]!,
      });
    }
    return traces;
  }
}
