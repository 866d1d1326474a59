/**
 * Checks that the database is whole: SQLite's own integrity and foreign-key checks, and every
 * office's event chain. Used by `rectify check` and by the crash test after a kill -9.
 */
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../storage/database.ts';
import { verifyEventChain } from '../events/event.repository.ts';

export interface IntegrityReport {
  isHealthy: boolean;
  findings: string[];
  eventsChecked: number;
}

export async function checkIntegrity(database: DatabaseHandle): Promise<IntegrityReport> {
  const { db, dialect } = database;
  const findings: string[] = [];
  if (dialect === 'sqlite') {
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
    const messages = integrity.rows.map((row) => row.integrity_check).filter((message) => message !== 'ok');
    findings.push(...messages.map((message) => `integrity_check: ${message}`));
    const foreignKeys = await sql<{
      table: string;
      rowid: number;
      parent: string;
    }>`pragma foreign_key_check`.execute(db);
    findings.push(
      ...foreignKeys.rows.map((row) => `foreign key: ${row.table} row ${row.rowid} → ${row.parent}`),
    );
  }
  const offices = await db.selectFrom('offices').select('id').execute();
  let eventsChecked = 0;
  for (const officeId of [null, ...offices.map((office) => office.id)]) {
    const chain = await verifyEventChain(db, officeId);
    eventsChecked += chain.checked;
    if (!chain.isIntact)
      findings.push(
        `event chain of office ${officeId ?? '(system)'} broken at event ${chain.brokenAtEventId}`,
      );
  }
  return { isHealthy: findings.length === 0, findings, eventsChecked };
}
