/**
 * An answer the host gives on its own (400, 401, 404, 405, 413, 415...), thrown inside the host
 * and turned into `{detail}` JSON. Internal: handlers use HttpResponse.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly headers: string[] = [],
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}
