// Calendar-day helpers for the UI: today in Asia/Shanghai and days left to a deadline.

/** Today's date (YYYY-MM-DD) in Asia/Shanghai, whatever the browser's zone. */
export function todayInShanghai(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from today to the due day (negative when overdue). */
export function daysUntil(dueOn: string, today = todayInShanghai()): number {
  return Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
