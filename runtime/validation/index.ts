/**
 * Glue for validators compiled at generation time (ajv standalone code): their shape, and the
 * readable error list the servers report. Browser-safe: no Node imports.
 */

/** The part of an ajv error object the messages use. */
export interface ValidationErrorObject {
  readonly instancePath: string;
  readonly message?: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
}

/** A validator function as ajv's standalone code exports it. */
export interface StandaloneValidator {
  (data: unknown): boolean;
  errors?: ValidationErrorObject[] | null;
}

/**
 * One line per problem: `/title must be string or null`, `/ must NOT have additional property "x"`.
 * An `anyOf` whose branches all failed on `type` at the same place (a nullable field) is one line
 * naming the accepted types, not one line per branch plus "must match a schema in anyOf".
 */
export function formatValidationErrors(errors: readonly ValidationErrorObject[] | null | undefined): string[] {
  const list = errors ?? [];
  const merged = new Map<string, string[]>();
  for (const error of list) {
    if (error.keyword !== 'anyOf') continue;
    const branches = list.filter((other) => other !== error && other.instancePath === error.instancePath && other.keyword !== 'anyOf');
    if (branches.length > 0 && branches.every((branch) => branch.keyword === 'type')) merged.set(error.instancePath, branches.map((branch) => String(branch.params.type)));
  }
  const lines: string[] = [];
  for (const error of list) {
    const where = error.instancePath || '/';
    const types = merged.get(error.instancePath);
    if (types !== undefined) {
      // The anyOf error stands for its branches; their type errors are folded into it.
      if (error.keyword === 'anyOf') lines.push(`${where} must be ${types.join(' or ')}`);
      continue;
    }
    const extra = error.keyword === 'additionalProperties' ? ` "${String(error.params.additionalProperty)}"` : '';
    lines.push(`${where} ${error.message ?? error.keyword}${extra}`);
  }
  return lines;
}

/** Wraps a standalone validator as `(value) → {valid, errors}` with readable messages. */
export function classValidator(validate: StandaloneValidator): (value: unknown) => { valid: boolean; errors: string[] } {
  return (value) => (validate(value) ? { valid: true, errors: [] } : { valid: false, errors: formatValidationErrors(validate.errors) });
}
