// Written once by sockgen for script `list_notes` of socket `notes`; yours to edit.
import type { NotesContext } from '../../../generated/sockets/notes/types.js';

/** Filters of the listing. */
export interface Args {
  /** Only notes with exactly this title. */
  title?: string;
}

/** Handles notes: GET notes (cached for 5 s by the endpoint's `cache`). */
export default async function listNotes({ args, config, store }: NotesContext<Args>) {
  const notes = await store.note.list(args.title ? { title: args.title } : {}, { limit: config.max_notes });
  return { owner: config.NOTES_OWNER, notes };
}
