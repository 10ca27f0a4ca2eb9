import { ValidationError } from './errors.js';
import type { ClassValidator } from './class-validator.js';
import type { SocketDefinition } from './types.js';

/** CRUD over the records of one data class (`dependencies.classes` of socket.yml). */
export interface DataClassStore<T extends object> {
  create(data: Partial<T>): Promise<T & { id: number }>;
  get(id: number): Promise<(T & { id: number }) | undefined>;
  /** Records equal to `filter` on every given field; ordered by `orderBy` (`field` or `-field`, default `id`). */
  list(filter?: Partial<T>, options?: { limit?: number; offset?: number; orderBy?: string }): Promise<Array<T & { id: number }>>;
  update(id: number, patch: Partial<T>): Promise<(T & { id: number }) | undefined>;
  delete(id: number): Promise<boolean>;
}

/** List options after checking: a known order field and sane numbers. */
export interface ListPlan {
  orderField: string;
  descending: boolean;
  limit: number | undefined;
  offset: number;
}

type Field = SocketDefinition['classes'][number]['fields'][number];

/**
 * Checks everything both stores must refuse the same way (ValidationError → 400): invalid data,
 * filters and orders on unknown fields, negative paging.
 */
export class ClassRules {
  readonly fieldTypes: Map<string, string>;

  constructor(
    readonly className: string,
    fields: Field[],
    private readonly validator: ClassValidator,
  ) {
    this.fieldTypes = new Map(fields.map((field) => [field.name, field.type]));
  }

  /** A record ready to store: validated, dates as ISO strings (what PostgreSQL JSON gives back too). */
  checkData(data: unknown, action: string): Record<string, unknown> {
    const result = this.validator(data);
    if (!result.valid) throw new ValidationError(`invalid ${this.className} for ${action}`, result.errors);
    const record: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      if (value === undefined) continue;
      record[key] = value instanceof Date ? value.toISOString() : value;
    }
    return record;
  }

  /** The filter's fields must exist; undefined values are ignored. */
  checkFilter(filter: object | undefined): Record<string, unknown> {
    const checked: Record<string, unknown> = {};
    const errors: string[] = [];
    for (const [key, value] of Object.entries(filter ?? {})) {
      if (value === undefined) continue;
      if (key === 'id') {
        // Request arguments are strings: `?id=3` must find record 3 in both stores, and `?id=x`
        // is the caller's mistake (PostgreSQL failed it with a 500, memory found nothing).
        const id = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
        if (Number.isSafeInteger(id)) checked.id = id;
        else errors.push(`id must be a whole number, not ${JSON.stringify(value)}`);
        continue;
      }
      if (!this.fieldTypes.has(key)) errors.push(`cannot filter on unknown field ${key}`);
      checked[key] = value instanceof Date ? value.toISOString() : value;
    }
    if (errors.length > 0) throw new ValidationError(`invalid ${this.className} filter`, errors);
    return checked;
  }

  /** Validated list options. */
  checkList(options: { limit?: number; offset?: number; orderBy?: string } = {}): ListPlan {
    const errors: string[] = [];
    const orderBy = options.orderBy ?? 'id';
    const descending = orderBy.startsWith('-');
    const orderField = descending ? orderBy.slice(1) : orderBy;
    if (orderField !== 'id' && !this.fieldTypes.has(orderField)) errors.push(`cannot order by unknown field ${orderField}`);
    const { limit, offset = 0 } = options;
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) errors.push('limit must be a non-negative integer');
    if (!(Number.isInteger(offset) && offset >= 0)) errors.push('offset must be a non-negative integer');
    if (errors.length > 0) throw new ValidationError(`invalid ${this.className} list options`, errors);
    return { orderField, descending, limit, offset };
  }
}
