import type { ServerResponse } from 'node:http';
import type { HandlerContext, RequestMeta } from './types.js';

/**
 * The context a handler gets. `signal` is created on first use: most handlers never read it, and
 * an AbortController plus a close listener on every request is measurable on the hot path.
 */
export class RequestContext implements HandlerContext {
  #controller: AbortController | undefined;

  constructor(
    readonly args: Record<string, unknown>,
    readonly meta: RequestMeta,
    readonly config: Record<string, unknown>,
    readonly store: unknown,
    private readonly response: ServerResponse,
  ) {}

  /** Aborted when the caller disconnects before the answer is written. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      const response = this.response;
      const abort = (): void => {
        if (!response.writableFinished) controller.abort(new Error('the caller closed the connection'));
      };
      if (response.destroyed) abort();
      else response.once('close', abort);
    }
    return this.#controller.signal;
  }
}
