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

/** One line per problem: `/title must be string`, `/ must NOT have additional property "x"`. */
export function formatValidationErrors(errors: readonly ValidationErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath || '/';
    const extra = error.keyword === 'additionalProperties' ? ` "${String(error.params.additionalProperty)}"` : '';
    return `${where} ${error.message ?? error.keyword}${extra}`;
  });
}

/** Wraps a standalone validator as `(value) → {valid, errors}` with readable messages. */
export function classValidator(validate: StandaloneValidator): (value: unknown) => { valid: boolean; errors: string[] } {
  return (value) => (validate(value) ? { valid: true, errors: [] } : { valid: false, errors: formatValidationErrors(validate.errors) });
}
