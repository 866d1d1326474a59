/**
 * The organisation half of the demo data set, built up front: the inspection office (an
 * invented city), its inspection groups and rounds, and the inspected units with their
 * departments and people. Inspections are generated afterwards, one at a time, from this.
 */
import { addMonths, toCivil, toIsoDate } from './demo-calendar.ts';
import type { DemoPerson, DemoRound, DemoUnit } from './demo-dataset.ts';
import type { DepartmentRole } from './demo-topics.ts';
import {
  bureauKinds,
  givenNameCharacters,
  placeNameHeads,
  placeNameTails,
  surnames,
  type BureauKind,
} from './demo-vocabulary.ts';
import { toChineseNumeral } from './chinese-numeral.ts';
import { createSeededRandom, deriveSeed, type SeededRandom } from './seeded-random.ts';

/** Stream keys for deriveSeed, so each part of the data set draws from its own stream. */
export const streamKeys = { organisation: 0, unit: 1, inspection: 2, county: 3 } as const;

/** A unit leader and the departments he oversees (分管). */
export interface UnitLeader {
  person: DemoPerson;
  departments: string[];
}

/** A unit with what the plan builder needs beyond DemoUnit: who heads what, and its kind. */
export interface UnitProfile {
  unit: DemoUnit;
  bureau: BureauKind;
  /** How documents of the unit begin their own name: "县住建局" in "县住建局差旅费管理办法". */
  documentPrefix: string;
  /** "全局", "全中心": the whole unit, as sentences say it. */
  wholeUnit: string;
  departmentsByRole: Record<DepartmentRole, string[]>;
  /** The party secretary, first responsible for the rectification. */
  head: DemoPerson;
  deputies: UnitLeader[];
  /** Head of each department, by department name. */
  departmentHeads: Map<string, DemoPerson>;
  /** Other staff of each department, by department name. */
  departmentStaff: Map<string, DemoPerson[]>;
}

/** Where one unit's inspection sits: in which round and by which group. */
export interface InspectionSlot {
  roundIndex: number;
  groupIndex: number;
}

export interface DemoOrganisation {
  office: { name: string; region: string };
  rounds: DemoRound[];
  groups: string[];
  profiles: UnitProfile[];
  slots: InspectionSlot[];
}

/** Days from the end of the latest round's inspection period back from "today". */
const latestRoundEndDaysBeforeToday = 130;

/** Invents distinct two-character place names (three characters once two run out). */
function inventPlaceNames(random: SeededRandom, count: number, taken: Set<string>): string[] {
  const names: string[] = [];
  while (names.length < count) {
    let name = random.pick(placeNameHeads) + random.pick(placeNameTails);
    if (taken.has(name)) name += random.pick(placeNameTails);
    if (taken.has(name) || name[0] === name[1]) continue;
    taken.add(name);
    names.push(name);
  }
  return names;
}

function inventPersonName(random: SeededRandom, taken: Set<string>): string {
  for (;;) {
    const given = random.chance(0.3)
      ? random.pick(givenNameCharacters)
      : random.pick(givenNameCharacters) + random.pick(givenNameCharacters);
    const name = random.pick(surnames) + given;
    if (!taken.has(name) && given[0] !== given[1]) {
      taken.add(name);
      return name;
    }
  }
}

function departmentHeadTitle(department: string): string {
  return department.endsWith('股') ? `${department}股长` : `${department}主任`;
}

/** Builds one unit: departments, leaders with the departments they oversee, and staff. */
function buildUnitProfile(random: SeededRandom, countyName: string, bureau: BureauKind): UnitProfile {
  const suffix = bureau.departmentSuffix;
  const businessDepartments = random.sample(bureau.businessDepartments, random.int(2, 3));
  const departmentsByRole: Record<DepartmentRole, string[]> = {
    office: ['办公室'],
    party: ['党建办'],
    finance: [`财务${suffix}`],
    personnel: [`人事${suffix}`],
    business: businessDepartments,
  };
  const departments = ['办公室', '党建办', `财务${suffix}`, `人事${suffix}`, ...businessDepartments];

  const takenNames = new Set<string>();
  const leaderPerson = (title: string): DemoPerson => ({
    name: inventPersonName(random, takenNames),
    title,
    department: null,
    isLeader: true,
  });
  const head = leaderPerson(`党组书记、${bureau.headTitle}`);
  const deputyCount = random.int(2, 3);
  const deputies: UnitLeader[] = [];
  for (let i = 0; i < deputyCount; i++) {
    deputies.push({ person: leaderPerson(`党组成员、副${bureau.headTitle}`), departments: [] });
  }
  const disciplineLeader = leaderPerson('党组成员、纪检组长');
  // The first deputy oversees party building; the rest of the departments go round the deputies.
  departments.forEach((department, index) => {
    const deputy = department === '党建办' ? deputies[0] : deputies[index % deputyCount];
    deputy?.departments.push(department);
  });

  const departmentHeads = new Map<string, DemoPerson>();
  const departmentStaff = new Map<string, DemoPerson[]>();
  const people: DemoPerson[] = [head, ...deputies.map((deputy) => deputy.person), disciplineLeader];
  for (const department of departments) {
    const departmentHead: DemoPerson = {
      name: inventPersonName(random, takenNames),
      title: departmentHeadTitle(department),
      department,
      isLeader: false,
    };
    const staff: DemoPerson[] = [];
    const staffCount = random.int(1, 2);
    for (let i = 0; i < staffCount; i++) {
      staff.push({
        name: inventPersonName(random, takenNames),
        title: random.pick(['科员', '科员', '干事', suffix === '股' ? '副股长' : '副主任']),
        department,
        isLeader: false,
      });
    }
    departmentHeads.set(department, departmentHead);
    departmentStaff.set(department, staff);
    people.push(departmentHead, ...staff);
  }

  const wholeUnit = bureau.shortName.endsWith('中心')
    ? '全中心'
    : bureau.shortName.endsWith('社')
      ? '全社'
      : '全局';
  return {
    unit: { name: `${countyName}县${bureau.name}党组`, departments, people },
    bureau,
    documentPrefix: `县${bureau.shortName}`,
    wholeUnit,
    departmentsByRole,
    head,
    deputies,
    departmentHeads,
    departmentStaff,
  };
}

