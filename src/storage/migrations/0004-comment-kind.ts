/**
 * Comments gain a kind: a plain comment, or a flag (the discipline observer's 标记 that a
 * problem needs attention), so flags can be listed apart without parsing the text.
 */
import { oneOf, type SchemaMigration } from './migration-helpers.ts';

export const commentKindMigration: SchemaMigration = {
  name: '0004-comment-kind',
  async up(context) {
    // Existing rows were all plain comments, so the default describes them correctly.
    await context.db.schema
      .alterTable('comments')
      .addColumn('kind', 'text', (c) =>
        c
          .notNull()
          .defaultTo('comment')
          .check(oneOf('kind', ['comment', 'flag'])),
      )
      .execute();
  },
};
