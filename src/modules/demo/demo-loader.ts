/**
 * Writes a generated demo data set into the ledger through the product's own services: each
 * plan is imported like a user's upload, then its items move through the workflow with
 * evidence, statements and reviews on the days the data set gives.
 */
import type { Database } from '../../storage/database.ts';
import type { FileStore } from '../../storage/file-store.ts';
import { type Clock, nowIso } from '../common/clock.ts';
import type { DeadlinePolicy } from '../deadlines/deadline.rules.ts';
import type { WorkingCalendar } from '../deadlines/working-calendar.rules.ts';
import { appendEvent } from '../events/event.repository.ts';
import { createDocumentImportService } from '../imports/document-import.service.ts';
import { findOrCreateOffice, findOrCreateUnit } from '../inspections/inspection.repository.ts';
import { createInspectionService } from '../inspections/inspection.service.ts';
import {
  insertEvidence,
  listProblemIdsInDocumentOrder,
  recordTransition,
} from '../ledger/ledger.repository.ts';
import { insertLookback, updateCheck, updateLookbackState } from '../lookbacks/lookback.repository.ts';
import { createOrganisationResolver } from '../organisation/organisation.repository.ts';
import { insertAssignments, setProblemDueOn } from '../problems/problem.repository.ts';
import { insertInstitution, insertMeeting, insertOutcome } from '../registers/registers.repository.ts';
import type { DemoDataset, DemoInspection, DemoLookback, DemoProblemProgress } from './demo-dataset.ts';

export interface DemoLoaderDependencies {
  db: Database;
  clock: Clock;
  fileStore: FileStore;
  calendar: WorkingCalendar;
  deadlinePolicy: DeadlinePolicy;
}

export interface DemoLoadSummary {
  officeId: number;
  inspections: number;
  problems: number;
  measures: number;
  evidence: number;
}

/** A demo day as an instant: 10:00 in Shanghai. */
const atDay = (day: string): string => `${day}T02:00:00.000Z`;

const encoder = new TextEncoder();

