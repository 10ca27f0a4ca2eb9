import { HttpResponse } from './http-response.js';

/**
 * A script's printed output as the answer (the script contract: stdout is the result): JSON when
 * it parses as JSON, plain text otherwise, 204 when nothing was printed.
 */
export function outputResponse(output: string): HttpResponse | undefined {
  if (output.trim() === '') return undefined;
  try {
    JSON.parse(output);
    return new HttpResponse({ content: output, contentType: 'application/json; charset=utf-8' });
  } catch {
    return new HttpResponse({ content: output, contentType: 'text/plain; charset=utf-8' });
  }
}

/** The last lines of a script's stderr, short enough for a `detail`. */
export function lastLines(text: string, lines = 8, maxChars = 2000): string {
  const tail = text.trimEnd().split('\n').slice(-lines).join('\n');
  return tail.length > maxChars ? `…${tail.slice(-maxChars)}` : tail;
}

/** The name a script goes by in messages: its option, file name, or "inline script". */
export function scriptName(name: string | undefined, file: string | undefined): string {
  if (name) return name;
  if (file) return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return 'inline script';
}
