/**
 * Inlines local `$ref`s (`#/components/...`) so the IR holds self-contained schemas. External
 * references and cycles are reported, not followed: a datapoint is a value, not a recursive type.
 */
import { pointerSegments } from '../../core/spec-file.js';
import { isObject } from './detect.js';

/** Why a reference could not be inlined, with the pointer where it was met. */
export interface RefProblem {
  readonly pointer: string;
  readonly message: string;
}

/** Looks up a JSON pointer in a document. */
export function lookup(document: unknown, pointer: string): unknown {
  let node = document;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

/** Returns `value` with every local $ref replaced by its target; problems are collected. */
export function inlineRefs(document: unknown, value: unknown, pointer: string, problems: RefProblem[], seen: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item, i) => inlineRefs(document, item, `${pointer}/${i}`, problems, seen));
  if (!isObject(value)) return value;
  if (typeof value.$ref === 'string') {
    const ref = value.$ref;
    if (!ref.startsWith('#')) {
      problems.push({ pointer: `${pointer}/$ref`, message: `external reference \`${ref}\` is not supported; inline it or move it under components` });
      return {};
    }
    if (seen.includes(ref)) {
      problems.push({ pointer: `${pointer}/$ref`, message: `\`${ref}\` refers to itself; recursive schemas cannot describe a datapoint` });
      return {};
    }
    const target = lookup(document, ref.slice(1));
    if (target === undefined) {
      problems.push({ pointer: `${pointer}/$ref`, message: `\`${ref}\` does not exist in this document` });
      return {};
    }
    return inlineRefs(document, target, ref.slice(1), problems, [...seen, ref]);
  }
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) result[key] = inlineRefs(document, value[key], `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, problems, seen);
  return result;
}
