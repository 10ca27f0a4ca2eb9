/** The services.json kind. Placeholder until its issue lands: recognises nothing. */
import type { SpecKind } from '../types.js';

export const servicesKind: SpecKind<'services'> = {
  section: 'services',
  title: 'services.json',
  detect: () => false,
  load: async () => ({ ir: { items: [] }, diagnostics: [] }),
};
