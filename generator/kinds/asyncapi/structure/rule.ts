/**
 * The parser's `asyncapi-document-resolved` / `asyncapi-document-unresolved` rule function, with
 * the validators of structure/validators.ts (compiled once, or ahead of time) in place of the
 * ones Spectral compiled per document. It reports what the parser's own function reports: the same
 * schemas (the parser's `getSchema`), the same error clean-up, and Spectral's `schema` function's
 * messages (better-ajv-errors, array items and unmatched combinators described). The equivalence
 * is a test (test/asyncapi/structure-rule.test.ts) over valid and broken documents.
 */
import type { ErrorObject } from 'ajv';
import { betterAjvErrors, coreRuleset, getSchema } from './parser-internals.js';
import { structureValidator } from './validators.js';

/**
 * The parser's two structure rules as they are defined (message, severity, `given`, resolved-ness),
 * with this module's function: a rule set that extends the parser's core replaces them by name.
 */
export function structureRules(): Record<string, Record<string, unknown>> {
  const rule = (name: string, resolved: boolean) => ({ ...coreRuleset.rules[name], then: { function: documentStructure, functionOptions: { resolved } } });
  return { 'asyncapi-document-resolved': rule('asyncapi-document-resolved', true), 'asyncapi-document-unresolved': rule('asyncapi-document-unresolved', false) };
}

interface RuleContext {
  readonly document?: { readonly formats?: Set<unknown> | null };
  readonly path: (string | number)[];
}
interface RuleResult {
  message: string;
  path: (string | number)[];
}

const refErrorMessage = 'Property "$ref" is not expected to be here';

/** The rule function; `options.resolved` picks the rule, as in the parser's rule set. */
export function documentStructure(target: unknown, options: { resolved: boolean }, context: RuleContext): RuleResult[] | undefined {
  const formats = context.document?.formats;
  if (!formats) return undefined;
  const schema = getSchema(formats, options.resolved);
  if (!schema) return undefined;
  const results = schemaResults(target, schema, context.path, options.resolved);
  return options.resolved
    ? results.filter((result) => result.message !== refErrorMessage)
    : results.filter((result) => result.message === refErrorMessage).map((result) => ({ ...result, message: 'Referencing in this place is not allowed' }));
}

/** Spectral's `schema` function for one validator, with the parser's `prepareResults` for resolved documents. */
function schemaResults(target: unknown, schema: Record<string, unknown>, path: (string | number)[], resolved: boolean): RuleResult[] {
  const validate = structureValidator(schema);
  if (validate(target) !== false || !Array.isArray(validate.errors)) return [];
  const errors = validate.errors;
  if (resolved) prepareResults(errors);
  const unmatched = unmatchedCombinators(errors);
  return betterAjvErrors(schema, errors, { propertyPath: path, targetValue: target }).map(({ suggestion, error, path: errorPath }) => ({
    message: describeCombinator(describeArrayItem(suggestion !== undefined ? `${error}. ${suggestion}` : error, errorPath), unmatched.get(errorPath)),
    path: [...path, ...(errorPath !== '' ? errorPath.replace(/^\//, '').split('/') : [])],
  }));
}

/**
 * The parser's clean-up of ajv's errors on resolved documents: additionalProperties errors point
 * at the property, `$ref`-required errors go, and of errors at one place only the first stays.
 */
function prepareResults(errors: ErrorObject[]): void {
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i]!;
    if (error.keyword === 'additionalProperties') error.instancePath = `${error.instancePath}/${String(error.params['additionalProperty'])}`;
    else if (error.keyword === 'required' && error.params['missingProperty'] === '$ref') errors.splice(i--, 1);
  }
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i]!;
    if (i + 1 < errors.length && errors[i + 1]!.instancePath === error.instancePath) errors.splice(i-- + 1, 1);
    else if (i > 0 && ignorable(error) && errors[i - 1]!.instancePath.startsWith(error.instancePath)) errors.splice(i--, 1);
  }
}

const ignorable = (error: ErrorObject) => error.keyword === 'oneOf' || (error.keyword === 'required' && error.params['missingProperty'] === '$ref');

function unmatchedCombinators(errors: readonly ErrorObject[]): Map<string, string> {
  const unmatched = new Map<string, string>();
  for (const { keyword, instancePath, params } of errors)
    if ((keyword === 'oneOf' || keyword === 'anyOf') && !Array.isArray(params['passingSchemas'])) unmatched.set(instancePath, keyword);
  return unmatched;
}

function describeArrayItem(message: string, errorPath: string): string {
  const index = errorPath.split('/').pop();
  if (index === undefined || !/^\d+$/.test(index)) return message;
  const typePrefix = `"${index}" property type`;
  if (message.startsWith(typePrefix)) return `Item at index ${index}${message.slice(typePrefix.length)}`;
  const prefix = `"${index}" property`;
  return message.startsWith(prefix) ? `Item at index ${index}${message.slice(prefix.length)}` : message;
}

function describeCombinator(message: string, keyword: string | undefined): string {
  return keyword !== undefined && message.endsWith(` in ${keyword}`) ? `${message}. None of the schemas matched, see the other errors reported for this value` : message;
}
