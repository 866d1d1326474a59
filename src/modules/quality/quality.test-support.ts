/**
 * A generated demo data set in which rectify's tests control every text and date that quality
 * checks look at, with planted duplicates and timing anomalies.
 *
 * The generator's own texts come from templates, so its plans are full of genuine repeats
 * (the same slogan in many units). To find exactly the planted cases, every measure, closing
 * statement, evidence description and evidence file is first replaced by a unique random string of
 * common characters (two such strings share almost no bigram), and dates are normalised so that no
 * timing check fires: evidence is dated on the day work started, every applied item carries one
 * file, and closed items are due 20 days after closing. Then the plants are written on top.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type Backend, type TestDatabase } from '../../../test/support/databases.ts';
import type { ParsedProblem } from '../../parse/parsed-document.schema.ts';
import { createFileStore } from '../../storage/file-store.ts';
import { createFixedClock } from '../common/clock.ts';
import { defaultDeadlinePolicy } from '../deadlines/deadline.rules.ts';
import { getOfficialCalendar } from '../deadlines/official-calendar.ts';
import { createDemoLoader } from '../demo/demo-loader.ts';
import { listProblemIdsInDocumentOrder } from '../ledger/ledger.repository.ts';
import type { DemoDataset, DemoInspection } from '../demo/demo-dataset.ts';
import { generateDemoDataset } from '../demo/demo-generator.ts';
import { createSeededRandom } from '../demo/seeded-random.ts';

export const QUALITY_TODAY = '2026-11-20';

/** A problem of the data set: the inspection's index in `inspections` and the problem's flattened index. */
export interface PlantedSide {
  inspection: number;
  problem: number;
}

export interface PlantedDuplicate {
  kind: 'measure' | 'statement' | 'evidence_description' | 'evidence_file';
  scope: 'same_unit' | 'cross_unit' | 'earlier_round';
  sides: [PlantedSide, PlantedSide];
}

export interface PlantedTiming {
  kind: 'evidence_after_close' | 'evidence_before_feedback' | 'closing_burst' | 'closed_without_evidence';
  sides: PlantedSide[];
}

export interface PlantedDataset {
  dataset: DemoDataset;
  duplicates: PlantedDuplicate[];
  timings: PlantedTiming[];
}

const commonCharacters =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质';

