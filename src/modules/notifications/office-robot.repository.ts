/** An office's robots (group robots and webhooks): the only place with their SQL. */
import type { Executor } from '../../storage/database.ts';
import type { Flag, RobotKind } from '../../storage/schema.ts';

export interface RobotRow {
  id: number;
  office_id: number;
  kind: RobotKind;
  name: string;
  url: string;
  secret: string | null;
  is_enabled: Flag;
  muted_kinds_json: string;
  created_at: string;
  version: number;
}

const columns = [
  'id',
  'office_id',
  'kind',
  'name',
  'url',
  'secret',
  'is_enabled',
  'muted_kinds_json',
  'created_at',
  'version',
] as const;

export async function findRobots(db: Executor, officeId: number): Promise<RobotRow[]> {
  return db
    .selectFrom('office_robots')
    .select(columns)
    .where('office_id', '=', officeId)
    .orderBy('id')
    .execute();
}

/** One robot of the office; undefined for another office's robot, as if it did not exist. */
export async function findRobot(db: Executor, officeId: number, id: number): Promise<RobotRow | undefined> {
  return db
    .selectFrom('office_robots')
    .select(columns)
    .where('office_id', '=', officeId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertRobot(
  db: Executor,
  values: {
    officeId: number;
    kind: RobotKind;
    name: string;
    url: string;
    secret: string | null;
    isEnabled: Flag;
    mutedKindsJson: string;
    at: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('office_robots')
    .values({
      office_id: values.officeId,
      kind: values.kind,
      name: values.name,
      url: values.url,
      secret: values.secret,
      is_enabled: values.isEnabled,
      muted_kinds_json: values.mutedKindsJson,
      created_at: values.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Updates a robot at `version`; false when it moved on meanwhile. */
export async function updateRobot(
  db: Executor,
  officeId: number,
  id: number,
  version: number,
  set: Partial<Pick<RobotRow, 'kind' | 'name' | 'url' | 'secret' | 'is_enabled' | 'muted_kinds_json'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('office_robots')
    .set({ ...set, version: version + 1 })
    .where('office_id', '=', officeId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteRobot(db: Executor, officeId: number, id: number, version: number) {
  const result = await db
    .deleteFrom('office_robots')
    .where('office_id', '=', officeId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The latest delivery of each robot (status and error), for the robots table. */
export async function findLastDeliveries(db: Executor, officeId: number) {
  const rows = await db
    .selectFrom('notification_deliveries')
    .select(['robot_id', 'status', 'last_error', 'created_at', 'sent_at'])
    .where('office_id', '=', officeId)
    .where('robot_id', 'is not', null)
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  const latest = new Map<number, (typeof rows)[number]>();
  for (const row of rows) if (!latest.has(row.robot_id!)) latest.set(row.robot_id!, row);
  return latest;
}
