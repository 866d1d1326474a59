/**
 * The SQL of backup and restore: a consistent read snapshot on either backend, generic paged
 * reads and batched inserts over any table of the schema, and the identity-sequence fix-up
 * PostgreSQL needs after rows were inserted with their ids.
 */
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Dialect } from '../../storage/migrations/migration-helpers.ts';
import { openSqliteFile, type DatabaseHandle, type Executor } from '../../storage/database.ts';
import type { Tables } from '../../storage/schema.ts';
import type { TableDescription } from './table-order.rules.ts';

export type TableRow = Record<string, unknown>;
/** The schema seen as untyped tables, for code that walks every table by name. */
type AnyTables = Record<string, TableRow>;
type AnyExecutor = Kysely<AnyTables>;

const untyped = (executor: Executor): AnyExecutor => executor as unknown as AnyExecutor;

/** Kysely's migration bookkeeping tables, which belong to the target's own migrator. */
const MIGRATOR_TABLE_PREFIX = 'kysely_';

/**
 * Runs `work` on one read-only snapshot of the whole database. On SQLite it opens its own
 * connection (WAL gives a reader a stable snapshot without blocking writers, and the shared
 * connection of the caller stays free); on PostgreSQL it uses a REPEATABLE READ read-only
 * transaction, whose snapshot covers every statement in it.
 */
export async function withReadSnapshot<T>(
  database: DatabaseHandle,
  work: (executor: Executor) => Promise<T>,
): Promise<T> {
  if (database.dialect === 'postgres') {
    return database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(work);
  }
  const snapshotDb = new Kysely<Tables>({
    dialect: new SqliteDialect({ database: openSqliteFile(database.location) }),
  });
  try {
    return await snapshotDb.transaction().execute(work);
  } finally {
    await snapshotDb.destroy();
  }
}

async function listTableNames(executor: Executor, dialect: Dialect): Promise<string[]> {
  const result =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite%'`.execute(executor)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(executor);
  return result.rows
    .map((row) => row.name)
    .filter((name) => !name.startsWith(MIGRATOR_TABLE_PREFIX))
    .sort();
}

async function describeSqliteTable(executor: Executor, table: string): Promise<TableDescription> {
  const columns = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table})
    order by cid`.execute(executor);
  const references = await sql<{ column: string; table: string }>`select "from" as "column", "table"
    from pragma_foreign_key_list(${table})`.execute(executor);
  return {
    name: table,
    columns: columns.rows.map((column) => column.name),
    primaryKey: columns.rows
      .filter((column) => column.pk > 0)
      .sort((left, right) => left.pk - right.pk)
      .map((column) => column.name),
    references: references.rows,
  };
}

async function describePostgresTable(executor: Executor, table: string): Promise<TableDescription> {
  const columns = await sql<{ name: string }>`select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}
    order by ordinal_position`.execute(executor);
  const primaryKey = await sql<{ name: string }>`select a.attname as name
    from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = to_regclass(${table}) and i.indisprimary
    order by array_position(i.indkey::int2[], a.attnum)`.execute(executor);
  const references = await sql<{ column: string; table: string }>`select a.attname as "column",
      target.relname as "table"
    from pg_constraint c
      join pg_class target on target.oid = c.confrelid
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
    where c.contype = 'f' and c.conrelid = to_regclass(${table})
    order by c.conname, a.attname`.execute(executor);
  return {
    name: table,
    columns: columns.rows.map((column) => column.name),
    primaryKey: primaryKey.rows.map((column) => column.name),
    references: references.rows,
  };
}

/** Every table of the schema (without the migrator's own) with its columns, key and references. */
export async function describeTables(executor: Executor, dialect: Dialect): Promise<TableDescription[]> {
  const descriptions: TableDescription[] = [];
  for (const name of await listTableNames(executor, dialect)) {
    descriptions.push(
      dialect === 'sqlite'
        ? await describeSqliteTable(executor, name)
        : await describePostgresTable(executor, name),
    );
  }
  return descriptions;
}

/** The names of the schema migrations applied to the database, oldest first. */
export async function findAppliedMigrationNames(executor: Executor): Promise<string[]> {
  const result = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    executor,
  );
  return result.rows.map((row) => row.name);
}

/** One page of a table's rows in primary-key order, after the given key (keyset paging). */
export async function readTablePage(
  executor: Executor,
  table: string,
  key: readonly string[],
  after: readonly unknown[] | null,
  limit: number,
): Promise<TableRow[]> {
  let query = untyped(executor).selectFrom(table).selectAll();
  if (after) {
    query = query.where(
      sql<boolean>`(${sql.join(key.map((column) => sql.ref(column)))}) > (${sql.join([...after])})`,
    );
  }
  for (const column of key) query = query.orderBy(column);
  return query.limit(limit).execute();
}

/** The evidence files the evidence table references, each once. */
export async function findEvidenceFiles(
  executor: Executor,
): Promise<Array<{ storage_key: string; sha256: string; size_bytes: number }>> {
  return executor
    .selectFrom('evidence')
    .select(['storage_key', 'sha256', 'size_bytes'])
    .distinct()
    .orderBy('storage_key')
    .orderBy('sha256')
    .orderBy('size_bytes')
    .execute();
}

/** Whether the table has any row. */
export async function hasAnyRow(executor: Executor, table: string): Promise<boolean> {
  const row = await untyped(executor)
    .selectFrom(table)
    .select(sql`1`.as('one'))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Inserts rows as they are, ids included. */
export async function insertRows(executor: Executor, table: string, rows: TableRow[]): Promise<void> {
  if (rows.length === 0) return;
  await untyped(executor).insertInto(table).values(rows).execute();
}

/** Sets a self-referencing column once the row it points at exists. */
export async function setSelfReference(
  executor: Executor,
  table: string,
  keyColumn: string,
  key: unknown,
  column: string,
  target: unknown,
): Promise<void> {
  await untyped(executor)
    .updateTable(table)
    .set({ [column]: target })
    .where(keyColumn, '=', key)
    .execute();
}

/**
 * On SQLite, checks foreign keys at commit instead of per statement, for the rare row whose
 * target comes later. PostgreSQL's keys are not deferrable; the table order covers it.
 */
export async function deferForeignKeys(executor: Executor, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(executor);
}

/**
 * Moves a PostgreSQL identity sequence past the highest restored id, so the next insert does
 * not collide; SQLite's AUTOINCREMENT bookkeeping already follows explicit ids. A table whose
 * `id` has no sequence (a text key) is left alone.
 */
export async function resetIdentitySequence(
  executor: Executor,
  dialect: Dialect,
  table: string,
): Promise<void> {
  if (dialect !== 'postgres') return;
  const found = await sql<{
    sequence: string | null;
  }>`select pg_get_serial_sequence(${table}, 'id') as sequence`.execute(executor);
  const sequence = found.rows[0]?.sequence;
  if (!sequence) return;
  await sql`select setval(${sequence}, coalesce(max(id), 0) + 1, false) from ${sql.table(table)}`.execute(
    executor,
  );
}
