/**
 * `rectify audit verify`: recomputes every office's hash chain (and the system chain of events
 * that belong to no office) and names the first broken link — the event whose stored hash or
 * link no longer matches its content, i.e. where someone edited or removed history.
 */
import type { Executor } from '../../storage/database.ts';
import { notFound } from '../common/app-error.ts';
import { findAuditedOffices, findEventSummary } from './audit.repository.ts';
import { verifyEventChain } from './event.repository.ts';

export interface BrokenLink {
  eventId: number;
  entityType: string;
  entityId: number | null;
  action: string;
  at: string;
}

export interface ChainAudit {
  officeId: number | null;
  /** The office's name, or null for the system chain. */
  officeName: string | null;
  eventsChecked: number;
  brokenLink: BrokenLink | null;
}

export interface AuditReport {
  isIntact: boolean;
  chains: ChainAudit[];
}

async function auditChain(
  db: Executor,
  officeId: number | null,
  officeName: string | null,
): Promise<ChainAudit> {
  const chain = await verifyEventChain(db, officeId);
  let brokenLink: BrokenLink | null = null;
  if (chain.brokenAtEventId != null) {
    const event = await findEventSummary(db, chain.brokenAtEventId);
    brokenLink = {
      eventId: chain.brokenAtEventId,
      entityType: event?.entity_type ?? '?',
      entityId: event?.entity_id ?? null,
      action: event?.action ?? '?',
      at: event?.at ?? '?',
    };
  }
  return { officeId, officeName, eventsChecked: chain.checked, brokenLink };
}

/** Verifies every chain, or only the named office's; an unknown office name is not found. */
export async function verifyAuditTrail(
  db: Executor,
  options: { officeName?: string } = {},
): Promise<AuditReport> {
  const offices = await findAuditedOffices(db, options.officeName);
  if (options.officeName !== undefined && offices.length === 0) {
    throw notFound('巡察办', 'office', options.officeName);
  }
  const chains: ChainAudit[] = [];
  if (options.officeName === undefined) chains.push(await auditChain(db, null, null));
  for (const office of offices) chains.push(await auditChain(db, office.id, office.name));
  return { isIntact: chains.every((chain) => chain.brokenLink === null), chains };
}
