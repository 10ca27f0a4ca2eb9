/**
 * Renders and formats planned files as the targets hand them over, while other targets still plan.
 * A target that waits (the socket types wait for the handler type checker's worker thread) then no
 * longer holds up every file planned after it, and this thread renders the next file while the
 * formatter's native thread formats the one before. One file is formatted at a time: two or three
 * oxfmt calls at once measured no faster for 50 sockets (its native threads contend).
 */
import type { OutputFile } from './changes.js';
import { formatForPath, formatText, jsonText } from './format.js';
import { withHeader } from './header.js';
import { renderTemplate } from './render.js';
import type { PlannedFile } from '../targets/types.js';

export class RenderStream {
  private readonly queue: PlannedFile[] = [];
  private readonly done: OutputFile[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  private readonly pumped: Promise<void>;

  constructor() {
    this.pumped = this.pump();
    // A run that stops on a finding never asks for the files: its formatter error is not news.
    this.pumped.catch(() => {});
  }

  /** Queues a file; it is rendered and formatted as soon as the ones before it are. */
  add(file: PlannedFile): void {
    this.queue.push(file);
    this.wake?.();
  }

  /** How many files were added (the pump moves each from the queue to `done` without a pause). */
  get size(): number {
    return this.queue.length + this.done.length;
  }

  /** Every added file, rendered and formatted, in the order they were added. */
  async finish(): Promise<OutputFile[]> {
    this.closed = true;
    this.wake?.();
    await this.pumped;
    return this.done;
  }

  private async pump(): Promise<void> {
    let formatting: Promise<void> = Promise.resolve();
    // Held here, not in a rejected promise: the pump may be waiting for files when a format fails.
    let failure: { error: unknown } | undefined;
    for (;;) {
      while (this.queue.length === 0 && !this.closed) await new Promise<void>((resolve) => (this.wake = resolve));
      // Taken off the queue: a planned file's data (a whole openapi.json document) is not kept.
      const file = this.queue.shift();
      if (!file) break;
      const slot = this.done.length;
      const output = (contents: string): OutputFile => ({ path: file.path, contents, ownership: file.ownership, specs: file.specs });
      // A JSON document is printed in its canonical form directly: parsing the text back to print
      // it again took 60 ms for the 8.5 MB of openapi.json of 50 sockets.
      if (file.json !== undefined) {
        this.done.push(output(jsonText(file.json)));
        continue;
      }
      const format = file.format ?? formatForPath(file.path);
      let text = file.text ?? (file.template ? renderTemplate(file.template, file.data ?? {}) : '');
      if (file.ownership === 'generated') text = withHeader(text, format, file.path, file.specs);
      this.done.push(output('')); // its place in the order; its contents once formatted
      // Rendered while the file before is formatted; formatted once that one is done.
      await formatting;
      if (failure) throw failure.error;
      formatting = formatText(text, format, file.path).then(
        (contents) => void (this.done[slot] = output(contents)),
        (error: unknown) => void (failure ??= { error }),
      );
    }
    await formatting;
    if (failure) throw failure.error;
  }
}
