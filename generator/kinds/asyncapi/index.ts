/** The AsyncAPI kind. Placeholder until its issue lands: recognises nothing. */
import type { SpecKind } from '../types.js';

export const asyncapiKind: SpecKind<'asyncapi'> = {
  section: 'asyncapi',
  title: 'AsyncAPI',
  detect: () => false,
  load: async () => ({ ir: { items: [] }, diagnostics: [] }),
};
