/**
 * Rectification quality for the API: measure concreteness (of texts being drafted, or of the
 * ledger's measures in their context), duplication and timing findings, and the unit grade per
 * inspection with every indicator's items, combined by the office's weights.
 */
import { z } from 'zod';
import type { Database } from '../../storage/database.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, today, type Clock } from '../common/clock.ts';
import { shanghaiDate } from '../deadlines/calendar-date.rules.ts';
import { appendEvent } from '../events/event.repository.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { createDuplicationService } from './duplication.service.ts';
import { assessMeasureConcreteness, type ConcretenessAssessment } from './measure-concreteness.rules.ts';
import { findQualityWeights, saveQualityWeights } from './quality-weights.repository.ts';
import {
  findDepartmentNamesByUnit,
  findEvidenceFiles,
  findInspectionsInScope,
  findMeasuresWithContext,
  findProblemTimings,
  isInspectionInScope,
  isProblemInScope,
  isRoundInOffice,
  type QualityFilter,
} from './quality.repository.ts';
import { createTimingAnomalyService } from './timing-anomalies.service.ts';
import {
  combineIndicators,
  defaultQualityWeights,
  indicatorNames,
  share,
  type GradeResult,
  type IndicatorInput,
  type IndicatorName,
  type QualityWeights,
} from './unit-grade.rules.ts';

export interface MeasureScore extends ConcretenessAssessment {
  measureId: number;
  problemId: number;
  inspectionId: number;
  problemNumber: string | null;
  problemTitle: string;
  position: number;
  text: string;
}

export interface UnitGrade extends GradeResult {
  inspectionId: number;
  unitId: number;
  unitName: string;
  roundId: number;
  roundName: string;
  problems: number;
  /** Duplication and timing findings touching this inspection. */
  findingCount: number;
}

const WeightsSchema = z.object(
  Object.fromEntries(indicatorNames.map((name) => [name, z.number().min(0).max(100)])) as Record<
    IndicatorName,
    z.ZodNumber
  >,
);

function parseStoredWeights(json: string): QualityWeights {
  const parsed = WeightsSchema.partial().safeParse(JSON.parse(json));
  return { ...defaultQualityWeights, ...(parsed.success ? parsed.data : {}) };
}

