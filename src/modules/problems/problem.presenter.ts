/**
 * The problem API's JSON: explicit mapping from rows to camelCase objects, so a new column
 * never reaches a client by accident.
 */
import type { DeadlineKind, LedgerState, Role } from '../../storage/schema.ts';
import { actionsFrom, isOverdue, ledgerStateLabels, transitionRules } from '../ledger/ledger-state.rules.ts';
import { canEditProblem } from './problem-edit.rules.ts';
import type { ManifestationRow, MeasureRow, ProblemDetailRows } from './problem.repository.ts';

interface DeadlineColumns {
  deadline_kind: DeadlineKind | null;
  deadline_text: string | null;
  deadline_due_on: string | null;
  deadline_awaits_calendar_year: number | null;
}

function presentDeadline(row: DeadlineColumns, state: LedgerState | null, today: string) {
  if (row.deadline_kind == null) return null;
  return {
    kind: row.deadline_kind,
    text: row.deadline_text,
    dueOn: row.deadline_due_on,
    isOverdue: state == null ? false : isOverdue(state, row.deadline_due_on, today),
    /** Set while the day waits for this year's official calendar (shown as 待定). */
    awaitsCalendarYear: row.deadline_awaits_calendar_year,
  };
}

type AssignmentRows = ProblemDetailRows['assignments'];

function presentOwners(rows: AssignmentRows) {
  const people = (role: 'leader' | 'person') =>
    rows
      .filter((row) => row.role === role && row.person_id != null)
      .map((row) => ({ id: row.person_id!, name: row.person_name ?? '' }));
  return {
    leaders: people('leader'),
    departments: rows
      .filter((row) => row.role === 'department' && row.department_id != null)
      .map((row) => ({ id: row.department_id!, name: row.department_name ?? '' })),
    people: people('person'),
  };
}

export function presentMeasure(row: MeasureRow, today: string, owners: AssignmentRows = []) {
  return {
    id: row.id,
    problemId: row.problem_id,
    text: row.text,
    isDone: row.is_done === 1,
    doneOn: row.done_on,
    // A measure's own deadline is never "overdue" on its own: the problem carries the state.
    deadline: presentDeadline(row, row.is_done === 1 ? 'closed' : 'in_progress', today),
    owners: presentOwners(owners),
    version: row.version,
  };
}

export function presentManifestation(row: ManifestationRow) {
  return { id: row.id, problemId: row.problem_id, text: row.text, version: row.version };
}

/** The whole problem page, with what the current user may do on it. */
export function presentProblemDetail(rows: ProblemDetailRows, context: { today: string; role: Role }) {
  const { problem } = rows;
  const problemOwners = rows.assignments.filter((row) => row.measure_id == null);
  return {
    id: problem.id,
    inspection: { id: problem.inspection_id, roundName: problem.round_name, feedbackOn: problem.feedback_on },
    unit: { id: problem.unit_id, name: problem.unit_name },
    aspect: { id: problem.aspect_id, number: problem.aspect_number, title: problem.aspect_title },
    number: problem.number,
    title: problem.title,
    goal: problem.goal,
    state: problem.state,
    stateLabel: ledgerStateLabels[problem.state],
    isLongTerm: problem.is_long_term === 1,
    checkinIntervalDays: problem.checkin_interval_days,
    deadline: presentDeadline(problem, problem.state, context.today),
    manifestations: rows.manifestations.map((row) =>
      presentManifestation({ ...row, problem_id: problem.id }),
    ),
    measures: rows.measures.map((row) =>
      presentMeasure(
        { ...row, problem_id: problem.id },
        context.today,
        rows.assignments.filter((assignment) => assignment.measure_id === row.id),
      ),
    ),
    assignments: presentOwners(problemOwners),
    parent: rows.parent && {
      id: rows.parent.id,
      number: rows.parent.number,
      title: rows.parent.title,
      state: rows.parent.state,
    },
    children: rows.children.map((child) => ({
      id: child.id,
      number: child.number,
      title: child.title,
      state: child.state,
      version: child.version,
    })),
    evidenceCount: rows.evidenceCount,
    reboundCount: problem.rebound_count,
    closedAt: problem.closed_at,
    updatedAt: problem.updated_at,
    version: problem.version,
    // What the UI may offer; the workflow service still decides (applicant, evidence, reason).
    allowedActions: actionsFrom(problem.state).filter((action) =>
      transitionRules[action].roles.includes(context.role),
    ),
    canEdit: canEditProblem(context.role) && problem.state !== 'closed',
  };
}

export type ProblemDetailView = ReturnType<typeof presentProblemDetail>;

export function presentUnitPerson(row: {
  id: number;
  name: string;
  title: string | null;
  is_leader: 0 | 1;
  department_id: number | null;
  department_name: string | null;
}) {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    isLeader: row.is_leader === 1,
    department: row.department_id == null ? null : { id: row.department_id, name: row.department_name ?? '' },
  };
}

export function presentUnitDepartment(row: { id: number; name: string }) {
  return { id: row.id, name: row.name };
}