function uniqueText(random: ReturnType<typeof createSeededRandom>, length = 28): string {
  let text = '';
  for (let index = 0; index < length; index++) {
    text += commonCharacters[random.int(0, commonCharacters.length - 1)];
  }
  return text;
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The plan's problems in the loader's order: aspects, then each problem before its children. */
export function flattenProblems(inspection: DemoInspection): ParsedProblem[] {
  const flat: ParsedProblem[] = [];
  const visit = (problem: ParsedProblem) => {
    flat.push(problem);
    problem.children.forEach(visit);
  };
  inspection.plan.aspects.forEach((aspect) => aspect.problems.forEach(visit));
  return flat;
}

function controlTexts(dataset: DemoDataset, seed: number): void {
  const random = createSeededRandom(seed);
  for (const inspection of dataset.inspections) {
    for (const problem of flattenProblems(inspection)) {
      problem.measures = problem.measures.map(() => uniqueText(random));
    }
    for (const progress of inspection.progress) {
      if (progress.statement !== null) progress.statement = uniqueText(random);
      if (progress.appliedOn !== null && progress.evidence.length === 0) {
        progress.evidence.push({
          fileName: '整改说明.pdf',
          mediaType: 'application/pdf',
          content: '',
          description: '',
          effectiveOn: '',
        });
      }
      for (const evidence of progress.evidence) {
        evidence.content = uniqueText(random, 60);
        evidence.description = uniqueText(random);
        evidence.effectiveOn = progress.startedOn ?? inspection.feedbackDate;
      }
      if (progress.state === 'closed' && progress.closedOn && progress.deadlineOn) {
        progress.deadlineOn = addDays(progress.closedOn, 20);
      }
    }
  }
}

/** Top-level problems without sub-items, in a given state, as flattened indexes. */
function plainProblems(inspection: DemoInspection, states: readonly string[]): number[] {
  const flat = flattenProblems(inspection);
  const children = new Set(flat.flatMap((problem) => problem.children));
  return flat.flatMap((problem, index) =>
    !children.has(problem) &&
    problem.children.length === 0 &&
    problem.measures.length >= 2 &&
    states.includes(inspection.progress[index]!.state)
      ? [index]
      : [],
  );
}

/** Changes one character in the middle: Jaccard of bigrams stays ≥ 0.8 for a 28-character text. */
const nearCopy = (text: string) => `${text.slice(0, 14)}甲${text.slice(15)}`;

/**
 * Four units' plans (3 rounds) plus a second, earlier inspection of unit 0, with every quality
 * signal planted once: duplicates of each kind and scope, and each timing anomaly.
 */
export function buildPlantedDataset(): PlantedDataset {
  const dataset = generateDemoDataset({
    units: 4,
    problemsPerUnit: 12,
    measuresPerProblem: 3,
    seed: 7,
    today: QUALITY_TODAY,
  });
  // Unit 0 inspected again in an earlier round: a copy of unit 3's older inspection.
  const first = dataset.inspections[0]!;
  const older = structuredClone(
    dataset.inspections.find((inspection) => inspection.roundIndex < first.roundIndex)!,
  );
  older.unitIndex = first.unitIndex;
  dataset.inspections.push(older);
  controlTexts(dataset, 99);

  // Unit A is the first (it has the earlier round); C, with the burst, is the other unit with the
  // most closed items; B and D are the remaining two.
  const closedCount = (index: number) => plainProblems(dataset.inspections[index]!, ['closed']).length;
  const [cIndex, bIndex, dIndex] = [1, 2, 3].sort(
    (left, right) => closedCount(right) - closedCount(left),
  ) as [number, number, number];
  const a = dataset.inspections[0]!;
  const b = dataset.inspections[bIndex]!;
  const c = dataset.inspections[cIndex]!;
  const d = dataset.inspections[dIndex]!;
  const aClosed = plainProblems(a, ['closed']);
  const bApplied = plainProblems(b, ['closed', 'pending_review']);
  const cClosed = plainProblems(c, ['closed']);
  const dClosed = plainProblems(d, ['closed']);
  const olderPlain = plainProblems(older, ['closed', 'pending_review', 'in_progress']);
  const needs = [aClosed.length >= 4, bApplied.length >= 3, cClosed.length >= 5, dClosed.length >= 2];
  if (needs.includes(false)) throw new Error(`planted data set lacks problems: ${JSON.stringify(needs)}`);
  const problemOf = (inspection: DemoInspection, index: number) => flattenProblems(inspection)[index]!;
  const progressOf = (inspection: DemoInspection, index: number) => inspection.progress[index]!;
  const olderIndex = dataset.inspections.length - 1;

  const duplicates: PlantedDuplicate[] = [];
  // Measures: within unit A (near copy), A ↔ C (exact, punctuation differs), A ↔ A's earlier round.
  problemOf(a, aClosed[1]!).measures[1] = nearCopy(problemOf(a, aClosed[0]!).measures[0]!);
  duplicates.push({
    kind: 'measure',
    scope: 'same_unit',
    sides: [
      { inspection: 0, problem: aClosed[0]! },
      { inspection: 0, problem: aClosed[1]! },
    ],
  });
  problemOf(c, cClosed[0]!).measures[1] = `${problemOf(a, aClosed[2]!).measures[0]!}。`;
  duplicates.push({
    kind: 'measure',
    scope: 'cross_unit',
    sides: [
      { inspection: 0, problem: aClosed[2]! },
      { inspection: cIndex, problem: cClosed[0]! },
    ],
  });
  problemOf(a, aClosed[3]!).measures[0] = nearCopy(problemOf(older, olderPlain[0]!).measures[1]!);
  duplicates.push({
    kind: 'measure',
    scope: 'earlier_round',
    sides: [
      { inspection: 0, problem: aClosed[3]! },
      { inspection: olderIndex, problem: olderPlain[0]! },
    ],
  });
  // Closing statements: B ↔ D identical.
  progressOf(d, dClosed[0]!).statement = progressOf(b, bApplied[0]!).statement;
  duplicates.push({
    kind: 'statement',
    scope: 'cross_unit',
    sides: [
      { inspection: bIndex, problem: bApplied[0]! },
      { inspection: dIndex, problem: dClosed[0]! },
    ],
  });
  // Evidence descriptions: two problems of unit C, near copy.
  progressOf(c, cClosed[2]!).evidence[0]!.description = nearCopy(
    progressOf(c, cClosed[1]!).evidence[0]!.description,
  );
  duplicates.push({
    kind: 'evidence_description',
    scope: 'same_unit',
    sides: [
      { inspection: cIndex, problem: cClosed[1]! },
      { inspection: cIndex, problem: cClosed[2]! },
    ],
  });
  // The same file (same bytes, another name) for unrelated problems of B and C.
  const reused = progressOf(c, cClosed[3]!).evidence[0]!;
  reused.content = progressOf(b, bApplied[1]!).evidence[0]!.content;
  reused.fileName = '另存的佐证.pdf';
  duplicates.push({
    kind: 'evidence_file',
    scope: 'cross_unit',
    sides: [
      { inspection: bIndex, problem: bApplied[1]! },
      { inspection: cIndex, problem: cClosed[3]! },
    ],
  });

  const timings: PlantedTiming[] = [];
  // Evidence dated after the item was closed (paperwork made afterwards).
  const backdated = progressOf(a, aClosed[0]!);
  backdated.evidence[0]!.effectiveOn = addDays(backdated.closedOn!, 5);
  timings.push({ kind: 'evidence_after_close', sides: [{ inspection: 0, problem: aClosed[0]! }] });
  // Evidence dated before the feedback (cannot be this rectification's).
  progressOf(b, bApplied[2]!).evidence[0]!.effectiveOn = addDays(b.feedbackDate, -10);
  timings.push({ kind: 'evidence_before_feedback', sides: [{ inspection: bIndex, problem: bApplied[2]! }] });
  // A closing burst in unit C: five items closed the day before their deadline.
  const burst = cClosed.slice(0, 5);
  for (const index of burst) {
    const progress = progressOf(c, index);
    progress.deadlineOn = addDays(progress.closedOn!, 1);
  }
  timings.push({ kind: 'closing_burst', sides: burst.map((problem) => ({ inspection: cIndex, problem })) });
  // Closed in unit D without any evidence since it was opened.
  progressOf(d, dClosed[1]!).evidence = [];
  timings.push({ kind: 'closed_without_evidence', sides: [{ inspection: dIndex, problem: dClosed[1]! }] });

  return { dataset, duplicates, timings };
}

/** Loads the planted data set into a fresh database through the demo loader. */
export async function loadPlantedDatabase(backend: Backend): Promise<PlantedDatabase> {
  const planted = buildPlantedDataset();
  const database = await createTestDatabase(backend);
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-quality-files-'));
  const loader = createDemoLoader({
    db: database.db,
    clock: createFixedClock(`${QUALITY_TODAY}T02:00:00.000Z`),
    fileStore: createFileStore(filesDir),
    calendar: getOfficialCalendar(),
    deadlinePolicy: defaultDeadlinePolicy,
  });
  const summary = await loader.loadDemo(planted.dataset);
  const inspections = await database.db
    .selectFrom('inspections')
    .select('id')
    .where('office_id', '=', summary.officeId)
    .orderBy('id')
    .execute();
  const problemIds: number[][] = [];
  for (const inspection of inspections) {
    problemIds.push(await listProblemIdsInDocumentOrder(database.db, inspection.id));
  }
  return {
    ...planted,
    database,
    officeId: summary.officeId,
    inspectionIds: inspections.map((inspection) => inspection.id),
    problemIdOf: (side) => problemIds[side.inspection]![side.problem]!,
    async dispose() {
      await database.dispose();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

export interface PlantedDatabase extends PlantedDataset {
  database: TestDatabase;
  officeId: number;
  /** Inspection ids in data set order. */
  inspectionIds: number[];
  problemIdOf(side: PlantedSide): number;
  dispose(): Promise<void>;
}
