/**
 * The official holiday and 调休 calendar, kept as data (data/official-calendar.json) so a new
 * year is a data update, not a code change.
 */
import fs from 'node:fs';
import { z } from 'zod';
import {
  createWorkingCalendar,
  type WorkingCalendar,
  type WorkingCalendarData,
} from './working-calendar.rules.ts';

const dayMap = z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.string());

export const OfficialCalendarFileSchema = z.object({
  version: z.string(),
  note: z.string().optional(),
  years: z.record(z.string().regex(/^\d{4}$/), z.object({ holidays: dayMap, adjustedWorkdays: dayMap })),
});

export type OfficialCalendarFile = z.infer<typeof OfficialCalendarFileSchema>;

const bundledCalendarUrl = new URL('./data/official-calendar.json', import.meta.url);

/** Flattens the file format into the calendar's data. */
export function toWorkingCalendarData(file: OfficialCalendarFile): WorkingCalendarData {
  const entries = Object.entries(file.years);
  return {
    years: entries.map(([year]) => Number(year)),
    holidays: entries.flatMap(([, year]) => Object.keys(year.holidays)),
    adjustedWorkdays: entries.flatMap(([, year]) => Object.keys(year.adjustedWorkdays)),
  };
}

/** Reads the calendar shipped with rectify. */
export function readBundledCalendarFile(): OfficialCalendarFile {
  return OfficialCalendarFileSchema.parse(JSON.parse(fs.readFileSync(bundledCalendarUrl, 'utf8')));
}

let bundledCalendar: WorkingCalendar | undefined;

/** The working calendar shipped with rectify (read once). */
export function getOfficialCalendar(): WorkingCalendar {
  bundledCalendar ??= createWorkingCalendar(toWorkingCalendarData(readBundledCalendarFile()));
  return bundledCalendar;
}
