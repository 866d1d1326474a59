/**
 * The JSON of the inspection-setup API: explicit mappings from rows to API objects, so a new
 * column never leaks by accident.
 */
import type {
  AspectRow,
  InspectionRow,
  ProblemCounts,
  RoundRow,
  UnitRow,
} from './inspection-query.repository.ts';

export function presentRound(round: RoundRow) {
  return {
    id: round.id,
    name: round.name,
    year: round.year,
    startedOn: round.startedOn,
    endedOn: round.endedOn,
    inspectionCount: round.inspectionCount,
    version: round.version,
  };
}

function presentCounts(counts: ProblemCounts) {
  return {
    problems: counts.total,
    draft: counts.draft,
    inProgress: counts.inProgress,
    pendingReview: counts.pendingReview,
    closed: counts.closed,
    overdue: counts.overdue,
    /** Share of problems closed, 0…1 to three places; null while there are none. */
    completionRate: counts.total === 0 ? null : Math.round((counts.closed / counts.total) * 1000) / 1000,
  };
}

export function presentUnit(unit: UnitRow) {
  return {
    id: unit.id,
    name: unit.name,
    inspectionCount: unit.inspectionCount,
    counts: presentCounts(unit.problems),
    version: unit.version,
  };
}

export function presentInspection(inspection: InspectionRow) {
  return {
    id: inspection.id,
    round: { id: inspection.roundId, name: inspection.roundName },
    unit: { id: inspection.unitId, name: inspection.unitName },
    group: inspection.groupId === null ? null : { id: inspection.groupId, name: inspection.groupName },
    periodStart: inspection.periodStart,
    periodEnd: inspection.periodEnd,
    feedbackOn: inspection.feedbackOn,
    dueDates: {
      planDueOn: inspection.planDueOn,
      reportDueOn: inspection.reportDueOn,
      concentratedUntil: inspection.concentratedUntil,
    },
    declared: { aspects: inspection.declaredAspects, problems: inspection.declaredProblems },
    counts: presentCounts(inspection.problems),
    createdAt: inspection.createdAt,
    version: inspection.version,
  };
}

function presentAspect(aspect: AspectRow) {
  return {
    id: aspect.id,
    position: aspect.position,
    number: aspect.number,
    title: aspect.title,
    problemCount: aspect.problemCount,
  };
}

export function presentInspectionDetail(inspection: InspectionRow & { aspects: AspectRow[] }) {
  return { ...presentInspection(inspection), aspects: inspection.aspects.map(presentAspect) };
}
