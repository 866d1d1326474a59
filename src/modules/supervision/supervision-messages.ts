/** The Chinese title and text of each supervision notification. */

import { LOOKBACK_DUE_RULE } from './supervision.rules.ts';

export interface MessageSubject {
  /** e.g. "问题 3" with its title, or a unit's name. */
  label: string;
  /** The day the subject is due (deadline, reply day), when it has one. */
  dueOn?: string | null;
}

export interface Message {
  title: string;
  body: string;
}

/** Title and text for a firing of `rule` on a subject. */
export function composeMessage(rule: string, subject: MessageSubject): Message {
  const due = subject.dueOn ? `（${subject.dueOn}）` : '';
  const dueSoon = /^due_soon_(\d+)$/.exec(rule);
  if (dueSoon)
    return {
      title: `整改时限临近：${subject.label}`,
      body: `${subject.label} 距整改时限${due}不足${dueSoon[1]}天，请抓紧推进并上传佐证材料。`,
    };
  if (rule === LOOKBACK_DUE_RULE)
    return {
      title: `回头看到期：${subject.label}`,
      body: `${subject.label} 的整改“回头看”计划于${subject.dueOn ?? ''}开展，尚未完成，请逐项检查整改成果是否巩固、有无反弹。`,
    };
  const overdue = /^overdue_(\d+)$/.exec(rule);
  if (overdue) {
    const days = Number(overdue[1]);
    return {
      title: `整改逾期${days > 0 ? `${days}天以上` : ''}：${subject.label}`,
      body: `${subject.label} 已超过整改时限${due}${days > 0 ? `${days}天` : ''}仍未销号，请立即整改并说明原因。`,
    };
  }
  const fixed: Record<string, Message> = {
    stale_review: {
      title: `销号申请待审核：${subject.label}`,
      body: `${subject.label} 的销号申请已超过规定工作日未审核，请及时审核。`,
    },
    checkin_due: {
      title: `长期整改定期报告：${subject.label}`,
      body: `${subject.label} 为长期坚持事项，请报告本期整改进展。`,
    },
    plan_due: {
      title: `整改方案报送提醒：${subject.label}`,
      body: `${subject.label} 的整改方案应于${subject.dueOn ?? ''}前报送巡察办。`,
    },
    report_due: {
      title: `整改报告报送提醒：${subject.label}`,
      body: `${subject.label} 的整改情况报告应于${subject.dueOn ?? ''}前报送巡察办。`,
    },
    notice_issued: {
      title: `督办单：${subject.label}`,
      body: `巡察办下发督办单“${subject.label}”，请于${subject.dueOn ?? ''}前回复。`,
    },
    notice_replied: {
      title: `督办单已回复：${subject.label}`,
      body: `督办单“${subject.label}”已回复，请审阅并办结。`,
    },
    notice_due_soon: {
      title: `督办单即将到期：${subject.label}`,
      body: `督办单“${subject.label}”应于${subject.dueOn ?? ''}前回复，尚未回复。`,
    },
    notice_overdue: {
      title: `督办单逾期未回复：${subject.label}`,
      body: `督办单“${subject.label}”已超过回复期限${due}仍未回复。`,
    },
  };
  return fixed[rule] ?? { title: subject.label, body: subject.label };
}

/** How a ledger item is named in messages. */
export function problemLabel(problem: { number: string | null; title: string }): string {
  return problem.number ? `问题${problem.number} ${problem.title}` : problem.title;
}
