/**
 * A question shaped like the ones runs ask the handler checker (checker-snapshot-entry.ts answers
 * it before its heap is saved): a socket's generated types.ts and two handlers, one answering an
 * `HttpResponse` and reading a data class store, one answering a plain object. Its answer is not
 * used; any drift from what sockgen generates only makes the warm-up less complete.
 */
import type { CheckerRequest } from './checker-request.js';

const types = `import type { DataClassStore, HandlerContext } from 'sockgen/runtime/http';

/** Configuration of \`warm\`. */
export interface WarmConfig {
  readonly OWNER: string;
  readonly max_items: number;
}

/** An \`item\` data object. */
export interface Item {
  title?: string | null;
  pinned?: boolean | null;
  tags?: unknown[] | null;
}

export interface WarmStore {
  readonly item: DataClassStore<Item>;
}

export type WarmContext<Args = Record<string, unknown>> = HandlerContext<Args, WarmConfig, WarmStore>;
`;

const add = `import { HttpResponse } from 'sockgen/runtime/http';
import type { WarmContext } from '../../../generated/sockets/warm/types.js';

/** A new item. */
export interface Args {
  title: string;
  pinned?: boolean;
  tags?: string[];
}

export default async function add({ args, store }: WarmContext<Args>) {
  const item = await store.item.create({ title: args.title, pinned: args.pinned ?? false, tags: args.tags ?? [] });
  return new HttpResponse({ status: 201, content: item });
}
`;

const list = `import type { WarmContext } from '../../../generated/sockets/warm/types.js';

export interface Args {
  [name: string]: unknown;
  limit?: number;
  kind?: 'all' | 'pinned';
}

export default async function list({ args, config }: WarmContext<Args>) {
  return { owner: config.OWNER, limit: args.limit ?? config.max_items, kind: args.kind ?? 'all', items: [] as { title: string; tags: string[] }[], next: null as string | null };
}
`;

export function warmUpQuestion(): CheckerRequest {
  return {
    id: -1,
    files: [
      { path: 'generated/sockets/warm/types.ts', text: types },
      { path: 'handlers/sockets/warm/add.ts', text: add },
      { path: 'handlers/sockets/warm/list.ts', text: list },
    ],
    handlers: ['handlers/sockets/warm/add.ts', 'handlers/sockets/warm/list.ts'],
  };
}
