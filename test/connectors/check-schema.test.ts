/** schemaProblem: the generation-time ajv check behind CONN032. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { schemaProblem } from '../../generator/kinds/connectors/check-schema.js';

describe('schemaProblem', () => {
  afterEach(() => vi.restoreAllMocks());

  it('accepts what the runtime compiles, silently (an unknown format is no console warning)', () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    expect(schemaProblem({ type: 'string', format: 'date-time' })).toBeUndefined();
    expect(schemaProblem(true)).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it('names what ajv cannot compile, in one line', () => {
    expect(schemaProblem({ type: 'numbr' })).toBe('schema is invalid: data/type must be equal to one of the allowed values');
    expect(schemaProblem({ type: 'string', pattern: '([' })).toMatch(/^Invalid regular expression/);
    expect(schemaProblem(5)).toBe('a JSON Schema is an object, not the number 5');
    expect(schemaProblem([])).toBe('a JSON Schema is an object, not a list');
    expect(schemaProblem({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'string' })).toMatch(/^schema is invalid: data\/\$schema must name JSON Schema draft-07/);
  });
});
