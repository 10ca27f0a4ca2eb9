/** Checks the known keys of a service's free-form `options` (reference: services-and-tunnel.md). */
import type { Diagnostic } from '../../core/diagnostics.js';
import { toPointer, type SpecFile } from '../../core/spec-file.js';

type Check = { readonly test: (value: unknown) => boolean; readonly expected: string };

const isString = (v: unknown) => typeof v === 'string' && v !== '';
const isStringList = (v: unknown) => Array.isArray(v) && v.every((item) => typeof item === 'string');

const knownOptions: Record<string, Check> = {
  group: { test: isString, expected: 'a non-empty string (the group whose members may use the service)' },
  host: { test: isString, expected: 'a non-empty string (a host name)' },
  sizes: { test: isStringList, expected: 'an array of strings such as "1280x1024"' },
  display_base: { test: (v) => Number.isInteger(v) && (v as number) >= 0, expected: 'a non-negative integer' },
  file_ext: { test: (v) => isString(v) || isStringList(v), expected: 'a string or an array of strings such as ".stl"' },
};

/** One SVC007 error per known option with the wrong type; unknown keys are the user's own. */
export function checkOptions(file: SpecFile, name: string, options: Record<string, unknown>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [key, check] of Object.entries(knownOptions)) {
    if (!(key in options) || check.test(options[key])) continue;
    diagnostics.push(
      file.diagnostic('error', 'SVC007', toPointer(name, 'options', key), `service \`${name}\`: option \`${key}\` must be ${check.expected}`, `got ${JSON.stringify(options[key])}`),
    );
  }
  // Sizes are handed to instances that parse them (a VNC geometry): catch typos here.
  if (isStringList(options.sizes))
    (options.sizes as string[]).forEach((size, i) => {
      if (!/^[1-9][0-9]*x[1-9][0-9]*$/.test(size))
        diagnostics.push(file.diagnostic('warning', 'SVC010', toPointer(name, 'options', 'sizes', i), `service \`${name}\`: size \`${size}\` is not WIDTHxHEIGHT`, 'e.g. "1280x1024"'));
    });
  return diagnostics;
}
