/** The connector kind. Placeholder until its issue lands: recognises nothing. */
import type { SpecKind } from '../types.js';

export const connectorsKind: SpecKind<'connectors'> = {
  section: 'connectors',
  title: 'connector',
  detect: () => false,
  load: async () => ({ ir: { items: [] }, diagnostics: [] }),
};
