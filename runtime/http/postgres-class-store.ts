import type { Pool } from 'pg';
import type { ClassRules, DataClassStore } from './class-store.js';

type Row = Record<string, unknown> & { id: number };

/** Double-quoted SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const numericTypes = new Set(['integer', 'float', 'reference']);

/**
 * A data class in one PostgreSQL table `(id bigserial, data jsonb)`. jsonb rather than a column
 * per field: a changed socket.yml needs no migration, and records round-trip exactly as the
 * memory store keeps them. Field names only ever travel as query parameters, never as SQL text.
 */
export async function postgresClassStore(pool: Pool, table: string, rules: ClassRules): Promise<DataClassStore<Record<string, unknown>>> {
  if (Buffer.byteLength(table) > 63) throw new Error(`table name ${table} is longer than PostgreSQL's 63 bytes; shorten the socket or class name`);
  const name = quoteIdentifier(table);
  try {
    await pool.query(`CREATE TABLE IF NOT EXISTS ${name} (id bigserial PRIMARY KEY, data jsonb NOT NULL DEFAULT '{}'::jsonb)`);
  } catch (error) {
    // Two processes creating the same table at once: one loses the race on the catalog; the table exists.
    if (!['23505', '42P07'].includes((error as { code?: string }).code ?? '')) throw error;
  }
  const toRow = (row: { id: string | number; data: Record<string, unknown> }): Row => ({ ...row.data, id: Number(row.id) });
  const validId = (id: number): boolean => Number.isSafeInteger(id) && id > 0;
  return {
    async create(data) {
      const record = rules.checkData(data, 'create');
      const result = await pool.query(`INSERT INTO ${name} (data) VALUES ($1::jsonb) RETURNING id, data`, [JSON.stringify(record)]);
      return toRow(result.rows[0]);
    },
    async get(id) {
      if (!validId(id)) return undefined;
      const result = await pool.query(`SELECT id, data FROM ${name} WHERE id = $1`, [id]);
      return result.rows.length === 0 ? undefined : toRow(result.rows[0]);
    },
    async list(filter, options) {
      const wanted = rules.checkFilter(filter);
      const plan = rules.checkList(options);
      const params: unknown[] = [];
      const conditions: string[] = [];
      for (const [key, value] of Object.entries(wanted)) {
        if (key === 'id') {
          params.push(value);
          conditions.push(`id = $${params.length}`);
        } else {
          // Exact equality of the JSON value (`@>` would let [1] match [1, 2]).
          params.push(key, JSON.stringify(value));
          conditions.push(`data -> $${params.length - 1} = $${params.length}::jsonb`);
        }
      }
      let order = 'id';
      if (plan.orderField !== 'id') {
        params.push(plan.orderField);
        const type = rules.fieldTypes.get(plan.orderField) ?? 'string';
        const cast = numericTypes.has(type) ? '::numeric' : type === 'boolean' ? '::boolean' : '';
        order = `(data ->> $${params.length})${cast}`;
      }
      const direction = plan.descending ? 'DESC' : 'ASC';
      let sql = `SELECT id, data FROM ${name}${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY ${order} ${direction}, id ${direction}`;
      if (plan.limit !== undefined) {
        params.push(plan.limit);
        sql += ` LIMIT $${params.length}`;
      }
      params.push(plan.offset);
      sql += ` OFFSET $${params.length}`;
      const result = await pool.query(sql, params);
      return result.rows.map(toRow);
    },
    async update(id, patch) {
      if (!validId(id)) return undefined;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Lock the row: two concurrent patches must both apply, not overwrite each other.
        const current = await client.query(`SELECT data FROM ${name} WHERE id = $1 FOR UPDATE`, [id]);
        if (current.rows.length === 0) {
          await client.query('ROLLBACK');
          return undefined;
        }
        const record = rules.checkData({ ...(current.rows[0].data as Record<string, unknown>), ...patch }, 'update');
        const result = await client.query(`UPDATE ${name} SET data = $2::jsonb WHERE id = $1 RETURNING id, data`, [id, JSON.stringify(record)]);
        await client.query('COMMIT');
        return toRow(result.rows[0]);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async delete(id) {
      if (!validId(id)) return false;
      const result = await pool.query(`DELETE FROM ${name} WHERE id = $1`, [id]);
      return (result.rowCount ?? 0) > 0;
    },
  };
}
