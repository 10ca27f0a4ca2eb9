/** What an HttpResponse is built from. */
export interface HttpResponseInit<Content = unknown> {
  status?: number;
  content?: Content;
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * A response a handler chooses itself, the counterpart of the script contract's
 * `HttpResponse(status_code, content, content_type)` (custom-sockets.md). A string or byte content
 * is sent as is (text/plain unless `contentType` says otherwise); any other content as JSON.
 * Handlers may also `throw` one to stop early.
 */
export class HttpResponse<Content = unknown> {
  readonly status: number;
  /** Typed, so a typed client knows what the answer carries (see HandlerResult). */
  readonly content: Content;
  readonly contentType: string | undefined;
  readonly headers: Record<string, string>;

  constructor(init: HttpResponseInit<Content> = {}) {
    this.status = init.status ?? 200;
    this.content = init.content as Content;
    this.contentType = init.contentType;
    this.headers = init.headers ?? {};
  }
}
