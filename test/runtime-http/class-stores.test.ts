import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, ValidationError, createClassStores, type ClassStores, type DataClassStore } from 'sockgen/runtime/http';
import { postgres, postgresUrl, requireService } from '../support/services.js';

const classes = [
  {
    name: 'note',
    fields: [
      { name: 'title', type: 'string' },
      { name: 'stars', type: 'integer' },
      { name: 'score', type: 'float' },
      { name: 'done', type: 'boolean' },
      { name: 'due', type: 'datetime' },
      { name: 'tags', type: 'array' },
      { name: 'extra', type: 'object' },
      { name: 'owner', type: 'reference', target: 'user' },
      { name: 'place', type: 'geopoint' },
    ],
  },
  { name: 'user', fields: [{ name: 'name', type: 'string' }] },
];

interface Note {
  title: string;
  stars: number;
  score: number;
  done: boolean;
  due: string;
  tags: string[];
  extra: Record<string, unknown>;
  owner: number;
  place: { latitude: number; longitude: number };
}

const hasPostgres = await requireService(postgres);
const prefix = `t${randomBytes(4).toString('hex')}_`;

/** The same behaviour, whatever keeps the records. */
function storeContract(label: string, open: () => Promise<ClassStores>): void {
  describe(label, () => {
    let stores: ClassStores;
    let notes: DataClassStore<Note>;

    it('creates records with increasing ids and reads them back', async () => {
      stores = await open();
      notes = stores.note as DataClassStore<Note>;
      const first = await notes.create({ title: 'b', stars: 2, score: 1.5, done: false, tags: ['x'], extra: { deep: { a: 1 } }, owner: 1 });
      expect(first).toEqual({ id: 1, title: 'b', stars: 2, score: 1.5, done: false, tags: ['x'], extra: { deep: { a: 1 } }, owner: 1 });
      const due = new Date('2024-05-01T10:00:00.000Z');
      const second = await notes.create({ title: 'a', stars: 10, due: due as unknown as string, place: { latitude: 52.2, longitude: 21 } });
      expect(second).toEqual({ id: 2, title: 'a', stars: 10, due: '2024-05-01T10:00:00.000Z', place: { latitude: 52.2, longitude: 21 } });
      await notes.create({ title: 'c', stars: 3, done: true });
      expect(await notes.get(2)).toEqual(second);
      expect(await notes.get(99)).toBeUndefined();
      expect(await stores.user!.list()).toEqual([]);
    });

    it('lists with equality filters, order (numeric for numbers), limit and offset', async () => {
      expect((await notes.list()).map((note) => note.id)).toEqual([1, 2, 3]);
      expect((await notes.list({ done: true })).map((note) => note.title)).toEqual(['c']);
      expect((await notes.list({ tags: ['x'] })).map((note) => note.id)).toEqual([1]);
      expect((await notes.list({ tags: [] as string[] })).map((note) => note.id)).toEqual([]);
      expect((await notes.list({}, { orderBy: 'stars' })).map((note) => note.stars)).toEqual([2, 3, 10]);
      expect((await notes.list({}, { orderBy: '-stars' })).map((note) => note.stars)).toEqual([10, 3, 2]);
      expect((await notes.list({}, { orderBy: 'title', limit: 2 })).map((note) => note.title)).toEqual(['a', 'b']);
      expect((await notes.list({}, { orderBy: 'title', limit: 2, offset: 2 })).map((note) => note.title)).toEqual(['c']);
      expect((await notes.list({ id: 2 } as Partial<Note>)).map((note) => note.title)).toEqual(['a']);
      // Ids from a query string arrive as text; both stores read them the same way.
      expect((await notes.list({ id: '2' } as unknown as Partial<Note>)).map((note) => note.title)).toEqual(['a']);
      await expect(notes.list({ id: 'two' } as unknown as Partial<Note>)).rejects.toThrow(ValidationError);
    });

    it('updates with validation of the merged record, and deletes', async () => {
      expect(await notes.update(1, { title: 'B', stars: 5 })).toMatchObject({ id: 1, title: 'B', stars: 5, tags: ['x'] });
      expect(await notes.get(1)).toMatchObject({ title: 'B', stars: 5 });
      expect(await notes.update(99, { title: 'x' })).toBeUndefined();
      await expect(notes.update(1, { stars: 'many' as unknown as number })).rejects.toThrow(ValidationError);
      expect(await notes.get(1)).toMatchObject({ stars: 5 });
      expect(await notes.delete(3)).toBe(true);
      expect(await notes.delete(3)).toBe(false);
      expect((await notes.list()).map((note) => note.id)).toEqual([1, 2]);
      expect((await notes.create({ title: 'after delete' })).id).toBe(4);
    });

    it('refuses invalid data, unknown fields and bad list options with a ValidationError listing every problem', async () => {
      let error: unknown;
      try {
        await notes.create({ title: 3, stars: 1.5, due: 'not a date', place: { latitude: 100, longitude: 0 }, colour: 'red' } as unknown as Note);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors).toEqual([
        'title must be a string',
        'stars must be an integer',
        'due must be a date-time (ISO 8601 string)',
        'place must be an object {latitude, longitude} in range',
        'unknown field colour (fields: title, stars, score, done, due, tags, extra, owner, place)',
      ]);
      await expect(notes.create({ id: 5 } as unknown as Note)).rejects.toThrow('invalid note for create: id is assigned by the store');
      await expect(notes.list({ colour: 'red' } as unknown as Note)).rejects.toThrow('cannot filter on unknown field colour');
      await expect(notes.list({}, { orderBy: 'colour' })).rejects.toThrow('cannot order by unknown field colour');
      await expect(notes.list({}, { limit: -1 })).rejects.toThrow('limit must be a non-negative integer');
      expect((await notes.list()).length).toBe(3);
    });

    it('returns copies: changing a result does not change the store', async () => {
      const note = await notes.get(1);
      note!.tags.push('mutated');
      expect((await notes.get(1))!.tags).toEqual(['x']);
    });

    it('uses a validator the generator passes instead of the field check', async () => {
      const custom = await createClassStores('custom', [{ name: 'thing', fields: [{ name: 'n', type: 'integer' }] }], {
        validators: { thing: (value) => ((value as { n?: number }).n === 7 ? { valid: true, errors: [] } : { valid: false, errors: ['n must be 7'] }) },
      });
      await expect(custom.thing!.create({ n: 1 })).rejects.toThrow('invalid thing for create: n must be 7');
      expect(await custom.thing!.create({ n: 7 })).toEqual({ id: 1, n: 7 });
      await custom.close();
      await stores.close();
    });
  });
}

