/**
 * Migration 0016: accounts gain the department the directory names for them (LDAP/AD, e.g. `ou`
 * or `departmentNumber`), refreshed at every directory login. Local accounts have none (null).
 */
import { sql } from 'kysely';
import type { SchemaMigration } from './migration-helpers.ts';

export const userDepartmentMigration: SchemaMigration = {
  name: '0016-user-department',
  async up(context) {
    // Existing rows predate the column: null says "not known", not "no department".
    await context.db.schema
      .alterTable('users')
      .addColumn('department', 'text', (c) => c.check(sql`length(department) <= 100`))
      .execute();
  },
};
