/**
 * Reads what a generated document needs about one inspection, in the caller's scope: the
 * inspection with its unit, group, round and office names; the problem tree with measures,
 * manifestations, deadlines and owners; the state transitions (so a state can be read at a
 * chosen day); the registers (institutions, meetings, outcomes); and the office's contact
 * record for public feedback. Plain rows; report-model.ts turns them into the report model.
 */
import type { Executor } from '../../storage/database.ts';
import type { AssignmentRole, LedgerState } from '../../storage/schema.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';
import { findInstitutions, findMeetings, findOutcomes } from '../registers/registers.repository.ts';

/** The inspection a document is about, with the names documents print. */
export async function findReportInspection(db: Executor, scope: LedgerScope, inspectionId: number) {
  return db
    .selectFrom('inspections')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .innerJoin('offices', 'offices.id', 'inspections.office_id')
    .innerJoin('inspection_rounds', 'inspection_rounds.id', 'inspections.round_id')
    .leftJoin('inspection_groups', 'inspection_groups.id', 'inspections.group_id')
    .select([
      'inspections.id',
      'inspections.office_id',
      'inspections.unit_id',
      'units.name as unit_name',
      'offices.name as office_name',
      'inspection_rounds.name as round_name',
      'inspection_groups.name as group_name',
      'inspections.period_start',
      'inspections.period_end',
      'inspections.feedback_on',
      'inspections.concentrated_until',
      'inspections.declared_aspects',
      'inspections.declared_problems',
    ])
    .where('inspections.id', '=', inspectionId)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
}

export type ReportInspectionRow = NonNullable<Awaited<ReturnType<typeof findReportInspection>>>;

export interface ReportTreeRows {
  aspects: Array<{ id: number; position: number; number: string | null; title: string }>;
  problems: Array<{
    id: number;
    aspect_id: number;
    parent_id: number | null;
    position: number;
    number: string | null;
    title: string;
    goal: string | null;
    state: LedgerState;
    is_long_term: number;
    deadline_kind: string | null;
    deadline_text: string | null;
    due_on: string | null;
  }>;
  measures: Array<{
    problem_id: number;
    position: number;
    text: string;
    is_done: number;
    done_on: string | null;
  }>;
  manifestations: Array<{ problem_id: number; position: number; text: string }>;
  assignments: Array<{
    problem_id: number;
    role: AssignmentRole;
    person: string | null;
    department: string | null;
  }>;
  transitions: Array<{ problem_id: number; to_state: LedgerState; at: string; id: number }>;
}

/** The problem tree of one inspection (already checked to be in scope), in document order. */
export async function findReportTree(db: Executor, inspectionId: number): Promise<ReportTreeRows> {
  const aspects = await db
    .selectFrom('aspects')
    .select(['id', 'position', 'number', 'title'])
    .where('inspection_id', '=', inspectionId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const problems = await db
    .selectFrom('problems')
    .leftJoin('deadlines', 'deadlines.id', 'problems.deadline_id')
    .select([
      'problems.id',
      'problems.aspect_id',
      'problems.parent_id',
      'problems.position',
      'problems.number',
      'problems.title',
      'problems.goal',
      'problems.state',
      'problems.is_long_term',
      'deadlines.kind as deadline_kind',
      'deadlines.text as deadline_text',
      'deadlines.due_on',
    ])
    .where('problems.inspection_id', '=', inspectionId)
    .orderBy('problems.position')
    .orderBy('problems.id')
    .execute();
  const measures = await db
    .selectFrom('measures')
    .innerJoin('problems', 'problems.id', 'measures.problem_id')
    .select([
      'measures.problem_id',
      'measures.position',
      'measures.text',
      'measures.is_done',
      'measures.done_on',
    ])
    .where('problems.inspection_id', '=', inspectionId)
    .orderBy('measures.problem_id')
    .orderBy('measures.position')
    .execute();
  const manifestations = await db
    .selectFrom('problem_manifestations')
    .innerJoin('problems', 'problems.id', 'problem_manifestations.problem_id')
    .select([
      'problem_manifestations.problem_id',
      'problem_manifestations.position',
      'problem_manifestations.text',
    ])
    .where('problems.inspection_id', '=', inspectionId)
    .orderBy('problem_manifestations.problem_id')
    .orderBy('problem_manifestations.position')
    .execute();
  const assignments = await db
    .selectFrom('assignments')
    .innerJoin('problems', 'problems.id', 'assignments.problem_id')
    .leftJoin('people', 'people.id', 'assignments.person_id')
    .leftJoin('departments', 'departments.id', 'assignments.department_id')
    .select([
      'assignments.problem_id',
      'assignments.role',
      'people.name as person',
      'departments.name as department',
    ])
    .where('problems.inspection_id', '=', inspectionId)
    .where('assignments.measure_id', 'is', null)
    .orderBy('assignments.id')
    .execute();
  const transitions = await db
    .selectFrom('state_transitions')
    .innerJoin('problems', 'problems.id', 'state_transitions.problem_id')
    .select([
      'state_transitions.id',
      'state_transitions.problem_id',
      'state_transitions.to_state',
      'state_transitions.at',
    ])
    .where('problems.inspection_id', '=', inspectionId)
    .orderBy('state_transitions.id')
    .execute();
  return { aspects, problems, measures, manifestations, assignments, transitions };
}

/** The registers of one inspection: institutions, meetings, outcomes. */
export async function findReportRegisters(db: Executor, inspectionId: number) {
  const [institutions, meetings, outcomes] = await Promise.all([
    findInstitutions(db, { inspectionId }),
    findMeetings(db, { inspectionId }),
    findOutcomes(db, { inspectionId }),
  ]);
  return { institutions, meetings, outcomes };
}

export type ReportRegisterRows = Awaited<ReturnType<typeof findReportRegisters>>;

/** How the public reaches the unit office: the contact block of a public notice. */
export interface OfficeContact {
  phones: string[];
  emails: string[];
  address: string | null;
  postcode: string | null;
}

const contactKey = (officeId: number, unitId: number) => `reports.contact.${officeId}.${unitId}`;

/** The unit's contact record for public notices, or null when none was set. */
export async function findOfficeContact(
  db: Executor,
  officeId: number,
  unitId: number,
): Promise<OfficeContact | null> {
  const row = await db
    .selectFrom('app_settings')
    .select('value')
    .where('key', '=', contactKey(officeId, unitId))
    .executeTakeFirst();
  if (!row) return null;
  const value = JSON.parse(row.value) as Partial<OfficeContact>;
  return {
    phones: value.phones ?? [],
    emails: value.emails ?? [],
    address: value.address ?? null,
    postcode: value.postcode ?? null,
  };
}

/** Sets (or replaces) the unit's contact record for public notices. */
export async function saveOfficeContact(
  db: Executor,
  officeId: number,
  unitId: number,
  contact: OfficeContact,
): Promise<void> {
  const key = contactKey(officeId, unitId);
  const value = JSON.stringify(contact);
  await db
    .insertInto('app_settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Evidence file names per problem of one inspection (for the 佐证材料 column). */
export async function findEvidenceNames(db: Executor, inspectionId: number): Promise<Map<number, string[]>> {
  const rows = await db
    .selectFrom('evidence')
    .innerJoin('problems', 'problems.id', 'evidence.problem_id')
    .select(['evidence.problem_id', 'evidence.file_name'])
    .where('problems.inspection_id', '=', inspectionId)
    .orderBy('evidence.id')
    .execute();
  const names = new Map<number, string[]>();
  for (const row of rows) names.set(row.problem_id, [...(names.get(row.problem_id) ?? []), row.file_name]);
  return names;
}