storeContract('memory class stores', () => createClassStores('notes_app', classes));

describe.skipIf(!hasPostgres)('PostgreSQL class stores', () => {
  storeContract('on the real PostgreSQL', () => createClassStores('notes_app', classes, { postgresUrl, tablePrefix: prefix }));

  it('keeps one jsonb table per class named <prefix><socket>__<class>', async () => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_name LIKE $1 ORDER BY table_name", [
        `${prefix}%`,
      ]);
      expect(tables.rows.map((row) => row.table_name)).toEqual([`${prefix}notes_app__note`, `${prefix}notes_app__user`]);
      const columns = await client.query<{ column_name: string; data_type: string }>(
        'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
        [`${prefix}notes_app__note`],
      );
      expect(columns.rows).toEqual([
        { column_name: 'id', data_type: 'bigint' },
        { column_name: 'data', data_type: 'jsonb' },
      ]);
    } finally {
      await client.end();
    }
  });

  it('sees records written by another store on the same tables (a second server process)', async () => {
    const one = await createClassStores('shared_app', classes, { postgresUrl, tablePrefix: prefix });
    const two = await createClassStores('shared_app', classes, { postgresUrl, tablePrefix: prefix });
    try {
      const created = await one.user!.create({ name: 'Ada' });
      expect(await two.user!.get(created.id)).toEqual({ id: created.id, name: 'Ada' });
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('reports an unreachable database as a ConfigError without the password', async () => {
    const error = await createClassStores('s', classes, { postgresUrl: 'postgres://me:hunter2@127.0.0.1:1/none' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^socket s: could not prepare class tables in PostgreSQL at postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/none: /);
    expect((error as Error).message).not.toContain('hunter2');
  });
});

describe('class names', () => {
  it('refuses a class named close, which would hide the stores’ close()', async () => {
    await expect(createClassStores('s', [{ name: 'close', fields: [] }])).rejects.toThrow(ConfigError);
  });

  it('refuses a class named __proto__, which would replace the stores’ prototype', async () => {
    await expect(createClassStores('s', [{ name: '__proto__', fields: [] }])).rejects.toThrow(/cannot be named __proto__/);
  });
});

afterAll(async () => {
  if (!hasPostgres) return;
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_name LIKE $1', [`${prefix}%`]);
    for (const row of tables.rows) await client.query(`DROP TABLE IF EXISTS "${row.table_name}"`);
  } finally {
    await client.end();
  }
});
