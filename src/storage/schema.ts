/**
 * The database tables as Kysely types: the single source of column names and types for every
 * repository. Dates are `YYYY-MM-DD` strings, timestamps ISO-8601 UTC strings, booleans 0/1
 * integers and money integer fen — the same values on SQLite and PostgreSQL, so queries and
 * results never differ between the two backends.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** An integer 0/1 flag (SQLite has no boolean; PostgreSQL stores the same integers). */
export type Flag = 0 | 1;

type Id = Generated<number>;

/** Every mutable row carries `version` for optimistic locking; updates bump it. */

export type LedgerState = 'draft' | 'in_progress' | 'pending_review' | 'closed';
export type Role = 'admin' | 'office' | 'unit_office' | 'department' | 'leader' | 'observer';
/** `unspecified`: the text names no deadline rectify can read (e.g. a redacted "*个月内"). */
export type DeadlineKind = 'date' | 'immediate' | 'within' | 'long_term' | 'unspecified';
export type DocumentKind = 'plan' | 'progress_report' | 'feedback' | 'other';
export type InstitutionChange = 'new' | 'revised';
export type MeetingKind = 'party_group' | 'democratic_life' | 'leading_group' | 'mobilisation' | 'other';
export type OutcomeKind =
  | 'funds_returned'
  | 'funds_recovered'
  | 'funds_saved'
  | 'people_reminded'
  | 'people_admonished'
  | 'people_accountable'
  | 'people_disciplined';
export type AssignmentRole = 'leader' | 'department' | 'person';
export type FeedbackStatus = 'received' | 'assigned' | 'replied' | 'closed';
/** `flag`: the observer's (纪检监察) mark that a problem needs attention; otherwise a plain comment. */
export type CommentKind = 'comment' | 'flag';

export interface OfficesTable {
  id: Id;
  name: string;
  region: string;
  created_at: string;
}

