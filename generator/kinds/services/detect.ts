/** Recognises a services file by its name, or by content shaped like one. */
import type { SpecFile } from '../../core/spec-file.js';

const serviceFileName = /(^|\/)(external_)?services\.json$/i;
const serviceKeys = ['script', 'count', 'options'];

/**
 * `services.json` / `external_services.json` by name; otherwise a non-empty JSON object whose every
 * value is an object with `script` and at least one other of the three keys (so a file missing
 * one key is still recognised and gets a precise diagnostic instead of "not a spec").
 */
export function detectServicesFile(file: SpecFile): boolean {
  if (serviceFileName.test(file.path)) return true;
  if (!/\.json$/i.test(file.path)) return false;
  const data = file.data;
  if (!isObject(data)) return false;
  const values = Object.values(data);
  return (
    values.length > 0 &&
    values.every((value) => isObject(value) && 'script' in value && serviceKeys.filter((key) => key in value).length >= 2)
  );
}

/** A plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
