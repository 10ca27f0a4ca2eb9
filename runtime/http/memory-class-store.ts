import type { ClassRules, DataClassStore } from './class-store.js';

type Row = Record<string, unknown> & { id: number };

/** Compares two field values for ordering: numbers and booleans by value, the rest as strings; missing last. */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const left = typeof a === 'string' ? a : JSON.stringify(a);
  const right = typeof b === 'string' ? b : JSON.stringify(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
}

/**
 * A data class kept in process memory (the default: nothing to set up, gone on restart). Records
 * are copied in and out, so callers never hold the store's own objects.
 */
export function memoryClassStore(rules: ClassRules): DataClassStore<Record<string, unknown>> {
  const rows = new Map<number, Row>();
  let lastId = 0;
  return {
    async create(data) {
      const record = rules.checkData(data, 'create');
      const row: Row = { ...structuredClone(record), id: ++lastId };
      rows.set(row.id, row);
      return structuredClone(row);
    },
    async get(id) {
      const row = rows.get(id);
      return row === undefined ? undefined : structuredClone(row);
    },
    async list(filter, options) {
      const wanted = Object.entries(rules.checkFilter(filter));
      const plan = rules.checkList(options);
      const found = [...rows.values()].filter((row) => wanted.every(([key, value]) => sameValue(row[key], value)));
      found.sort((a, b) => {
        const order = compareValues(a[plan.orderField], b[plan.orderField]) || a.id - b.id;
        return plan.descending ? -order : order;
      });
      const end = plan.limit === undefined ? undefined : plan.offset + plan.limit;
      return structuredClone(found.slice(plan.offset, end));
    },
    async update(id, patch) {
      const row = rows.get(id);
      if (row === undefined) return undefined;
      const { id: _id, ...current } = row;
      const merged = rules.checkData({ ...current, ...patch }, 'update');
      const updated: Row = { ...structuredClone(merged), id };
      rows.set(id, updated);
      return structuredClone(updated);
    },
    async delete(id) {
      return rows.delete(id);
    },
  };
}