export interface UsersTable {
  id: Id;
  office_id: number | null;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  is_active: ColumnType<Flag, Flag | undefined, Flag>;
  created_at: string;
  version: ColumnType<number, number | undefined, number>;
  /** The directory's department (RECTIFY_LDAP_DEPARTMENT_ATTRIBUTE); null for local accounts. */
  department: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UserScopesTable {
  id: Id;
  office_id: number;
  user_id: number;
  unit_id: number;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  office_id: number | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export type LoginFailureKeyKind = 'username' | 'address';

/** A failed login, counted by the throttle per username and per client address. */
export interface LoginFailuresTable {
  id: Id;
  key_kind: LoginFailureKeyKind;
  key: string;
  failed_at: string;
}

export interface InspectionRoundsTable {
  id: Id;
  office_id: number;
  name: string;
  year: number;
  started_on: string | null;
  ended_on: string | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface InspectionGroupsTable {
  id: Id;
  office_id: number;
  name: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface UnitsTable {
  id: Id;
  office_id: number;
  name: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface DepartmentsTable {
  id: Id;
  office_id: number;
  unit_id: number;
  name: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface PeopleTable {
  id: Id;
  office_id: number;
  unit_id: number;
  name: string;
  title: string | null;
  department_id: number | null;
  is_leader: ColumnType<Flag, Flag | undefined, Flag>;
  version: ColumnType<number, number | undefined, number>;
}

export interface InspectionsTable {
  id: Id;
  office_id: number;
  round_id: number;
  unit_id: number;
  group_id: number | null;
  period_start: string | null;
  period_end: string | null;
  feedback_on: string | null;
  plan_due_on: string | null;
  report_due_on: string | null;
  concentrated_until: string | null;
  declared_aspects: number | null;
  declared_problems: number | null;
  created_at: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface SourceDocumentsTable {
  id: Id;
  office_id: number;
  inspection_id: number;
  kind: DocumentKind;
  title: string | null;
  file_name: string | null;
  sha256: string;
  issued_on: string | null;
  parsed_json: string;
  imported_at: string;
  imported_by: number | null;
}

export type ImportDraftStatus = 'draft' | 'committed' | 'discarded';

/** A parsed document waiting in the import wizard; nothing reaches the ledger before commit. */
export interface ImportDraftsTable {
  id: Id;
  office_id: number;
  inspection_id: number;
  created_by: number | null;
  created_at: string;
  file_name: string;
  sha256: string;
  /** The plain text the parser saw, shown beside the tree in the wizard. */
  source_text: string;
  parsed_json: string;
  status: ColumnType<ImportDraftStatus, ImportDraftStatus | undefined, ImportDraftStatus>;
  version: ColumnType<number, number | undefined, number>;
}

export interface AspectsTable {
  id: Id;
  office_id: number;
  inspection_id: number;
  position: number;
  number: string | null;
  title: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface DeadlinesTable {
  id: Id;
  office_id: number;
  kind: DeadlineKind;
  text: string | null;
  due_on: string | null;
  months: number | null;
  checkin_interval_days: number | null;
  version: ColumnType<number, number | undefined, number>;
  /** A working-day count and the day it runs from, kept while the day cannot be counted yet. */
  working_days: ColumnType<number | null, number | null | undefined, number | null>;
  counted_from: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set while pending: the year the official calendar lacks; the day follows its import. */
  awaits_calendar_year: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ProblemsTable {
  id: Id;
  office_id: number;
  inspection_id: number;
  aspect_id: number;
  parent_id: number | null;
  position: number;
  number: string | null;
  title: string;
  goal: string | null;
  state: ColumnType<LedgerState, LedgerState | undefined, LedgerState>;
  is_long_term: ColumnType<Flag, Flag | undefined, Flag>;
  deadline_id: number | null;
  rebound_count: ColumnType<number, number | undefined, number>;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface ProblemManifestationsTable {
  id: Id;
  office_id: number;
  problem_id: number;
  position: number;
  text: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface MeasuresTable {
  id: Id;
  office_id: number;
  problem_id: number;
  position: number;
  text: string;
  deadline_id: number | null;
  is_done: ColumnType<Flag, Flag | undefined, Flag>;
  done_on: string | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface AssignmentsTable {
  id: Id;
  office_id: number;
  problem_id: number;
  measure_id: number | null;
  role: AssignmentRole;
  person_id: number | null;
  department_id: number | null;
}

export interface StateTransitionsTable {
  id: Id;
  office_id: number;
  problem_id: number;
  from_state: LedgerState;
  to_state: LedgerState;
  actor_user_id: number | null;
  at: string;
  reason: string | null;
  statement: string | null;
}

export interface EvidenceTable {
  id: Id;
  office_id: number;
  problem_id: number;
  measure_id: number | null;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  description: string | null;
  effective_on: string | null;
  uploaded_by: number | null;
  uploaded_at: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface TransitionEvidenceTable {
  transition_id: number;
  evidence_id: number;
  office_id: number;
}

export interface InstitutionsTable {
  id: Id;
  office_id: number;
  unit_id: number;
  inspection_id: number | null;
  name: string;
  change: InstitutionChange;
  adopted_on: string | null;
  created_at: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface InstitutionProblemsTable {
  institution_id: number;
  problem_id: number;
  office_id: number;
}

export interface MeetingsTable {
  id: Id;
  office_id: number;
  unit_id: number;
  inspection_id: number | null;
  kind: MeetingKind;
  held_on: string;
  topic: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface MeetingProblemsTable {
  meeting_id: number;
  problem_id: number;
  office_id: number;
}

export interface OutcomesTable {
  id: Id;
  office_id: number;
  inspection_id: number;
  problem_id: number | null;
  kind: OutcomeKind;
  amount_fen: number | null;
  people_count: number | null;
  note: string | null;
  recorded_on: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface CommentsTable {
  id: Id;
  office_id: number;
  problem_id: number;
  author_user_id: number;
  kind: ColumnType<CommentKind, CommentKind | undefined, CommentKind>;
  body: string;
  created_at: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface PublicReportsTable {
  id: Id;
  office_id: number;
  inspection_id: number;
  version: number;
  title: string;
  published_at: string;
  published_by: number | null;
  snapshot_json: string;
  content_sha256: string;
}

export interface PublicFeedbackTable {
  id: Id;
  office_id: number;
  reference: string;
  public_report_id: number | null;
  problem_id: number | null;
  content: string;
  sender_name: string | null;
  sender_contact: string | null;
  status: ColumnType<FeedbackStatus, FeedbackStatus | undefined, FeedbackStatus>;
  received_at: string;
  reply: string | null;
  replied_at: string | null;
  is_reply_published: ColumnType<Flag, Flag | undefined, Flag>;
  version: ColumnType<number, number | undefined, number>;
  assigned_unit_id: number | null;
  assigned_at: string | null;
  closed_at: string | null;
  /** Staff's internal note; never shown to the public. */
  triage_note: string | null;
  attachment_file_name: string | null;
  attachment_media_type: string | null;
  attachment_size_bytes: number | null;
  attachment_sha256: string | null;
  attachment_storage_key: string | null;
}

/** Accepted public submissions per hashed client address, for the rate limit (migration 0010). */
export interface PublicSubmissionsTable {
  id: Id;
  address_key: string;
  at: string;
}

export interface EventsTable {
  id: Id;
  office_id: number | null;
  at: string;
  actor_user_id: number | null;
  entity_type: string;
  entity_id: number | null;
  action: string;
  data_json: string;
  prev_hash: string;
  hash: string;
}

export interface ProblemSearchTable {
  problem_id: number;
  office_id: number;
  text: string;
  source_version: number;
  source_updated_at: string;
}

export type SearchField = 'title' | 'manifestation' | 'measure' | 'comment';

/** One posting of the full-text index: a character bigram (as an integer) in a problem's field. */
export interface SearchTermsTable {
  office_id: number;
  term: number;
  problem_id: number;
  field: SearchField;
  weight: number;
}

/** The problem version and update time a problem's postings were built from. */
export interface SearchDocumentsTable {
  problem_id: number;
  office_id: number;
  source_version: number;
  source_updated_at: string;
}

/** The newest event and comment ids of an office that the search index has taken into account. */
export interface SearchIndexMarksTable {
  office_id: number;
  through_event_id: number;
  through_comment_id: number;
}

export interface AppSettingsTable {
  key: string;
  value: string;
}

export interface OfficialCalendarYearsTable {
  year: number;
  /** `{ "YYYY-MM-DD": "name" }` of the year's public holidays. */
  holidays_json: string;
  /** `{ "YYYY-MM-DD": "name" }` of the year's adjusted working days (调休). */
  adjusted_workdays_json: string;
  source_version: string;
  imported_at: string;
}

/** An office's supervision policy; an office without a row uses the defaults from practice. */
export interface OfficePoliciesTable {
  office_id: number;
  plan_due_months: number;
  report_due_months: number;
  concentrated_months: number;
  lookback_months: number;
  immediate_working_days: number;
  long_term_checkin_days: number;
  stale_review_working_days: number;
  /** JSON array of days before a due day that remind, e.g. `[7,3]`. */
  due_soon_days_json: string;
  /** JSON array of days overdue that escalate, e.g. `[0,7,15]`. */
  escalation_days_json: string;
  /** JSON array of notification kinds the office does not supervise by (0014). */
  muted_kinds_json: ColumnType<string, string | undefined, string>;
  updated_by: number | null;
  updated_at: string;
  version: ColumnType<number, number | undefined, number>;
}

export type SupervisionNoticeState = 'issued' | 'replied' | 'closed';

/** 督办单: the office's notice on an item or a unit, with a required reply date. */
export interface SupervisionNoticesTable {
  id: Id;
  office_id: number;
  unit_id: number;
  problem_id: number | null;
  title: string;
  content: string;
  reply_by: string;
  state: ColumnType<SupervisionNoticeState, SupervisionNoticeState | undefined, SupervisionNoticeState>;
  issued_by: number | null;
  issued_at: string;
  reply_text: string | null;
  replied_by: number | null;
  replied_at: string | null;
  closed_by: number | null;
  closed_at: string | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface SupervisionNoticeEvidenceTable {
  notice_id: number;
  evidence_id: number;
  office_id: number;
}

export type SupervisionSubjectType = 'problem' | 'inspection' | 'notice';

/** One firing of a supervision rule: unique per subject × rule × day, the idempotency key. */
export interface SupervisionFiringsTable {
  id: Id;
  office_id: number;
  subject_type: SupervisionSubjectType;
  subject_id: number;
  unit_id: number;
  rule: string;
  /** The day the rule is for (its key day), not necessarily the day the engine ran. */
  fired_on: string;
  run_on: string;
  created_at: string;
}

export interface NotificationsTable {
  id: Id;
  office_id: number;
  firing_id: number;
  recipient_user_id: number;
  rule: string;
  problem_id: number | null;
  inspection_id: number | null;
  notice_id: number | null;
  title: string;
  body: string;
  created_at: string;
  read_at: string | null;
}

/** An office's unit-grade weights (JSON of indicator → weight); no row: the defaults. */
export interface QualityWeightsTable {
  office_id: number;
  weights_json: string;
  updated_by: number | null;
  updated_at: string;
  version: ColumnType<number, number | undefined, number>;
}

/** Text read out of an evidence document at upload (migration 0015). */
export interface EvidenceTextsTable {
  evidence_id: number;
  office_id: number;
  text: string;
  /** The 落款 found in the text, and as written. */
  signed_on: string | null;
  signed_written: string | null;
  /** The latest day the text mentions, and as written. */
  latest_on: string | null;
  latest_written: string | null;
  extracted_at: string;
}

export type RobotKind = 'wecom' | 'dingtalk' | 'feishu' | 'webhook';
export type DeliveryChannel = 'email' | RobotKind;
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** A group robot or webhook an office's notifications are posted to. */
export interface OfficeRobotsTable {
  id: Id;
  office_id: number;
  kind: RobotKind;
  name: string;
  url: string;
  /** The signing secret (DingTalk, Feishu; HMAC header of the generic webhook), if any. */
  secret: string | null;
  is_enabled: ColumnType<Flag, Flag | undefined, Flag>;
  created_at: string;
  /** JSON array of notification kinds this robot does not receive (0014). */
  muted_kinds_json: ColumnType<string, string | undefined, string>;
  version: ColumnType<number, number | undefined, number>;
}

/** A user's channel choice: in-app always; e-mail when opted in. */
export interface UserNotificationSettingsTable {
  user_id: number;
  email: string | null;
  email_enabled: ColumnType<Flag, Flag | undefined, Flag>;
  updated_at: string;
  /** JSON array of notification kinds the user does not want by e-mail (0014). */
  muted_kinds_json: ColumnType<string, string | undefined, string>;
  version: ColumnType<number, number | undefined, number>;
}

/** The outbox: one notification to one channel target, unique by `delivery_key`. */
export interface NotificationDeliveriesTable {
  id: Id;
  office_id: number;
  notification_id: number;
  channel: DeliveryChannel;
  robot_id: number | null;
  /** The e-mail address, or `robot:<id>` (secrets stay in office_robots). */
  target: string;
  delivery_key: string;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface NotificationDeliveryAttemptsTable {
  id: Id;
  delivery_id: number;
  attempt: number;
  at: string;
  is_success: Flag;
  error: string | null;
}

export type LookbackState = 'planned' | 'in_progress' | 'completed';
/** A look-back check's finding: the rectification holds, or the problem has rebounded (反弹). */
export type LookbackResult = 'holds' | 'rebound';

/** 回头看: a look-back of an inspection's closed items, planned some months after feedback. */
export interface LookbacksTable {
  id: Id;
  office_id: number;
  inspection_id: number;
  planned_on: string;
  state: ColumnType<LookbackState, LookbackState | undefined, LookbackState>;
  scheduled_by: number | null;
  scheduled_at: string;
  completed_at: string | null;
  completed_by: number | null;
  summary: string | null;
  version: ColumnType<number, number | undefined, number>;
}

/** One closed item to check in a look-back; `result` null until checked. */
export interface LookbackChecksTable {
  id: Id;
  office_id: number;
  lookback_id: number;
  problem_id: number;
  position: number;
  result: LookbackResult | null;
  note: string | null;
  checked_by: number | null;
  checked_at: string | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface Tables {
  offices: OfficesTable;
  users: UsersTable;
  user_scopes: UserScopesTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  inspection_rounds: InspectionRoundsTable;
  inspection_groups: InspectionGroupsTable;
  units: UnitsTable;
  departments: DepartmentsTable;
  people: PeopleTable;
  inspections: InspectionsTable;
  source_documents: SourceDocumentsTable;
  import_drafts: ImportDraftsTable;
  aspects: AspectsTable;
  deadlines: DeadlinesTable;
  problems: ProblemsTable;
  problem_manifestations: ProblemManifestationsTable;
  measures: MeasuresTable;
  assignments: AssignmentsTable;
  state_transitions: StateTransitionsTable;
  evidence: EvidenceTable;
  transition_evidence: TransitionEvidenceTable;
  institutions: InstitutionsTable;
  institution_problems: InstitutionProblemsTable;
  meetings: MeetingsTable;
  meeting_problems: MeetingProblemsTable;
  outcomes: OutcomesTable;
  comments: CommentsTable;
  public_reports: PublicReportsTable;
  public_feedback: PublicFeedbackTable;
  public_submissions: PublicSubmissionsTable;
  events: EventsTable;
  app_settings: AppSettingsTable;
  problem_search: ProblemSearchTable;
  official_calendar_years: OfficialCalendarYearsTable;
  office_policies: OfficePoliciesTable;
  supervision_notices: SupervisionNoticesTable;
  supervision_notice_evidence: SupervisionNoticeEvidenceTable;
  supervision_firings: SupervisionFiringsTable;
  notifications: NotificationsTable;
  quality_weights: QualityWeightsTable;
  evidence_texts: EvidenceTextsTable;
  office_robots: OfficeRobotsTable;
  user_notification_settings: UserNotificationSettingsTable;
  notification_deliveries: NotificationDeliveriesTable;
  notification_delivery_attempts: NotificationDeliveryAttemptsTable;
  lookbacks: LookbacksTable;
  lookback_checks: LookbackChecksTable;
  search_terms: SearchTermsTable;
  search_documents: SearchDocumentsTable;
  search_index_marks: SearchIndexMarksTable;
}

export type ProblemRow = Selectable<ProblemsTable>;
export type NewProblem = Insertable<ProblemsTable>;