export function createQualityService(dependencies: { db: Database; clock: Clock }) {
  const { db, clock } = dependencies;
  const duplication = createDuplicationService({ db });
  const timing = createTimingAnomalyService({ db });

  async function requireFilterInScope(scope: LedgerScope, filter: QualityFilter): Promise<void> {
    if (filter.inspectionId !== undefined && !(await isInspectionInScope(db, scope, filter.inspectionId))) {
      throw notFound('巡察', 'inspection', filter.inspectionId);
    }
    if (filter.problemId !== undefined && !(await isProblemInScope(db, scope, filter.problemId))) {
      throw notFound('问题', 'problem', filter.problemId);
    }
    if (filter.roundId !== undefined && !(await isRoundInOffice(db, scope.officeId, filter.roundId))) {
      throw notFound('巡察轮次', 'round', filter.roundId);
    }
  }

  async function scoreMeasures(scope: LedgerScope, filter: QualityFilter): Promise<MeasureScore[]> {
    const [measures, departments] = await Promise.all([
      findMeasuresWithContext(db, scope, filter),
      findDepartmentNamesByUnit(db, scope),
    ]);
    return measures.map((measure) => ({
      measureId: measure.measureId,
      problemId: measure.problemId,
      inspectionId: measure.inspectionId,
      problemNumber: measure.problemNumber,
      problemTitle: measure.problemTitle,
      position: measure.position,
      text: measure.text,
      ...assessMeasureConcreteness(measure.text, {
        hasAssignee: measure.assignmentCount > 0,
        departmentNames: departments.get(measure.unitId) ?? [],
        // Evidence is judged once the item has been applied for closing; reviewed once closed.
        ...(measure.problemState === 'pending_review' || measure.problemState === 'closed'
          ? { evidenceCount: measure.evidenceCount, isEvidenceReviewed: measure.problemState === 'closed' }
          : {}),
      }),
    }));
  }

  async function getWeights(officeId: number): Promise<{ weights: QualityWeights; version: number }> {
    const stored = await findQualityWeights(db, officeId);
    return stored
      ? { weights: parseStoredWeights(stored.weightsJson), version: stored.version }
      : { weights: { ...defaultQualityWeights }, version: 0 };
  }

  return {
    /** Scores texts that are not in the ledger yet (a plan being drafted): text signals only. */
    scoreTexts(texts: readonly string[]): ConcretenessAssessment[] {
      return texts.map((text) => assessMeasureConcreteness(text));
    },

    /** The ledger's measures of an inspection (or problem) with their concreteness and reasons. */
    async scoreMeasures(scope: LedgerScope, filter: QualityFilter): Promise<MeasureScore[]> {
      await requireFilterInScope(scope, filter);
      return scoreMeasures(scope, filter);
    },

    /** Duplication and timing findings touching an inspection or round (or everything in scope). */
    async findFindings(scope: LedgerScope, filter: QualityFilter) {
      await requireFilterInScope(scope, filter);
      const [duplicates, timings] = await Promise.all([
        duplication.findDuplicates(scope, filter),
        timing.findTimingAnomalies(scope, filter),
      ]);
      return {
        duplicates: duplicates.findings,
        timing: timings.findings,
        parameters: { similarity: duplicates.parameters, timing: timings.parameters },
        statistics: duplicates.statistics,
      };
    },

    getWeights,

    /** Sets the office's weights (office role only); `version` 0 for the first time. */
    async setWeights(
      actor: { officeId: number; userId: number; role: string },
      weights: QualityWeights,
      expectedVersion: number,
    ): Promise<{ weights: QualityWeights; version: number }> {
      if (actor.role !== 'office') {
        throw new AppError(
          'forbidden',
          '只有巡察办可以设置评价权重',
          `role ${actor.role} may not set weights`,
        );
      }
      if (indicatorNames.every((name) => weights[name] === 0)) {
        throw new AppError('invalid_input', '权重不能全部为0', 'all weights are zero', {
          where: 'body.weights',
        });
      }
      await db.transaction().execute(async (transaction) => {
        const at = nowIso(clock);
        const saved = await saveQualityWeights(transaction, {
          officeId: actor.officeId,
          weightsJson: JSON.stringify(weights),
          expectedVersion,
          userId: actor.userId,
          at,
        });
        if (!saved) {
          throw new AppError(
            'conflict',
            '评价权重已被他人修改，请刷新后重试',
            'quality weights changed meanwhile',
          );
        }
        await appendEvent(transaction, {
          officeId: actor.officeId,
          at,
          actorUserId: actor.userId,
          entityType: 'office',
          entityId: actor.officeId,
          action: 'quality_weights_set',
          data: { weights },
        });
      });
      return getWeights(actor.officeId);
    },

    /** The grade of every inspection in scope (optionally one round), with drill-down ids. */
    async gradeUnits(scope: LedgerScope, filter: { roundId?: number }): Promise<UnitGrade[]> {
      await requireFilterInScope(scope, filter);
      const day = today(clock);
      const [inspections, problems, evidence, measures, duplicates, timings, stored] = await Promise.all([
        findInspectionsInScope(db, scope, filter),
        findProblemTimings(db, scope, filter),
        findEvidenceFiles(db, scope, filter),
        scoreMeasures(scope, filter),
        duplication.findDuplicates(scope, filter),
        timing.findTimingAnomalies(scope, filter),
        getWeights(scope.officeId),
      ]);
      const evidenceCount = new Map<number, number>();
      for (const file of evidence)
        evidenceCount.set(file.problemId, (evidenceCount.get(file.problemId) ?? 0) + 1);
      const duplicated = new Set(
        duplicates.findings.flatMap((finding) =>
          finding.occurrences.map((occurrence) => occurrence.problemId),
        ),
      );
      const findingsOf = new Map<number, number>();
      const count = (inspectionIds: Iterable<number>) => {
        for (const id of new Set(inspectionIds)) findingsOf.set(id, (findingsOf.get(id) ?? 0) + 1);
      };
      for (const finding of duplicates.findings)
        count(finding.occurrences.map((occurrence) => occurrence.inspectionId));
      for (const finding of timings.findings) count([finding.inspectionId]);

      const groupBy = <T extends { inspectionId: number }>(list: readonly T[]) => {
        const groups = new Map<number, T[]>();
        for (const item of list) {
          const group = groups.get(item.inspectionId);
          if (group) group.push(item);
          else groups.set(item.inspectionId, [item]);
        }
        return groups;
      };
      const problemsOf = groupBy(problems);
      const measuresOf = groupBy(measures);

      return inspections.map((inspection) => {
        const own = problemsOf.get(inspection.inspectionId) ?? [];
        const ownMeasures = measuresOf.get(inspection.inspectionId) ?? [];
        const ids = (list: typeof own) => list.map((problem) => problem.problemId);

        const due = own.filter(
          (problem) => problem.dueOn && (problem.state === 'closed' || problem.dueOn < day),
        );
        const onTime = due.filter(
          (problem) =>
            problem.state === 'closed' &&
            problem.closedAt !== null &&
            shanghaiDate(new Date(problem.closedAt)) <= problem.dueOn!,
        );
        const applied = own.filter(
          (problem) => problem.state === 'pending_review' || problem.state === 'closed',
        );
        const withoutEvidence = applied.filter((problem) => !evidenceCount.get(problem.problemId));
        const vagueProblems = [
          ...new Set(
            ownMeasures.filter((measure) => measure.level === 'vague').map((measure) => measure.problemId),
          ),
        ];
        const meanScore =
          ownMeasures.length === 0
            ? null
            : ownMeasures.reduce((total, measure) => total + measure.score, 0) / ownMeasures.length / 100;
        const copied = own.filter((problem) => duplicated.has(problem.problemId));
        const rebounded = own.filter((problem) => problem.reboundCount > 0);
        const overdue = own.filter(
          (problem) => problem.state !== 'closed' && problem.dueOn && problem.dueOn < day,
        );
        const complement = (part: number) => {
          const value = share(part, own.length);
          return value === null ? null : 1 - value;
        };

        const inputs: Record<IndicatorName, IndicatorInput> = {
          timeliness: {
            value: share(onTime.length, due.length),
            basis: `到期或已销号${due.length}项中${onTime.length}项按期销号`,
            problemIds: ids(due.filter((problem) => !onTime.includes(problem))),
          },
          evidence: {
            value: share(applied.length - withoutEvidence.length, applied.length),
            basis: `申请销号或已销号${applied.length}项中${applied.length - withoutEvidence.length}项有佐证`,
            problemIds: ids(withoutEvidence),
          },
          concreteness: {
            value: meanScore,
            basis:
              meanScore === null
                ? '无整改措施'
                : `${ownMeasures.length}条措施平均${Math.round(meanScore * 100)}分，${vagueProblems.length}项问题有空泛措施`,
            problemIds: vagueProblems,
          },
          duplication: {
            value: complement(copied.length),
            basis: `${own.length}项中${copied.length}项涉及雷同材料`,
            problemIds: ids(copied),
          },
          rebound: {
            value: complement(rebounded.length),
            basis: `${own.length}项中${rebounded.length}项出现反弹`,
            problemIds: ids(rebounded),
          },
          overdue: {
            value: complement(overdue.length),
            basis: `${own.length}项中${overdue.length}项逾期未销号`,
            problemIds: ids(overdue),
          },
          publicFeedback: {
            value: null,
            basis: '群众意见模块尚未上线，暂不计分',
            problemIds: [],
          },
        };
        return {
          ...inspection,
          problems: own.length,
          findingCount: findingsOf.get(inspection.inspectionId) ?? 0,
          ...combineIndicators(inputs, stored.weights),
        };
      });
    },
  };
}
