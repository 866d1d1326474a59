/**
 * Rectification quality for the API: measure concreteness (of texts being drafted, or of the
 * ledger's measures in their context), duplication and timing findings, and the unit grade per
 * inspection with every indicator's items, combined by the office's weights and thresholds.
 *
 * Grades read the whole scope once (problems, measures, evidence, statements, feedback,
 * look-back checks), run duplication and timing checks on those rows, and keep each inspection's
 * indicators under the office's newest event other than a weights change. The grade list is
 * served stale-while-revalidate (grade-refresh.ts): a ledger change starts one background
 * recomputation while requests get the previous grades marked with when they were computed;
 * duplication findings are kept under a fingerprint of their texts (duplication-cache.ts), so a
 * change that edits no text does not redo them. Saving weights only recombines kept indicators.
 * The findings of a grade row (findFindings) are kept under the same key and freshness mark
 * (findings-cache.ts); their timing part is the one the grade computation already produced.
 */
import { z } from 'zod';
import type { Database } from '../../storage/database.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, today, type Clock } from '../common/clock.ts';
import { shanghaiDate } from '../deadlines/calendar-date.rules.ts';
import { appendEvent } from '../events/event.repository.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { tallyChecks } from '../lookbacks/lookback.rules.ts';
import { createDuplicationCache, type DuplicationCache } from './duplication-cache.ts';
import {
  createDuplicationService,
  detectDuplicates,
  evidenceDescriptions,
  filterDuplicates,
  type DuplicationResult,
} from './duplication.service.ts';
import { createFreshnessCache, type FreshnessCache } from './findings-cache.ts';
import {
  createRefreshingCache,
  type Computation,
  type ProgressReport,
  type RefreshingCache,
  type RefreshProgress,
} from './grade-refresh.ts';
import {
  assessMeasureConcreteness,
  type ConcretenessAssessment,
  type MeasureContext,
} from './measure-concreteness.rules.ts';
import { findQualityWeights, saveQualityWeights } from './quality-weights.repository.ts';
import {
  findDepartmentNamesByUnit,
  findEvidenceFiles,
  findAssignmentCounts,
  findEvidenceDates,
  findInspectionsInScope,
  findLookbackChecks,
  findMeasuresWithContext,
  findMeasureTexts,
  findProblemTimings,
  findPublicFeedbackCounts,
  findStatements,
  isInspectionInScope,
  isProblemInScope,
  isRoundInOffice,
  readQualityFreshness,
  type MeasureRow,
  type QualityFilter,
} from './quality.repository.ts';
import { detectTimingAnomalies, type TimingResult } from './timing-anomalies.service.ts';
import {
  combineIndicators,
  defaultGradeThresholds,
  defaultQualityWeights,
  gradeDistribution,
  indicatorNames,
  share,
  thresholdsProblem,
  weightsProblem,
  type Grade,
  type GradeResult,
  type GradeThresholds,
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

interface InspectionPlace {
  inspectionId: number;
  unitId: number;
  unitName: string;
  roundId: number;
  roundName: string;
}

export interface UnitGrade extends GradeResult, InspectionPlace {
  problems: number;
  /** Duplication and timing findings touching this inspection. */
  findingCount: number;
}

/** An inspection's counted indicators before weighting (what the cache keeps). */
interface GradeBasis extends InspectionPlace {
  problems: number;
  findingCount: number;
  inputs: Record<IndicatorName, IndicatorInput>;
}

/** What one grade computation keeps: the indicators, and how duplication was come by. */
interface GradeComputation {
  bases: GradeBasis[];
  duplication: { fingerprint: string; isReused: boolean };
}

/** The grade list as served: possibly the previous computation while a newer one runs. */
export interface GradeList {
  /** 'computing': nothing computed yet for this scope (the answer has no units; ask again). */
  state: 'ready' | 'computing';
  units: UnitGrade[];
  /** When the served grades were computed; null while computing for the first time. */
  computedAt: string | null;
  /** A newer computation is running (or about to): the grades may be behind the ledger. */
  isUpdating: boolean;
  progress: RefreshProgress | null;
}

/** What the computation is doing, in order, for the progress indicator. */
const computeSteps = [
  '读取台账数据',
  '评估整改措施',
  '检测雷同材料',
  '检查时间异常',
  '汇总各项指标',
] as const;

/** Caches shared by every quality service on one database (routes, reports, warm-up). */
interface SharedState {
  grades: RefreshingCache<GradeComputation>;
  duplicates: DuplicationCache;
  /** Whole-scope findings under the grade list's freshness mark, for findFindings. */
  findings: { timing: FreshnessCache<TimingResult>; duplicates: FreshnessCache<DuplicationResult> };
  onError: (error: unknown) => void;
}

const sharedStates = new WeakMap<Database, SharedState>();

function sharedStateOf(db: Database, clock: Clock, onError?: (error: unknown) => void): SharedState {
  let state = sharedStates.get(db);
  if (!state) {
    const created: SharedState = {
      grades: createRefreshingCache<GradeComputation>({
        now: () => nowIso(clock),
        onError: (error) => created.onError(error),
      }),
      duplicates: createDuplicationCache(),
      findings: { timing: createFreshnessCache(), duplicates: createFreshnessCache() },
      onError: onError ?? (() => undefined),
    };
    state = created;
    sharedStates.set(db, state);
  } else if (onError) {
    state.onError = onError;
  }
  return state;
}

/** Resolves once no grade computation on this database is running (tests wait on it). */
export async function settleGradeComputations(db: Database): Promise<void> {
  await sharedStates.get(db)?.grades.settled();
}

export interface GradePreview {
  units: number;
  current: Record<Grade, number>;
  proposed: Record<Grade, number>;
  /** Units whose grade would change. */
  changed: number;
  /** When the indicators compared were computed, and whether newer ones are being computed. */
  computedAt: string;
  isUpdating: boolean;
}

export interface QualitySettings {
  weights: QualityWeights;
  thresholds: GradeThresholds;
  version: number;
}

const StoredSettingsSchema = z
  .object({
    ...(Object.fromEntries(indicatorNames.map((name) => [name, z.number().min(0).max(100)])) as Record<
      IndicatorName,
      z.ZodNumber
    >),
    thresholds: z.object({ good: z.number(), fairlyGood: z.number(), average: z.number() }),
  })
  .partial();

/** Stored JSON (weights by indicator, and since issue 10 the thresholds) over the defaults. */
function parseStoredSettings(json: string): { weights: QualityWeights; thresholds: GradeThresholds } {
  const parsed = StoredSettingsSchema.safeParse(JSON.parse(json));
  const { thresholds, ...weights } = parsed.success ? parsed.data : {};
  const merged = { ...defaultQualityWeights };
  for (const name of indicatorNames) if (weights[name] !== undefined) merged[name] = weights[name];
  return {
    weights: merged,
    thresholds: thresholds && !thresholdsProblem(thresholds) ? thresholds : { ...defaultGradeThresholds },
  };
}

function invalidSettings(message: string, where: string): AppError {
  return new AppError('invalid_input', `请求参数有误：${where}：${message}`, `invalid ${where}: ${message}`, {
    where,
  });
}

function assertSettings(weights: QualityWeights, thresholds: GradeThresholds): void {
  const weightIssue = weightsProblem(weights);
  if (weightIssue) throw invalidSettings(weightIssue, 'body.weights');
  const thresholdIssue = thresholdsProblem(thresholds);
  if (thresholdIssue) throw invalidSettings(thresholdIssue, 'body.thresholds');
}

/** One minus the share (null when there is nothing to share). */
function complementOf(part: number, whole: number): number | null {
  const value = share(part, whole);
  return value === null ? null : 1 - value;
}

function gradeOfBasis(basis: GradeBasis, weights: QualityWeights, thresholds: GradeThresholds): UnitGrade {
  const { inputs, ...place } = basis;
  return { ...place, ...combineIndicators(inputs, weights, thresholds) };
}

/** Assessments kept across requests: the rules are pure, so text and context decide the result. */
const assessed = new Map<string, ConcretenessAssessment>();
/** Enough for the 1,000-unit demo's distinct texts and contexts several times over. */
const MAX_ASSESSED = 200_000;

/**
 * Scores measures, once per distinct text and context: generated and copied plans repeat the
 * same sentence across many units, the rules are the costly part of grading, and after a
 * ledger change most measures are as they were.
 */
function scoreMeasureRows(rows: readonly MeasureRow[], departments: Map<number, string[]>): MeasureScore[] {
  const departmentKeys = new Map<number, string>();
  for (const [unitId, names] of departments) departmentKeys.set(unitId, names.join('\u0001'));
  return rows.map((measure) => {
    const isApplied = measure.problemState === 'pending_review' || measure.problemState === 'closed';
    const context: MeasureContext = {
      hasAssignee: measure.assignmentCount > 0,
      departmentNames: departments.get(measure.unitId) ?? [],
      // Evidence is judged once the item has been applied for closing; reviewed once closed.
      ...(isApplied
        ? { evidenceCount: measure.evidenceCount, isEvidenceReviewed: measure.problemState === 'closed' }
        : {}),
    };
    const key = [
      departmentKeys.get(measure.unitId) ?? '',
      context.hasAssignee,
      isApplied ? `${measure.evidenceCount}:${measure.problemState}` : '',
      measure.text,
    ].join('\u0000');
    let assessment = assessed.get(key);
    if (!assessment) {
      assessment = assessMeasureConcreteness(measure.text, context);
      if (assessed.size >= MAX_ASSESSED) assessed.clear();
      assessed.set(key, assessment);
    }
    return {
      measureId: measure.measureId,
      problemId: measure.problemId,
      inspectionId: measure.inspectionId,
      problemNumber: measure.problemNumber,
      problemTitle: measure.problemTitle,
      position: measure.position,
      text: measure.text,
      ...assessment,
    };
  });
}

/** Where the scope's grades and findings are kept, and how fresh the ledger is now. */
interface Freshness {
  key: string;
  day: string;
  freshness: number;
}

/** A timing finding belongs to the grade row (inspection) or round asked for. */
function touches(finding: { inspectionId: number; roundId: number }, filter: QualityFilter): boolean {
  return (
    (filter.inspectionId === undefined || finding.inspectionId === filter.inspectionId) &&
    (filter.roundId === undefined || finding.roundId === filter.roundId)
  );
}

export function createQualityService(dependencies: {
  db: Database;
  clock: Clock;
  /** Where a failed background computation is reported (the server's log). */
  onError?: (error: unknown) => void;
  /** Told each time this service runs the timing checks or reads duplicates for findings (tests count). */
  onFindingsComputed?: (part: 'timing' | 'duplication') => void;
}) {
  const { db, clock } = dependencies;
  const shared = sharedStateOf(db, clock, dependencies.onError);
  const duplication = createDuplicationService({ db, cache: shared.duplicates });
  const findingsComputed = dependencies.onFindingsComputed ?? (() => undefined);

  /** The timing checks on rows read under `freshness`, kept for the findings of that mark. */
  function timingsOf(key: string, freshness: number, sources: Parameters<typeof detectTimingAnomalies>[0]) {
    findingsComputed('timing');
    const result = detectTimingAnomalies(sources);
    shared.findings.timing.put(key, freshness, result);
    return result;
  }

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
    return scoreMeasureRows(measures, departments);
  }

  async function getWeights(officeId: number): Promise<QualitySettings> {
    const stored = await findQualityWeights(db, officeId);
    return stored
      ? { ...parseStoredSettings(stored.weightsJson), version: stored.version }
      : { weights: { ...defaultQualityWeights }, thresholds: { ...defaultGradeThresholds }, version: 0 };
  }

  /** Every inspection's indicators in scope, from one read of the scope. */
  async function computeBases(
    scope: LedgerScope,
    { key, day, freshness }: Freshness,
    report: ProgressReport = () => undefined,
  ): Promise<GradeComputation> {
    const step = (index: number) =>
      report({ step: index + 1, steps: computeSteps.length, label: computeSteps[index]! });
    step(0);
    const [
      inspections,
      problems,
      evidence,
      measureTextRows,
      assignmentCounts,
      departments,
      statements,
      evidenceDates,
      feedback,
      lookbackChecks,
    ] = await Promise.all([
      findInspectionsInScope(db, scope),
      findProblemTimings(db, scope),
      findEvidenceFiles(db, scope),
      findMeasureTexts(db, scope),
      findAssignmentCounts(db, scope),
      findDepartmentNamesByUnit(db, scope),
      findStatements(db, scope),
      findEvidenceDates(db, scope),
      findPublicFeedbackCounts(db, scope),
      findLookbackChecks(db, scope),
    ]);
    const evidenceCount = new Map<number, number>();
    for (const file of evidence)
      evidenceCount.set(file.problemId, (evidenceCount.get(file.problemId) ?? 0) + 1);
    // Measures take their place from their problem (ordered by measure id, as duplication wants).
    const problemById = new Map(problems.map((problem) => [problem.problemId, problem]));
    const measureRows: MeasureRow[] = measureTextRows.flatMap((row) => {
      const problem = problemById.get(row.problemId);
      if (!problem) return [];
      const {
        state,
        closedAt: _closedAt,
        dueOn: _dueOn,
        reboundCount: _rebound,
        openedAt: _opened,
        ...place
      } = problem;
      return [
        {
          ...place,
          ...row,
          problemState: state,
          assignmentCount: assignmentCounts.get(row.problemId) ?? 0,
          evidenceCount: evidenceCount.get(row.problemId) ?? 0,
        },
      ];
    });
    step(1);
    const measures = scoreMeasureRows(measureRows, departments);
    const measureTexts = measureRows.map((row) => ({
      ...row,
      kind: 'measure' as const,
      sourceId: row.measureId,
    }));
    step(2);
    const sources = {
      texts: {
        measure: measureTexts,
        statement: statements,
        evidence_description: evidenceDescriptions(evidence),
      },
      files: evidence,
    };
    const duplication = shared.duplicates.read(key, sources, () => detectDuplicates(sources));
    const duplicates = duplication.result;
    step(3);
    const timings = timingsOf(key, freshness, { problems, evidence, statements, evidenceDates });

    const duplicated = new Set(
      duplicates.findings.flatMap((finding) => finding.occurrences.map((occurrence) => occurrence.problemId)),
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
    const feedbackOf = groupBy(feedback);
    const checksOf = groupBy(lookbackChecks);
    step(4);

    const bases = inspections.map((inspection): GradeBasis => {
      const own = problemsOf.get(inspection.inspectionId) ?? [];
      const ownMeasures = measuresOf.get(inspection.inspectionId) ?? [];
      const ownFeedback = feedbackOf.get(inspection.inspectionId) ?? [];
      const ids = (list: typeof own) => list.map((problem) => problem.problemId);

      const due = own.filter(
        (problem) => problem.dueOn && (problem.state === 'closed' || problem.dueOn < day),
      );
      const onTime = new Set(
        due.filter(
          (problem) =>
            problem.state === 'closed' &&
            problem.closedAt !== null &&
            shanghaiDate(new Date(problem.closedAt)) <= problem.dueOn!,
        ),
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
      // Look-back checks are the direct measure of whether rectification held; units without a
      // checked look-back fall back to the items reopened as rebounded.
      const checks = checksOf.get(inspection.inspectionId) ?? [];
      const reboundChecks = checks.filter((check) => check.result === 'rebound');
      // The same rate as the look-back figures (rebounds ÷ checked), as a share that holds.
      const tally = tallyChecks(checks.map((check) => check.result));
      const rebound: IndicatorInput =
        tally.reboundRate !== null
          ? {
              value: 1 - tally.reboundRate,
              basis: `回头看已检查${tally.checked}项中${tally.rebounds}项反弹`,
              problemIds: [...new Set(reboundChecks.map((check) => check.problemId))],
            }
          : {
              value: complementOf(rebounded.length, own.length),
              basis: `${own.length}项中${rebounded.length}项出现反弹（未开展回头看）`,
              problemIds: rebounded.map((problem) => problem.problemId),
            };
      const overdue = own.filter(
        (problem) => problem.state !== 'closed' && problem.dueOn && problem.dueOn < day,
      );
      const complement = (part: number) => complementOf(part, own.length);
      const feedbackTotal = ownFeedback.reduce((sum, row) => sum + row.total, 0);
      const unanswered = ownFeedback.filter((row) => row.unanswered > 0);
      const unansweredTotal = unanswered.reduce((sum, row) => sum + row.unanswered, 0);
      const answeredShare = share(feedbackTotal - unansweredTotal, feedbackTotal);

      const inputs: Record<IndicatorName, IndicatorInput> = {
        timeliness: {
          value: share(onTime.size, due.length),
          basis: `到期或已销号${due.length}项中${onTime.size}项按期销号`,
          problemIds: ids(due.filter((problem) => !onTime.has(problem))),
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
        rebound,
        overdue: {
          value: complement(overdue.length),
          basis: `${own.length}项中${overdue.length}项逾期未销号`,
          problemIds: ids(overdue),
        },
        publicFeedback: {
          value: answeredShare,
          basis:
            feedbackTotal === 0
              ? '暂无涉及本单位问题的群众意见，不计分'
              : `${ownFeedback.length}项问题收到群众意见${feedbackTotal}条，其中${unansweredTotal}条未答复`,
          problemIds: unanswered.map((row) => row.problemId),
        },
      };
      return {
        ...inspection,
        problems: own.length,
        findingCount: findingsOf.get(inspection.inspectionId) ?? 0,
        inputs,
      };
    });
    return { bases, duplication: { fingerprint: duplication.fingerprint, isReused: duplication.isReused } };
  }

  /**
   * The cache key of the scope's grades and findings and their freshness mark: the day (overdue
   * and timeliness depend on it) above the newest event id, so a new day or a ledger change makes
   * kept results stale — and yesterday's grades are still served while today's are computed.
   * Read before the rows, so a result is never kept under a mark newer than what it read.
   */
  async function freshnessOf(scope: LedgerScope): Promise<Freshness> {
    const day = today(clock);
    const key = JSON.stringify([scope.officeId, scope.unitIds]);
    const eventId = await readQualityFreshness(db, scope.officeId);
    // Days since 1970 times 2^32 plus the event id stays well inside 2^53.
    const freshness = (Date.parse(`${day}T00:00:00Z`) / 86_400_000) * 2 ** 32 + eventId;
    return { key, day, freshness };
  }

  async function gradeKey(scope: LedgerScope) {
    const mark = await freshnessOf(scope);
    const compute = (report: ProgressReport) => computeBases(scope, mark, report);
    return { key: mark.key, freshness: mark.freshness, compute };
  }

  /** Grades at least as fresh as the ledger now, waiting for the computation when needed. */
  async function currentComputation(scope: LedgerScope): Promise<Computation<GradeComputation>> {
    const { key, freshness, compute } = await gradeKey(scope);
    return shared.grades.current(key, freshness, compute);
  }

  /** The newest grades kept (possibly stale), or the fresh ones when none are kept yet. */
  async function latestBases(
    scope: LedgerScope,
  ): Promise<{ bases: GradeBasis[]; computedAt: string; isUpdating: boolean }> {
    const { key, freshness, compute } = await gradeKey(scope);
    const read = shared.grades.read(key, freshness, compute);
    if (read.state === 'ready') {
      return { bases: read.value.bases, computedAt: read.computedAt, isUpdating: read.isUpdating };
    }
    const fresh = await shared.grades.current(key, freshness, compute);
    return { bases: fresh.value.bases, computedAt: fresh.computedAt, isUpdating: false };
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
      // Whole-scope results kept under the grade list's mark, then narrowed to the row asked.
      const { key, freshness } = await freshnessOf(scope);
      const [allDuplicates, allTimings] = await Promise.all([
        shared.findings.duplicates.read(key, freshness, () => {
          findingsComputed('duplication');
          return duplication.findDuplicates(scope);
        }),
        shared.findings.timing.read(key, freshness, async () => {
          const [problems, evidence, statements, evidenceDates] = await Promise.all([
            findProblemTimings(db, scope),
            findEvidenceFiles(db, scope),
            findStatements(db, scope),
            findEvidenceDates(db, scope),
          ]);
          return timingsOf(key, freshness, { problems, evidence, statements, evidenceDates });
        }),
      ]);
      const duplicates = filterDuplicates(allDuplicates, filter);
      const timings = {
        ...allTimings,
        findings: allTimings.findings.filter((finding) => touches(finding, filter)),
      };
      return {
        duplicates: duplicates.findings,
        timing: timings.findings,
        parameters: { similarity: duplicates.parameters, timing: timings.parameters },
        statistics: duplicates.statistics,
      };
    },

    getWeights,

    /**
     * Sets the office's weights and grade thresholds (office role only; thresholds kept when
     * omitted); `version` 0 for the first time.
     */
    async setWeights(
      actor: { officeId: number; userId: number; role: string },
      weights: QualityWeights,
      expectedVersion: number,
      thresholdsGiven?: GradeThresholds,
    ): Promise<QualitySettings> {
      if (actor.role !== 'office') {
        throw new AppError(
          'forbidden',
          '只有巡察办可以设置评价权重',
          `role ${actor.role} may not set weights`,
        );
      }
      const thresholds = thresholdsGiven ?? (await getWeights(actor.officeId)).thresholds;
      assertSettings(weights, thresholds);
      await db.transaction().execute(async (transaction) => {
        const at = nowIso(clock);
        const saved = await saveQualityWeights(transaction, {
          officeId: actor.officeId,
          weightsJson: JSON.stringify({ ...weights, thresholds }),
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
          data: { weights, thresholds },
        });
      });
      return getWeights(actor.officeId);
    },

    /**
     * The grade of every inspection in scope (optionally one round), with drill-down ids, at
     * once: the newest computed grades with when they were computed, a recomputation started in
     * the background when the ledger has changed since ('computing' with no units the first time).
     */
    async gradeUnits(scope: LedgerScope, filter: { roundId?: number }): Promise<GradeList> {
      await requireFilterInScope(scope, filter);
      const [{ key, freshness, compute }, settings] = await Promise.all([
        gradeKey(scope),
        getWeights(scope.officeId),
      ]);
      const read = shared.grades.read(key, freshness, compute);
      if (read.state === 'computing') {
        return { state: 'computing', units: [], computedAt: null, isUpdating: true, progress: read.progress };
      }
      return {
        state: 'ready',
        units: read.value.bases
          .filter((basis) => filter.roundId === undefined || basis.roundId === filter.roundId)
          .map((basis) => gradeOfBasis(basis, settings.weights, settings.thresholds)),
        computedAt: read.computedAt,
        isUpdating: read.isUpdating,
        progress: read.progress,
      };
    },

    /**
     * Computes the scope's grades now unless kept ones are fresh (warm-up after start and after
     * each supervision scan; tests and the bench wait on it). Says how duplication was come by.
     */
    async refreshGrades(
      scope: LedgerScope,
    ): Promise<{ computedAt: string; duplication: GradeComputation['duplication'] }> {
      const computation = await currentComputation(scope);
      return { computedAt: computation.computedAt, duplication: computation.value.duplication };
    },

    /** Resolves once no grade computation on this database is running. */
    settled: () => shared.grades.settled(),

    /** One inspection's grade (for the report to the inspection office); null when out of scope. */
    async gradeInspection(scope: LedgerScope, inspectionId: number): Promise<UnitGrade | null> {
      // A report is a document of record: it waits for grades as fresh as the ledger.
      const [computation, settings] = await Promise.all([
        currentComputation(scope),
        getWeights(scope.officeId),
      ]);
      const bases = computation.value.bases;
      const basis = bases.find((candidate) => candidate.inspectionId === inspectionId);
      return basis ? gradeOfBasis(basis, settings.weights, settings.thresholds) : null;
    },

    /**
     * How the grades of the units in scope would fall under other weights and thresholds, next
     * to how they fall now: nothing is saved.
     */
    async previewGrades(
      scope: LedgerScope,
      proposal: { weights: QualityWeights; thresholds: GradeThresholds; roundId?: number },
    ): Promise<GradePreview> {
      assertSettings(proposal.weights, proposal.thresholds);
      await requireFilterInScope(scope, { roundId: proposal.roundId });
      // A preview compares weights on the same indicators: the newest kept ones do.
      const [latest, settings] = await Promise.all([latestBases(scope), getWeights(scope.officeId)]);
      const { bases, computedAt, isUpdating } = latest;
      const chosen = bases.filter(
        (basis) => proposal.roundId === undefined || basis.roundId === proposal.roundId,
      );
      const current = chosen.map((basis) => gradeOfBasis(basis, settings.weights, settings.thresholds));
      const proposed = chosen.map((basis) => gradeOfBasis(basis, proposal.weights, proposal.thresholds));
      return {
        units: chosen.length,
        current: gradeDistribution(current),
        proposed: gradeDistribution(proposed),
        changed: current.filter((unit, index) => unit.grade !== proposed[index]!.grade).length,
        computedAt,
        isUpdating,
      };
    },
  };
}
