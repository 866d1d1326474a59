// The JSON shapes the rectify API returns, as the web app reads them.

export type Role = 'admin' | 'office' | 'unit_office' | 'department' | 'leader' | 'observer';
export type LedgerState = 'draft' | 'in_progress' | 'pending_review' | 'closed';

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  roleName: string;
  officeId: number | null;
  /** The directory's department of a directory (LDAP) account; null for local accounts. */
  department: string | null;
  unitIds: number[];
  isActive: boolean;
}

export interface LedgerRow {
  id: number;
  inspectionId: number;
  unitId: number;
  unitName: string;
  aspectId: number;
  aspectTitle: string;
  parentId: number | null;
  number: string | null;
  title: string;
  state: LedgerState;
  isLongTerm: boolean;
  isOverdue: boolean;
  dueOn: string | null;
  deadlineText: string | null;
  /** Set while the due day waits for this year's official calendar. */
  deadlineAwaitsCalendarYear: number | null;
  leaders: string[];
  departments: string[];
  people: string[];
  measureCount: number;
  evidenceCount: number;
  reboundCount: number;
  updatedAt: string;
  version: number;
}

export interface LedgerPage {
  items: LedgerRow[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ApiErrorBody {
  error: { code: string; message: string; where?: string };
}

/** A user as account management sees it: with the version every change must name. */
export interface ManagedUser extends UserView {
  createdAt: string;
  version: number;
}

/** A row of the account list (GET /api/users): also the login lockout and the live sessions. */
export interface ListedUser extends ManagedUser {
  isLocked: boolean;
  activeSessions: number;
}

/** An office with its units, for choosing an account's office and unit scope. */
export interface OfficeWithUnits {
  id: number;
  name: string;
  region: string;
  units: { id: number; name: string }[];
}
