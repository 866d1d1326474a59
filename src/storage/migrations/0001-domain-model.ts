/**
 * Migration 0001: the domain model of the whole rectification process — tenants, people,
 * inspections, the problem tree with measures and deadlines, the ledger's transitions and
 * evidence, the registers (institutions, meetings, outcomes), public reports and feedback,
 * users and scopes, and the append-only event log.
 */
import { sql } from 'kysely';
import {
  makeAppendOnly,
  oneOf,
  withDate,
  withFlag,
  withId,
  withOffice,
  withTimestamp,
  withVersion,
  type SchemaMigration,
} from './migration-helpers.ts';

const ledgerStates = ['draft', 'in_progress', 'pending_review', 'closed'] as const;
const roles = ['admin', 'office', 'unit_office', 'department', 'leader', 'observer'] as const;

export const domainModelMigration: SchemaMigration = {
  name: '0001-domain-model',
  async up(context) {
    const { db, dialect } = context;
    const create = (name: string) => db.schema.createTable(name);

    await withTimestamp(
      withId(create('offices'), dialect)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('region', 'text', (c) => c.notNull().defaultTo('')),
      dialect,
      'created_at',
    ).execute();

    await withTimestamp(
      withFlag(
        withId(create('users'), dialect)
          .addColumn('office_id', 'integer', (c) => c.references('offices.id').onDelete('cascade'))
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull().check(oneOf('role', roles))),
        'is_active',
        1,
      ),
      dialect,
      'created_at',
    )
      .$call(withVersion)
      .addCheckConstraint('users_office_required', sql`role = 'admin' or office_id is not null`)
      .execute();

    await create('inspection_rounds')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 1949 and 2200`))
      .$call((t) => withDate(withDate(t, dialect, 'started_on'), dialect, 'ended_on'))
      .addUniqueConstraint('inspection_rounds_name_unique', ['office_id', 'name'])
      .$call(withVersion)
      .execute();

    await create('inspection_groups')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('name', 'text', (c) => c.notNull())
      .addUniqueConstraint('inspection_groups_name_unique', ['office_id', 'name'])
      .$call(withVersion)
      .execute();

    await create('units')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('name', 'text', (c) => c.notNull())
      .addUniqueConstraint('units_name_unique', ['office_id', 'name'])
      .$call(withVersion)
      .execute();

    await create('user_scopes')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
      .addUniqueConstraint('user_scopes_unique', ['user_id', 'unit_id'])
      .execute();

    await create('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('office_id', 'integer', (c) => c.references('offices.id').onDelete('cascade'))
      .$call((t) =>
        withTimestamp(
          withTimestamp(withTimestamp(t, dialect, 'created_at'), dialect, 'last_seen_at'),
          dialect,
          'expires_at',
        ),
      )
      .execute();

    await create('departments')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) > 0`))
      .addUniqueConstraint('departments_name_unique', ['unit_id', 'name'])
      .$call(withVersion)
      .execute();

    await create('people')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) > 0`))
      .addColumn('title', 'text')
      .addColumn('department_id', 'integer', (c) => c.references('departments.id').onDelete('set null'))
      .$call((t) => withFlag(t, 'is_leader'))
      .addUniqueConstraint('people_name_unique', ['unit_id', 'name'])
      .$call(withVersion)
      .execute();

    await create('inspections')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('round_id', 'integer', (c) =>
        c.notNull().references('inspection_rounds.id').onDelete('cascade'),
      )
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
      .addColumn('group_id', 'integer', (c) => c.references('inspection_groups.id').onDelete('set null'))
      .$call((t) => {
        let table = t;
        for (const column of [
          'period_start',
          'period_end',
          'feedback_on',
          'plan_due_on',
          'report_due_on',
          'concentrated_until',
        ]) {
          table = withDate(table, dialect, column);
        }
        return table;
      })
      .addColumn('declared_aspects', 'integer', (c) => c.check(sql`declared_aspects >= 0`))
      .addColumn('declared_problems', 'integer', (c) => c.check(sql`declared_problems >= 0`))
      .$call((t) => withTimestamp(t, dialect, 'created_at'))
      .addUniqueConstraint('inspections_round_unit_unique', ['round_id', 'unit_id'])
      .addCheckConstraint(
        'inspections_period_order',
        sql`period_start is null or period_end is null or period_start <= period_end`,
      )
      .$call(withVersion)
      .execute();

    await create('source_documents')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('inspection_id', 'integer', (c) =>
        c.notNull().references('inspections.id').onDelete('cascade'),
      )
      .addColumn('kind', 'text', (c) =>
        c.notNull().check(oneOf('kind', ['plan', 'progress_report', 'feedback', 'other'])),
      )
      .addColumn('title', 'text')
      .addColumn('file_name', 'text')
      .addColumn('sha256', 'text', (c) => c.notNull().check(sql`length(sha256) = 64`))
      .$call((t) => withDate(t, dialect, 'issued_on'))
      .addColumn('parsed_json', 'text', (c) => c.notNull())
      .$call((t) => withTimestamp(t, dialect, 'imported_at'))
      .addColumn('imported_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .execute();

    await create('aspects')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('inspection_id', 'integer', (c) =>
        c.notNull().references('inspections.id').onDelete('cascade'),
      )
      .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 0`))
      .addColumn('number', 'text')
      .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) > 0`))
      .addUniqueConstraint('aspects_position_unique', ['inspection_id', 'position'])
      .$call(withVersion)
      .execute();

    await create('deadlines')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('kind', 'text', (c) =>
        c.notNull().check(oneOf('kind', ['date', 'immediate', 'within', 'long_term', 'unspecified'])),
      )
      .addColumn('text', 'text')
      .$call((t) => withDate(t, dialect, 'due_on'))
      .addColumn('months', 'integer', (c) => c.check(sql`months is null or months between 0 and 120`))
      .addColumn('checkin_interval_days', 'integer', (c) =>
        c.check(sql`checkin_interval_days is null or checkin_interval_days > 0`),
      )
      .addCheckConstraint('deadlines_date_has_day', sql`kind <> 'date' or due_on is not null`)
      .addCheckConstraint(
        'deadlines_within_has_months',
        sql`kind <> 'within' or months is not null or due_on is not null`,
      )
      .$call(withVersion)
      .execute();

    await create('problems')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('inspection_id', 'integer', (c) =>
        c.notNull().references('inspections.id').onDelete('cascade'),
      )
      .addColumn('aspect_id', 'integer', (c) => c.notNull().references('aspects.id').onDelete('cascade'))
      .addColumn('parent_id', 'integer', (c) => c.references('problems.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 0`))
      .addColumn('number', 'text')
      .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) > 0`))
      .addColumn('goal', 'text')
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft').check(oneOf('state', ledgerStates)))
      .$call((t) => withFlag(t, 'is_long_term'))
      .addColumn('deadline_id', 'integer', (c) => c.references('deadlines.id').onDelete('set null'))
      .addColumn('rebound_count', 'integer', (c) =>
        c
          .notNull()
          .defaultTo(0)
          .check(sql`rebound_count >= 0`),
      )
      .$call((t) => withTimestamp(t, dialect, 'closed_at', false))
      .$call((t) => withTimestamp(withTimestamp(t, dialect, 'created_at'), dialect, 'updated_at'))
      .addCheckConstraint(
        'problems_closed_at_matches_state',
        sql`(state = 'closed' and closed_at is not null) or (state <> 'closed' and closed_at is null)`,
      )
      .addCheckConstraint('problems_not_own_parent', sql`parent_id is null or parent_id <> id`)
      .$call(withVersion)
      .execute();
    await db.schema
      .createIndex('problems_position_unique')
      .on('problems')
      .unique()
      .expression(sql`aspect_id, coalesce(parent_id, 0), position`)
      .execute();
    await db.schema
      .createIndex('problems_inspection_state')
      .on('problems')
      .columns(['inspection_id', 'state'])
      .execute();
    await db.schema.createIndex('problems_office').on('problems').columns(['office_id', 'state']).execute();

    await create('problem_manifestations')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull().check(sql`length(text) > 0`))
      .addUniqueConstraint('problem_manifestations_position_unique', ['problem_id', 'position'])
      .$call(withVersion)
      .execute();

    await create('measures')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull().check(sql`length(text) > 0`))
      .addColumn('deadline_id', 'integer', (c) => c.references('deadlines.id').onDelete('set null'))
      .$call((t) => withFlag(t, 'is_done'))
      .$call((t) => withDate(t, dialect, 'done_on'))
      .addUniqueConstraint('measures_position_unique', ['problem_id', 'position'])
      .addCheckConstraint('measures_done_has_day', sql`is_done = 0 or done_on is not null`)
      .$call(withVersion)
      .execute();

    await create('assignments')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id').onDelete('cascade'))
      .addColumn('measure_id', 'integer', (c) => c.references('measures.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull().check(oneOf('role', ['leader', 'department', 'person'])))
      .addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('cascade'))
      .addColumn('department_id', 'integer', (c) => c.references('departments.id').onDelete('cascade'))
      .addCheckConstraint(
        'assignments_target_matches_role',
        sql`(role = 'department' and department_id is not null and person_id is null) or (role <> 'department' and person_id is not null and department_id is null)`,
      )
      .execute();
    await db.schema
      .createIndex('assignments_unique')
      .on('assignments')
      .unique()
      .expression(
        sql`problem_id, coalesce(measure_id, 0), role, coalesce(person_id, 0), coalesce(department_id, 0)`,
      )
      .execute();

    await create('state_transitions')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id').onDelete('cascade'))
      .addColumn('from_state', 'text', (c) => c.notNull().check(oneOf('from_state', ledgerStates)))
      .addColumn('to_state', 'text', (c) => c.notNull().check(oneOf('to_state', ledgerStates)))
      .addColumn('actor_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .$call((t) => withTimestamp(t, dialect, 'at'))
      .addColumn('reason', 'text')
      .addColumn('statement', 'text')
      .execute();
    await db.schema
      .createIndex('state_transitions_problem')
      .on('state_transitions')
      .columns(['problem_id', 'at'])
      .execute();

    await create('evidence')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id').onDelete('cascade'))
      .addColumn('measure_id', 'integer', (c) => c.references('measures.id').onDelete('set null'))
      .addColumn('file_name', 'text', (c) => c.notNull().check(sql`length(file_name) > 0`))
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull().check(sql`size_bytes >= 0`))
      .addColumn('sha256', 'text', (c) => c.notNull().check(sql`length(sha256) = 64`))
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .$call((t) => withDate(t, dialect, 'effective_on'))
      .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .$call((t) => withTimestamp(t, dialect, 'uploaded_at'))
      .$call(withVersion)
      .execute();
    await db.schema.createIndex('evidence_problem').on('evidence').column('problem_id').execute();
    await db.schema.createIndex('evidence_sha256').on('evidence').columns(['office_id', 'sha256']).execute();

    await create('transition_evidence')
      .addColumn('transition_id', 'integer', (c) =>
        c.notNull().references('state_transitions.id').onDelete('cascade'),
      )
      .addColumn('evidence_id', 'integer', (c) => c.notNull().references('evidence.id').onDelete('cascade'))
      .$call(withOffice)
      .addPrimaryKeyConstraint('transition_evidence_pk', ['transition_id', 'evidence_id'])
      .execute();

    await create('institutions')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
      .addColumn('inspection_id', 'integer', (c) => c.references('inspections.id').onDelete('set null'))
      .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) > 0`))
      .addColumn('change', 'text', (c) => c.notNull().check(oneOf('change', ['new', 'revised'])))
      .$call((t) => withDate(t, dialect, 'adopted_on'))
      .$call((t) => withTimestamp(t, dialect, 'created_at'))
      .$call(withVersion)
      .execute();

    await create('institution_problems')
      .addColumn('institution_id', 'integer', (c) =>
        c.notNull().references('institutions.id').onDelete('cascade'),
      )
      .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id').onDelete('cascade'))
      .$call(withOffice)
      .addPrimaryKeyConstraint('institution_problems_pk', ['institution_id', 'problem_id'])
      .execute();

    await create('meetings')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
      .addColumn('inspection_id', 'integer', (c) => c.references('inspections.id').onDelete('set null'))
      .addColumn('kind', 'text', (c) =>
        c
          .notNull()
          .check(oneOf('kind', ['party_group', 'democratic_life', 'leading_group', 'mobilisation', 'other'])),
      )
      .$call((t) => withDate(t, dialect, 'held_on', true))
      .addColumn('topic', 'text', (c) => c.notNull())
      .$call(withVersion)
      .execute();

    await create('meeting_problems')
      .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
      .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id').onDelete('cascade'))
      .$call(withOffice)
      .addPrimaryKeyConstraint('meeting_problems_pk', ['meeting_id', 'problem_id'])
      .execute();

    await create('outcomes')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('inspection_id', 'integer', (c) =>
        c.notNull().references('inspections.id').onDelete('cascade'),
      )
      .addColumn('problem_id', 'integer', (c) => c.references('problems.id').onDelete('set null'))
      .addColumn('kind', 'text', (c) =>
        c
          .notNull()
          .check(
            oneOf('kind', [
              'funds_returned',
              'funds_recovered',
              'funds_saved',
              'people_reminded',
              'people_admonished',
              'people_accountable',
              'people_disciplined',
            ]),
          ),
      )
      .addColumn('amount_fen', 'bigint', (c) => c.check(sql`amount_fen is null or amount_fen >= 0`))
      .addColumn('people_count', 'integer', (c) => c.check(sql`people_count is null or people_count >= 0`))
      .addColumn('note', 'text')
      .$call((t) => withDate(t, dialect, 'recorded_on', true))
      .addCheckConstraint(
        'outcomes_measure_matches_kind',
        sql`(kind like 'funds_%' and amount_fen is not null and people_count is null) or (kind like 'people_%' and people_count is not null and amount_fen is null)`,
      )
      .$call(withVersion)
      .execute();

    await create('comments')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id').onDelete('cascade'))
      .addColumn('author_user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('body', 'text', (c) => c.notNull().check(sql`length(body) > 0`))
      .$call((t) => withTimestamp(t, dialect, 'created_at'))
      .$call(withVersion)
      .execute();

    await create('public_reports')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspections.id'))
      .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
      .addColumn('title', 'text', (c) => c.notNull())
      .$call((t) => withTimestamp(t, dialect, 'published_at'))
      .addColumn('published_by', 'integer', (c) => c.references('users.id'))
      .addColumn('snapshot_json', 'text', (c) => c.notNull())
      .addColumn('content_sha256', 'text', (c) => c.notNull().check(sql`length(content_sha256) = 64`))
      .addUniqueConstraint('public_reports_version_unique', ['inspection_id', 'version'])
      .execute();
    await makeAppendOnly(context, 'public_reports');

    await create('public_feedback')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('reference', 'text', (c) => c.notNull().unique())
      .addColumn('public_report_id', 'integer', (c) => c.references('public_reports.id'))
      .addColumn('problem_id', 'integer', (c) => c.references('problems.id').onDelete('set null'))
      .addColumn('content', 'text', (c) => c.notNull().check(sql`length(content) > 0`))
      .addColumn('sender_name', 'text')
      .addColumn('sender_contact', 'text')
      .addColumn('status', 'text', (c) =>
        c
          .notNull()
          .defaultTo('received')
          .check(oneOf('status', ['received', 'assigned', 'replied', 'closed'])),
      )
      .$call((t) => withTimestamp(t, dialect, 'received_at'))
      .addColumn('reply', 'text')
      .$call((t) => withTimestamp(t, dialect, 'replied_at', false))
      .$call((t) => withFlag(t, 'is_reply_published'))
      .$call(withVersion)
      .execute();

    await create('events')
      .$call((t) => withId(t, dialect))
      .addColumn('office_id', 'integer', (c) => c.references('offices.id'))
      .$call((t) => withTimestamp(t, dialect, 'at'))
      .addColumn('actor_user_id', 'integer')
      .addColumn('entity_type', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'integer')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('data_json', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) =>
        c
          .notNull()
          .unique()
          .check(sql`length(hash) = 64`),
      )
      .execute();
    await db.schema.createIndex('events_entity').on('events').columns(['entity_type', 'entity_id']).execute();
    await makeAppendOnly(context, 'events');

    await create('app_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};
