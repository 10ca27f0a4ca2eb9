/** AsyncAPI server variables, as every kind that reads a server's address fills them. */

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A server's `url`/`host`/`pathname` with its `{variables}` filled from their `default` (else
 * their first `enum` value), as a client would connect by default. Unknown ones stay as written.
 * `resolve` follows a variable given as a local `$ref`, where the caller has the whole document.
 */
export function fillServerVariables(text: string, server: Record<string, unknown>, resolve: (variable: unknown) => unknown = (variable) => variable): string {
  const variables = isRecord(server.variables) ? server.variables : {};
  return text.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const variable = resolve(variables[name]);
    if (!isRecord(variable)) return whole;
    const value = variable.default ?? (Array.isArray(variable.enum) ? variable.enum[0] : undefined);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}
