// The JSON shapes of the look-back (回头看) API, as the web app reads them
// (src/modules/lookbacks/lookback.presenter.ts and lookback.service.ts).
import type { LedgerState } from './types.ts';

export type LookbackState = 'planned' | 'in_progress' | 'completed';
export type LookbackResult = 'holds' | 'rebound';

export interface ReboundTally {
  total: number;
  checked: number;
  holds: number;
  rebounds: number;
  /** rebounds ÷ checked; null while nothing is checked. */
  reboundRate: number | null;
}

export interface Lookback {
  id: number;
  inspectionId: number;
  unitId: number;
  plannedOn: string;
  state: LookbackState;
  isDue: boolean;
  scheduledAt: string;
  completedAt: string | null;
  summary: string | null;
  version: number;
  progress: ReboundTally;
}

export interface LookbackCheck {
  problemId: number;
  parentId: number | null;
  number: string | null;
  title: string;
  problemState: LedgerState;
  aspectId: number;
  aspectTitle: string;
  result: LookbackResult | null;
  note: string | null;
  checkedByName: string | null;
  checkedAt: string | null;
  version: number;
}

export interface LookbackDetail extends Lookback {
  checks: LookbackCheck[];
  aspects: Array<{ aspectId: number; aspectNumber: string | null; aspectTitle: string } & ReboundTally>;
}

export interface InspectionLookbacks {
  inspectionId: number;
  unitName: string;
  feedbackOn: string | null;
  defaultPlannedOn: string;
  lookbackMonths: number;
  canSchedule: boolean;
  lookbacks: Lookback[];
}

export interface ReboundRates {
  roundId: number | null;
  units: Array<{ unitId: number; unitName: string } & ReboundTally>;
  aspects: Array<{ aspectTitle: string } & ReboundTally>;
  totals: ReboundTally;
}
