/** The office's supervision policy: read (office staff and observers) and change (office staff). */
import type { Database } from '../../storage/database.ts';
import { AppError } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import type { Actor } from '../users/actor.ts';
import { assertRole } from '../users/scope.rules.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import { findOfficePolicies, type StoredPolicy } from './office-policy.repository.ts';
import { saveOfficePolicy } from './office-policy.repository.ts';
import type { UpdatePolicyInput } from './supervision.schema.ts';
import { mutedFromWanted } from './notification-kinds.rules.ts';

export function createOfficePolicyService(dependencies: { db: Database; clock: Clock }) {
  const { db, clock } = dependencies;

  async function read(officeId: number): Promise<StoredPolicy> {
    return (await findOfficePolicies(db, [officeId])).get(officeId)!;
  }

  return {
    async getPolicy(actor: Actor): Promise<StoredPolicy> {
      const { officeId } = ledgerScopeOf(actor);
      assertRole(actor, 'office', 'observer');
      return read(officeId);
    },

    async updatePolicy(actor: Actor, input: UpdatePolicyInput): Promise<StoredPolicy> {
      const { officeId } = ledgerScopeOf(actor);
      assertRole(actor, 'office');
      const { version, kinds, ...rest } = input;
      const policy = { ...rest, mutedKinds: mutedFromWanted(kinds) };
      const at = nowIso(clock);
      await db.transaction().execute(async (transaction) => {
        const saved = await saveOfficePolicy(transaction, {
          officeId,
          policy,
          expectedVersion: version,
          userId: actor.userId,
          at,
        });
        if (saved == null) {
          throw new AppError(
            'conflict',
            '督办规则已被他人修改，请刷新后重试',
            `office ${officeId} policy is not at version ${version}`,
            { where: 'body.version' },
          );
        }
        await appendEvent(transaction, {
          officeId,
          at,
          actorUserId: actor.userId,
          entityType: 'office_policy',
          entityId: officeId,
          action: 'policy_updated',
          data: { policy, version: saved },
        });
      });
      return read(officeId);
    },
  };
}
