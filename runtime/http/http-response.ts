/** What an HttpResponse is built from. */
export interface HttpResponseInit {
  status?: number;
  content?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * A response a handler chooses itself, the counterpart of the script contract's
 * `HttpResponse(status_code, content, content_type)` (custom-sockets.md). A string or byte content
 * is sent as is (text/plain unless `contentType` says otherwise); any other content as JSON.
 * Handlers may also `throw` one to stop early.
 */
export class HttpResponse {
  readonly status: number;
  readonly content: unknown;
  readonly contentType: string | undefined;
  readonly headers: Record<string, string>;

  constructor(init: HttpResponseInit = {}) {
    this.status = init.status ?? 200;
    this.content = init.content;
    this.contentType = init.contentType;
    this.headers = init.headers ?? {};
  }
}