export function createDemoLoader(dependencies: DemoLoaderDependencies) {
  const { db, clock, fileStore } = dependencies;
  const inspections = createInspectionService({ db, clock });
  const imports = createDocumentImportService(dependencies);

  async function applyProgress(
    officeId: number,
    problemId: number,
    unitId: number,
    progress: DemoProblemProgress,
  ): Promise<number> {
    let evidenceCount = 0;
    await db.transaction().execute(async (transaction) => {
      if (progress.deadlineOn) await setProblemDueOn(transaction, officeId, problemId, progress.deadlineOn);
      if (progress.isLongTerm) {
        await transaction
          .updateTable('problems')
          .set({ is_long_term: 1 })
          .where('id', '=', problemId)
          .execute();
      }
      const organisation = createOrganisationResolver(transaction, officeId, unitId);
      const people = [...new Set(progress.personNames)];
      await insertAssignments(
        transaction,
        officeId,
        problemId,
        await Promise.all(
          people.map(async (name) => ({
            role: 'person' as const,
            personId: await organisation.person(name),
          })),
        ),
      );
      // Every ledger change is an event (the ledger cache and the timeline rely on it).
      await appendEvent(transaction, {
        officeId,
        at: nowIso(clock),
        actorUserId: null,
        entityType: 'problem',
        entityId: problemId,
        action: 'planned',
        data: { dueOn: progress.deadlineOn, isLongTerm: progress.isLongTerm, people },
      });
      if (progress.state === 'draft' || !progress.startedOn) return;
      await recordTransition(transaction, {
        officeId,
        problemId,
        from: 'draft',
        to: 'in_progress',
        action: 'start',
        actorUserId: null,
        at: atDay(progress.startedOn),
        reason: null,
        statement: null,
        evidence: [],
      });
      if (progress.state === 'in_progress' || !progress.appliedOn) return;
      const evidenceSnapshot: Array<{ id: number; sha256: string }> = [];
      for (const evidence of progress.evidence) {
        const stored = fileStore.put(encoder.encode(evidence.content));
        evidenceSnapshot.push({
          sha256: stored.sha256,
          id: await insertEvidence(transaction, {
            officeId,
            problemId,
            measureId: null,
            fileName: evidence.fileName,
            mediaType: evidence.mediaType,
            sizeBytes: stored.sizeBytes,
            sha256: stored.sha256,
            storageKey: stored.storageKey,
            description: evidence.description,
            effectiveOn: evidence.effectiveOn,
            uploadedBy: null,
            uploadedAt: atDay(progress.appliedOn),
          }),
        });
      }
      evidenceCount = evidenceSnapshot.length;
      // An item applied for closing has carried out all its measures.
      await transaction
        .updateTable('measures')
        .set({ is_done: 1, done_on: progress.appliedOn })
        .where('problem_id', '=', problemId)
        .execute();
      await recordTransition(transaction, {
        officeId,
        problemId,
        from: 'in_progress',
        to: 'pending_review',
        action: 'apply_close',
        actorUserId: null,
        at: atDay(progress.appliedOn),
        reason: null,
        statement: progress.statement,
        evidence: evidenceSnapshot,
      });
      if (progress.state === 'pending_review' || !progress.closedOn) return;
      await recordTransition(transaction, {
        officeId,
        problemId,
        from: 'pending_review',
        to: 'closed',
        action: 'approve',
        actorUserId: null,
        at: atDay(progress.closedOn),
        reason: '经审核，整改到位，同意销号',
        statement: null,
        evidence: [],
      });
    });
    return evidenceCount;
  }

  /**
   * The completed look-back: every item checked on the planned day, the rebound reopened, then
   * (as the data set says) rectified again and closed after the look-back.
   */
  async function loadLookback(
    officeId: number,
    inspectionId: number,
    problemIds: readonly number[],
    lookback: DemoLookback,
    rebound: DemoProblemProgress,
  ): Promise<number> {
    const idAt = (index: number) => {
      const id = problemIds[index];
      if (id === undefined) throw new Error(`demo look-back refers to a missing problem ${index}`);
      return id;
    };
    const checkedIds = lookback.checkedIndexes.map(idAt);
    const reboundId = idAt(lookback.reboundIndex);
    const checkedAt = atDay(lookback.plannedOn);
    await db.transaction().execute(async (transaction) => {
      const lookbackId = await insertLookback(transaction, {
        officeId,
        inspectionId,
        plannedOn: lookback.plannedOn,
        scheduledBy: null,
        at: checkedAt,
        problemIds: checkedIds,
      });
      await updateLookbackState(transaction, {
        officeId,
        lookbackId,
        state: 'in_progress',
        expectedVersion: 1,
        actorUserId: null,
        at: checkedAt,
      });
      for (const problemId of checkedIds) {
        const isRebound = problemId === reboundId;
        await updateCheck(transaction, {
          officeId,
          lookbackId,
          problemId,
          result: isRebound ? 'rebound' : 'holds',
          note: isRebound ? lookback.reboundNote : null,
          checkedBy: null,
          at: checkedAt,
          expectedVersion: 1,
        });
      }
      const reopen = { officeId, problemId: reboundId, actorUserId: null, statement: null, evidence: [] };
      await recordTransition(transaction, {
        ...reopen,
        from: 'closed',
        to: 'in_progress',
        action: 'reopen_rebound',
        at: checkedAt,
        reason: `回头看发现反弹：${lookback.reboundNote}`,
      });
      await updateLookbackState(transaction, {
        officeId,
        lookbackId,
        state: 'completed',
        expectedVersion: 2,
        actorUserId: null,
        at: atDay(lookback.completedOn),
        summary: lookback.summary,
      });
      // Closing a reopened item rests on evidence uploaded since: the unit's new proof.
      const original = rebound.evidence[0];
      const content = `${original?.content ?? ''}\n回头看发现反弹后重新整改：${lookback.reboundNote}（${lookback.reappliedOn}）`;
      const stored = fileStore.put(encoder.encode(content));
      const evidenceId = await insertEvidence(transaction, {
        officeId,
        problemId: reboundId,
        measureId: null,
        fileName: `回头看重新整改-${original?.fileName ?? '整改说明.txt'}`,
        mediaType: original?.mediaType ?? 'text/plain',
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256,
        storageKey: stored.storageKey,
        description: original?.description ?? '回头看反弹问题重新整改材料',
        effectiveOn: lookback.reappliedOn,
        uploadedBy: null,
        uploadedAt: atDay(lookback.reappliedOn),
      });
      await recordTransition(transaction, {
        ...reopen,
        from: 'in_progress',
        to: 'pending_review',
        action: 'apply_close',
        at: atDay(lookback.reappliedOn),
        reason: null,
        statement: rebound.statement,
        evidence: [{ id: evidenceId, sha256: stored.sha256 }],
      });
      await recordTransition(transaction, {
        ...reopen,
        from: 'pending_review',
        to: 'closed',
        action: 'approve',
        at: atDay(lookback.reclosedOn),
        reason: '经审核，反弹问题已重新整改到位，同意销号',
      });
    });
    // The one evidence file added for the re-closing.
    return 1;
  }

  async function loadInspection(
    officeId: number,
    dataset: Pick<DemoDataset, 'rounds' | 'groups' | 'units'>,
    inspection: DemoInspection,
    summary: DemoLoadSummary,
  ): Promise<void> {
    const round = dataset.rounds[inspection.roundIndex];
    const unit = dataset.units[inspection.unitIndex];
    if (!round || !unit) throw new Error('demo inspection refers to a missing round or unit');
    const unitId = await findOrCreateUnit(db, officeId, unit.name);
    await db.transaction().execute(async (transaction) => {
      const organisation = createOrganisationResolver(transaction, officeId, unitId);
      for (const person of unit.people) {
        const departmentId = person.department ? await organisation.department(person.department) : null;
        await organisation.person(person.name, {
          title: person.title,
          departmentId,
          isLeader: person.isLeader,
        });
      }
    });
    const inspectionId = await inspections.setUpInspection({
      officeId,
      round,
      unitName: unit.name,
      groupName: dataset.groups[inspection.groupIndex] ?? null,
      periodStart: inspection.periodStart,
      periodEnd: inspection.periodEnd,
      feedbackOn: inspection.feedbackDate,
      actorUserId: null,
    });
    const imported = await imports.importDocument({
      officeId,
      inspectionId,
      document: inspection.plan,
      fileName: `${unit.name}巡察整改方案.docx`,
      actorUserId: null,
    });
    summary.inspections += 1;
    summary.problems += imported.problems;
    summary.measures += imported.measures;
    const problemIds = await listProblemIdsInDocumentOrder(db, inspectionId);
    if (problemIds.length !== inspection.progress.length) {
      throw new Error(
        `demo progress covers ${inspection.progress.length} problems, the plan has ${problemIds.length}`,
      );
    }
    for (const [index, progress] of inspection.progress.entries()) {
      summary.evidence += await applyProgress(officeId, problemIds[index]!, unitId, progress);
    }
    const problemsAt = (indexes: readonly number[]) =>
      indexes.flatMap((index) => (problemIds[index] === undefined ? [] : [problemIds[index]]));
    await db.transaction().execute(async (transaction) => {
      for (const institution of inspection.institutions) {
        await insertInstitution(transaction, {
          officeId,
          unitId,
          inspectionId,
          name: institution.name,
          change: institution.change,
          adoptedOn: institution.adoptedOn,
          createdAt: atDay(institution.adoptedOn),
          problemIds: problemsAt(institution.problemIndexes),
        });
      }
      for (const meeting of inspection.meetings) {
        await insertMeeting(transaction, {
          officeId,
          unitId,
          inspectionId,
          kind: meeting.kind,
          heldOn: meeting.heldOn,
          topic: meeting.topic,
          problemIds: problemsAt(meeting.problemIndexes),
        });
      }
      for (const outcome of inspection.outcomes) {
        await insertOutcome(transaction, {
          officeId,
          inspectionId,
          problemId: outcome.problemIndex == null ? null : (problemIds[outcome.problemIndex] ?? null),
          kind: outcome.kind,
          amountFen: outcome.amountFen,
          peopleCount: outcome.peopleCount,
          note: outcome.note,
          recordedOn: outcome.recordedOn,
        });
      }
    });
    const { lookback } = inspection;
    const rebound = lookback && inspection.progress[lookback.reboundIndex];
    if (lookback && rebound) {
      summary.evidence += await loadLookback(officeId, inspectionId, problemIds, lookback, rebound);
    }
  }

  return {
    /**
     * Loads a data set; inspections may be any iterable, so a large generated set streams
     * through without being held in memory at once.
     */
    async loadDemo(
      dataset: Pick<DemoDataset, 'office' | 'rounds' | 'groups' | 'units'> & {
        inspections: Iterable<DemoInspection>;
      },
      onProgress?: (loaded: number) => void,
    ): Promise<DemoLoadSummary> {
      const officeId = await findOrCreateOffice(
        db,
        dataset.office.name,
        dataset.office.region,
        nowIso(clock),
      );
      const summary: DemoLoadSummary = { officeId, inspections: 0, problems: 0, measures: 0, evidence: 0 };
      for (const inspection of dataset.inspections) {
        await loadInspection(officeId, dataset, inspection, summary);
        onProgress?.(summary.inspections);
      }
      return summary;
    },
  };
}
