/** Recognises socket.yml files and the Python library's raw JSON form. */
import type { SpecFile } from '../../core/spec-file.js';

/** True for a file named socket.yml, socket.yaml or socket.json. */
export function isSocketFileName(path: string): boolean {
  return /^socket\.(ya?ml|json)$/i.test(path.split('/').pop() ?? '');
}

/** True for a socket.yml or its raw JSON form (custom-sockets.md, "Raw JSON form"). */
export function detectSocket(file: SpecFile): boolean {
  if (isSocketFileName(file.path)) return true;
  const data = file.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return false;
  const record = data as Record<string, unknown>;
  if ('asyncapi' in record) return false;
  // The raw JSON form: endpoints with `calls`, dependencies as a list.
  return 'endpoints' in record && ('dependencies' in record || 'name' in record);
}
