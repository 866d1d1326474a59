/**
 * The shape of a generated demo data set: plain data, no database. The generator
 * (demo-generator.ts) produces it deterministically from a seed; the demo loader writes it
 * into the ledger through the same import and workflow services users go through.
 */
import type { ParsedDocument } from '../../parse/parsed-document.schema.ts';

/** A ledger state, as in DESIGN.md: draft → in_progress → pending_review → closed. */
export type DemoLedgerState = 'draft' | 'in_progress' | 'pending_review' | 'closed';

export interface DemoPerson {
  name: string;
  /** Post as written, e.g. "党组书记、主任", "副主任". */
  title: string;
  /** Department name, or null for unit leaders. */
  department: string | null;
  isLeader: boolean;
}

export interface DemoUnit {
  /** The inspected organisation as written, e.g. "某某县融媒体中心党组". */
  name: string;
  departments: string[];
  people: DemoPerson[];
}

export interface DemoRound {
  /** e.g. "十四届县委第三轮巡察" */
  name: string;
  year: number;
  startedOn: string;
  endedOn: string;
}

export interface DemoEvidence {
  fileName: string;
  mediaType: string;
  /** Text content of the file (the loader stores it as bytes). */
  content: string;
  description: string;
  /** The date the evidence itself bears (distinct from upload time). */
  effectiveOn: string;
}

/** What happened to one problem of the plan (problems flattened in document order, children after parent). */
export interface DemoProblemProgress {
  state: DemoLedgerState;
  /** Concrete deadline date chosen for the item, YYYY-MM-DD. */
  deadlineOn: string | null;
  isLongTerm: boolean;
  /** When the item went to in_progress / applied to close / was closed, if it did. */
  startedOn: string | null;
  appliedOn: string | null;
  closedOn: string | null;
  /** The applicant's statement when applying to close. */
  statement: string | null;
  evidence: DemoEvidence[];
  /** Names of people (from DemoUnit.people) responsible for the item. */
  personNames: string[];
}

export interface DemoInstitution {
  name: string;
  change: 'new' | 'revised';
  adoptedOn: string;
  /** Indexes into the flattened problem list. */
  problemIndexes: number[];
}

export interface DemoMeeting {
  kind: 'party_group' | 'democratic_life' | 'leading_group' | 'mobilisation' | 'other';
  heldOn: string;
  topic: string;
  problemIndexes: number[];
}

export interface DemoOutcome {
  kind:
    | 'funds_returned'
    | 'funds_recovered'
    | 'funds_saved'
    | 'people_reminded'
    | 'people_admonished'
    | 'people_accountable'
    | 'people_disciplined';
  /** Money in fen (1/100 yuan) for funds_*, else null. */
  amountFen: number | null;
  /** Number of people for people_*, else null. */
  peopleCount: number | null;
  note: string;
  recordedOn: string;
  problemIndex: number | null;
}

/** A completed look-back (回头看) with one rebound, which was rectified and closed again later. */
export interface DemoLookback {
  plannedOn: string;
  completedOn: string;
  reappliedOn: string;
  reclosedOn: string;
  /** Indexes into the flattened problem list: the items closed by the planned day. */
  checkedIndexes: number[];
  /** The one item found to have rebounded (a top-level item without sub-items). */
  reboundIndex: number;
  reboundNote: string;
  summary: string;
}

export interface DemoInspection {
  roundIndex: number;
  unitIndex: number;
  groupIndex: number;
  periodStart: string;
  periodEnd: string;
  feedbackDate: string;
  /** The plan as a parsed document (FORMAT.md), imported like a user's upload. */
  plan: ParsedDocument;
  progress: DemoProblemProgress[];
  institutions: DemoInstitution[];
  meetings: DemoMeeting[];
  outcomes: DemoOutcome[];
  /** Only for inspections whose feedback lies far enough back. */
  lookback: DemoLookback | null;
}

export interface DemoDataset {
  office: { name: string; region: string };
  rounds: DemoRound[];
  /** Inspection group names, e.g. "县委第一巡察组". */
  groups: string[];
  units: DemoUnit[];
  inspections: DemoInspection[];
}

export interface DemoOptions {
  units: number;
  /** Problems per inspection (plan); the benchmark uses 30. */
  problemsPerUnit: number;
  /** Measures per problem; the benchmark uses 4. */
  measuresPerProblem: number;
  seed: number;
  /** The day the demo is "now", YYYY-MM-DD: states and deadlines are placed around it. */
  today: string;
}
