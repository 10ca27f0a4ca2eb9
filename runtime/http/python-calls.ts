import type { DataClassStore } from './class-store.js';
import type { HandlerContext } from './types.js';

/** A request of the `syncano` stand-in (python/syncano/) for the socket's class stores. */
interface StoreCall {
  op?: unknown;
  class_name?: unknown;
  id?: unknown;
  data?: unknown;
  filter?: unknown;
  order_by?: unknown;
  limit?: unknown;
}

/**
 * Answers one call of a Python script's `syncano` module over the socket's class stores (memory
 * or PostgreSQL): list, get, create, update, delete. The answer is one JSON line:
 * `{"ok": true, "result": ...}` or `{"ok": false, "error": "...", "kind": "DoesNotExist" | "ValidationError" | "Error"}`.
 */
export async function answerCall(message: Record<string, unknown>, context: HandlerContext): Promise<string> {
  try {
    return JSON.stringify({ ok: true, result: await perform(message as StoreCall, context) });
  } catch (error) {
    const kind = error instanceof DoesNotExist ? 'DoesNotExist' : error instanceof Error && error.name === 'ValidationError' ? 'ValidationError' : 'Error';
    return JSON.stringify({ ok: false, kind, error: error instanceof Error ? error.message : String(error) });
  }
}

class DoesNotExist extends Error {}

async function perform(message: StoreCall, context: HandlerContext): Promise<unknown> {
  const className = typeof message.class_name === 'string' ? message.class_name : '';
  const stores = (context.store ?? {}) as Record<string, DataClassStore<Record<string, unknown>> | undefined>;
  const store = className !== 'close' && Object.hasOwn(stores, className) ? stores[className] : undefined;
  if (store === undefined) throw new Error(`socket ${context.meta.socket} has no data class ${JSON.stringify(className)} (dependencies.classes of socket.yml)`);
  const id = Number(message.id);
  const data = (typeof message.data === 'object' && message.data !== null ? message.data : {}) as Record<string, unknown>;
  switch (message.op) {
    case 'list': {
      const filter = (typeof message.filter === 'object' && message.filter !== null ? message.filter : {}) as Record<string, unknown>;
      return store.list(filter, {
        ...(typeof message.order_by === 'string' ? { orderBy: message.order_by } : {}),
        ...(typeof message.limit === 'number' ? { limit: message.limit } : {}),
      });
    }
    case 'get': {
      const record = Number.isSafeInteger(id) ? await store.get(id) : undefined;
      if (record === undefined) throw new DoesNotExist(`${className} ${String(message.id)} does not exist`);
      return record;
    }
    case 'create':
      return store.create(data);
    case 'update': {
      const record = Number.isSafeInteger(id) ? await store.update(id, data) : undefined;
      if (record === undefined) throw new DoesNotExist(`${className} ${String(message.id)} does not exist`);
      return record;
    }
    case 'delete': {
      if (!(Number.isSafeInteger(id) && (await store.delete(id)))) throw new DoesNotExist(`${className} ${String(message.id)} does not exist`);
      return null;
    }
    default:
      throw new Error(`unknown store call ${JSON.stringify(message.op)}`);
  }
}
