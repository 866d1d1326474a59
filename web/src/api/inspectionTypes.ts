// The JSON shapes of the inspection-setup, import-wizard and registers APIs, as the web app reads
// them (src/modules/inspections, imports and registers presenters; corpus/FORMAT.md for drafts).

export interface Round {
  id: number;
  name: string;
  year: number;
  startedOn: string | null;
  endedOn: string | null;
  inspectionCount: number;
  version: number;
}

export interface ProblemCounts {
  problems: number;
  draft: number;
  inProgress: number;
  pendingReview: number;
  closed: number;
  overdue: number;
  completionRate: number | null;
}

export interface Unit {
  id: number;
  name: string;
  inspectionCount: number;
  counts: ProblemCounts;
  version: number;
}

export interface Inspection {
  id: number;
  round: { id: number; name: string };
  unit: { id: number; name: string };
  group: { id: number; name: string } | null;
  periodStart: string | null;
  periodEnd: string | null;
  feedbackOn: string | null;
  dueDates: { planDueOn: string | null; reportDueOn: string | null; concentratedUntil: string | null };
  declared: { aspects: number | null; problems: number | null };
  counts: ProblemCounts;
  createdAt: string;
  version: number;
}

export interface InspectionDetail extends Inspection {
  aspects: Array<{
    id: number;
    position: number;
    number: string | null;
    title: string;
    problemCount: number;
  }>;
}

/** corpus/FORMAT.md: one problem of a parsed document. */
export interface ParsedDeadline {
  text: string;
  immediate: boolean;
  long_term: boolean;
  months: number | null;
}

export interface ParsedProblem {
  number: string | null;
  title: string;
  manifestations: string[];
  status: 'completed' | 'in_progress' | null;
  measures: string[];
  goal: string | null;
  leaders: string[];
  departments: string[];
  deadline: ParsedDeadline | null;
  children: ParsedProblem[];
}

export interface ParsedAspect {
  number: string | null;
  title: string;
  problems: ParsedProblem[];
}

export interface ParsedDocument {
  kind: 'plan' | 'progress_report' | 'feedback' | 'other';
  title: string | null;
  unit: string | null;
  inspection: {
    inspector: string | null;
    start: string | null;
    end: string | null;
    feedback_date: string | null;
  };
  issued_date: string | null;
  declared: { aspects: number | null; problems: number | null };
  contact: { phones: string[]; emails: string[]; address: string | null; postcode: string | null };
  aspects: ParsedAspect[];
  warnings?: string[];
}

export interface ImportDraft {
  draftId: number;
  inspectionId: number;
  fileName: string;
  sha256: string;
  status: string;
  createdAt: string;
  version: number;
  document: ParsedDocument;
  warnings: string[];
  sourceText: string;
}

export interface ImportCommitResult {
  draftId: number;
  inspectionId: number;
  status: 'committed';
  version: number;
  sourceDocumentId: number;
  counts: {
    aspects: number;
    problems: number;
    measures: number;
    manifestations: number;
    departmentsCreated: number;
    peopleCreated: number;
  };
}

export type InstitutionChange = 'new' | 'revised';

export interface Institution {
  id: number;
  inspectionId: number;
  unitId: number;
  name: string;
  change: InstitutionChange;
  adoptedOn: string | null;
  problemIds: number[];
  createdAt: string;
  version: number;
}

export type MeetingKind = 'party_group' | 'democratic_life' | 'leading_group' | 'mobilisation' | 'other';

export interface Meeting {
  id: number;
  inspectionId: number;
  unitId: number;
  kind: MeetingKind;
  heldOn: string;
  topic: string;
  problemIds: number[];
  version: number;
}

export type OutcomeKind =
  | 'funds_returned'
  | 'funds_recovered'
  | 'funds_saved'
  | 'people_reminded'
  | 'people_admonished'
  | 'people_accountable'
  | 'people_disciplined';

export interface Outcome {
  id: number;
  inspectionId: number;
  problemId: number | null;
  kind: OutcomeKind;
  amountYuan: number | null;
  peopleCount: number | null;
  note: string | null;
  recordedOn: string;
  version: number;
}
