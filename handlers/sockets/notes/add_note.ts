// Written once by sockgen for script `add_note` of socket `notes`; yours to edit.
import { HttpResponse } from 'sockgen/runtime/http';
import type { NotesContext } from '../../../generated/sockets/notes/types.js';

/** A new note. */
export interface Args {
  title: string;
  body?: string;
  pinned?: boolean;
  tags?: string[];
}

/** Handles notes: POST notes. Answers 201 with the stored note. */
export default async function addNote({ args, store }: NotesContext<Args>) {
  const note = await store.note.create({
    title: args.title,
    body: args.body ?? null,
    pinned: args.pinned ?? false,
    tags: args.tags ?? [],
  });
  return new HttpResponse({ status: 201, content: note });
}
