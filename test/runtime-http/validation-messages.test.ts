/** The 400 a wrong data-class value gets: one readable line per field, through the generated validator. */
import { describe, expect, it } from 'vitest';
import { classValidators } from '../../generated/sockets/notes/validators.js';

describe('data-class validation messages', () => {
  it('says a nullable field must be its type or null, in one line', () => {
    expect(classValidators.note!({ title: 5, pinned: 'yes' })).toEqual({ valid: false, errors: ['/title must be string or null', '/pinned must be boolean or null'] });
  });

  it('keeps other problems as they are', () => {
    expect(classValidators.note!({ colour: 'red' })).toEqual({ valid: false, errors: ['/ must NOT have additional properties "colour"'] });
    expect(classValidators.note!({ title: 'ok', tags: [] })).toEqual({ valid: true, errors: [] });
  });
});
