/** The socket.yml kind (placeholder while it is written). */
import type { SpecKind } from '../types.js';

export const socketsKind: SpecKind<'sockets'> = {
  section: 'sockets',
  title: 'socket.yml',
  detect: () => false,
  load: async () => ({ ir: { sockets: [] }, diagnostics: [] }),
};