/**
 * Rounds from oldest to latest: the latest ended about four months before today (its feedback
 * two to four months ago), each older one about a year before the next.
 */
function buildRounds(random: SeededRandom, count: number, todayDay: number): DemoRound[] {
  const term = random.pick(['六', '七']);
  const rounds: DemoRound[] = [];
  for (let index = 0; index < count; index++) {
    const age = count - 1 - index;
    const endDay =
      addMonths(todayDay - latestRoundEndDaysBeforeToday, -12 * age) - (age > 0 ? random.int(0, 30) : 0);
    const startDay = endDay - random.int(55, 75);
    const start = toCivil(startDay);
    // Two rounds a year within a five-year term: the ordinal follows from the half-year.
    const termStartYear = start.year - (start.year % 5);
    const ordinal = (start.year - termStartYear) * 2 + (start.month > 6 ? 2 : 1);
    rounds.push({
      name: `${term}届市委第${toChineseNumeral(ordinal)}轮巡察`,
      year: start.year,
      startedOn: toIsoDate(startDay),
      endedOn: toIsoDate(endDay),
    });
  }
  return rounds;
}

/** Which round each unit was inspected in: about half the latest, the rest spread over older ones. */
const roundAgePattern = [0, 1, 0, 2, 0, 1];

/** Builds the office, rounds, groups and units for `unitCount` units around `todayDay`. */
export function buildDemoOrganisation(seed: number, unitCount: number, todayDay: number): DemoOrganisation {
  const random = createSeededRandom(deriveSeed(seed, streamKeys.organisation));
  const takenPlaces = new Set<string>();
  const [cityName = '云川'] = inventPlaceNames(random, 1, takenPlaces);

  const roundCount = Math.max(1, Math.min(3, unitCount));
  const rounds = buildRounds(random, roundCount, todayDay);
  const groupCount = Math.min(12, Math.max(3, Math.ceil(unitCount / 8)));
  const groups = Array.from(
    { length: groupCount },
    (_, index) => `市委第${toChineseNumeral(index + 1)}巡察组`,
  );

  // Small demos keep three units to a county so that two counties appear; large runs fill counties.
  const unitsPerCounty = Math.min(bureauKinds.length, Math.max(3, Math.ceil(unitCount / 8)));
  const countyNames = inventPlaceNames(random, Math.ceil(unitCount / unitsPerCounty), takenPlaces);
  const profiles: UnitProfile[] = [];
  const slots: InspectionSlot[] = [];
  let countyBureaus: BureauKind[] = [];
  for (let unitIndex = 0; unitIndex < unitCount; unitIndex++) {
    const countyIndex = Math.floor(unitIndex / unitsPerCounty);
    if (unitIndex % unitsPerCounty === 0) {
      countyBureaus = createSeededRandom(deriveSeed(seed, streamKeys.county, countyIndex)).shuffle(
        bureauKinds,
      );
    }
    const bureau = countyBureaus[unitIndex % unitsPerCounty] as BureauKind;
    const unitRandom = createSeededRandom(deriveSeed(seed, streamKeys.unit, unitIndex));
    profiles.push(buildUnitProfile(unitRandom, countyNames[countyIndex] ?? cityName, bureau));

    const age = (roundAgePattern[unitIndex % roundAgePattern.length] ?? 0) % roundCount;
    const roundIndex = roundCount - 1 - age;
    slots.push({ roundIndex, groupIndex: (unitIndex + roundIndex) % groupCount });
  }

  return {
    office: { name: `中共${cityName}市委巡察工作领导小组办公室`, region: `${cityName}市` },
    rounds,
    groups,
    profiles,
    slots,
  };
}
