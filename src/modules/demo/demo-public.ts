/**
 * The public side of the demo: the first unit's progress notice (and the second's) published,
 * and a few public feedback items in every triage state — received, assigned, replied with the
 * reply published, closed — so `npm start` shows /public/ and the 公众意见 page at once. Goes
 * through the product's own services, like the rest of the demo.
 */
import type { Database } from '../../storage/database.ts';
import type { FileStore } from '../../storage/file-store.ts';
import type { Clock } from '../common/clock.ts';
import { createFeedbackService } from '../feedback/feedback.service.ts';
import { createPublicationService } from '../reports/publication.service.ts';
import type { Actor } from '../users/actor.ts';

/** Not a real address: the demo's submissions count against no visitor's rate limit. */
const DEMO_ADDRESS = 'demo-loader';

export interface DemoPublicSummary {
  publications: number;
  feedback: number;
}

export async function loadDemoPublicSide(
  dependencies: { db: Database; clock: Clock; fileStore: FileStore },
  officeId: number,
): Promise<DemoPublicSummary> {
  const { db } = dependencies;
  const scope = { officeId, unitIds: 'all' as const };
  const inspections = await db
    .selectFrom('inspections')
    .select(['id', 'unit_id'])
    .where('office_id', '=', officeId)
    .orderBy('unit_id')
    .orderBy('id')
    .limit(2)
    .execute();
  const office = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name'])
    .where('office_id', '=', officeId)
    .where('role', '=', 'office')
    .orderBy('id')
    .executeTakeFirst();
  const publications = createPublicationService(dependencies);
  const published = [];
  for (const inspection of inspections) {
    published.push(
      await publications.publishNotice(scope, inspection.id, { actorUserId: office?.id ?? null }),
    );
  }
  const first = published[0];
  if (!first || !office) return { publications: published.length, feedback: 0 };

  const problem = await db
    .selectFrom('problems')
    .select('id')
    .where('inspection_id', '=', first.inspectionId)
    .where('parent_id', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .executeTakeFirst();
  const feedback = createFeedbackService(dependencies);
  const submit = (content: string, problemId: number | null, senderName: string | null = null) =>
    feedback.submit({
      publicationId: first.id,
      problemId,
      content,
      senderName,
      senderContact: senderName ? '138****0000' : null,
      attachment: null,
      address: DEMO_ADDRESS,
    });
  const actor: Actor = {
    userId: office.id,
    username: office.username,
    displayName: office.display_name,
    role: 'office',
    officeId,
    unitIds: 'all',
  };
  await submit('建议在通报中写明每项整改措施的完成时间，便于群众监督。', null);
  const asked = await submit('这个问题涉及的违规资金是否已经全部清退？', problem?.id ?? null, '王先生');
  const answered = await submit('整改落实情况能否定期在单位网站更新？', null, '李女士');
  const closed = await submit('对整改工作表示支持。', null);
  const assigned = await feedback.get(actor, asked.id);
  await feedback.assign(actor, asked.id, { version: assigned.version, problemId: problem?.id ?? null });
  const toAnswer = await feedback.get(actor, answered.id);
  await feedback.reply(actor, answered.id, {
    version: toAnswer.version,
    reply: '感谢您的建议。整改进展将每季度在本网站公开，整改完成后发布整改情况通报。',
    publish: true,
  });
  const toClose = await feedback.get(actor, closed.id);
  await feedback.close(actor, closed.id, { version: toClose.version });
  return { publications: published.length, feedback: 4 };
}
