/**
 * Orders tables so that every foreign key points at a table that comes earlier: restore
 * inserts rows table by table with the keys checked. The order comes from the schema itself,
 * so a new migration's tables are backed up without anyone keeping a list in step.
 */

export interface TableDescription {
  name: string;
  /** Columns in definition order. */
  columns: string[];
  primaryKey: string[];
  /** Foreign keys as (column, referenced table) pairs. */
  references: Array<{ column: string; table: string }>;
}

/**
 * A dependency order (Kahn's algorithm, alphabetical among equals so it is stable). Tables in
 * a reference cycle other than a self-reference come last, alphabetically; restore defers
 * foreign-key checks where the database allows it.
 */
export function orderTablesByDependency(tables: readonly TableDescription[]): TableDescription[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const waitingOn = new Map(
    tables.map((table) => [
      table.name,
      new Set(
        table.references
          .map((reference) => reference.table)
          .filter((target) => target !== table.name && byName.has(target)),
      ),
    ]),
  );
  const ordered: TableDescription[] = [];
  const remaining = new Set([...byName.keys()].sort());
  for (;;) {
    const ready = [...remaining].find((name) => waitingOn.get(name)!.size === 0);
    if (ready === undefined) break;
    remaining.delete(ready);
    ordered.push(byName.get(ready)!);
    for (const pending of waitingOn.values()) pending.delete(ready);
  }
  return [...ordered, ...[...remaining].map((name) => byName.get(name)!)];
}

/** The columns of a table that reference the table itself (e.g. a problem's parent). */
export function selfReferences(table: TableDescription): string[] {
  return table.references
    .filter((reference) => reference.table === table.name)
    .map((reference) => reference.column);
}
