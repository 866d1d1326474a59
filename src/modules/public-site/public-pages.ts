/**
 * The public pages as HTML (Chinese, no script, one stylesheet): the list of published notices
 * by office, round and unit; one notice as published (its snapshot, never live ledger data);
 * one problem of it with its published state; the feedback form; the lookup by reference
 * number; and error pages. Every text goes through the escaping template. Pure: data in, markup out.
 */
import { shanghaiDate } from '../deadlines/calendar-date.rules.ts';
import { feedbackLimits, feedbackStatusLabels } from '../feedback/feedback.rules.ts';
import type { PublicLookup } from '../feedback/feedback.service.ts';
import type { ReportModel, ReportProblem } from '../reports/report-model.ts';
import { allProblems, totalsSentence } from '../reports/report-model.ts';
import { html, type SafeHtml } from './html-template.ts';

export const PUBLIC_PREFIX = '/public';

export interface NoticeSummary {
  id: number;
  inspectionId: number;
  version: number;
  title: string;
  publishedAt: string;
  officeName: string;
  roundName: string;
  unitName: string;
}

export interface PublishedReply {
  problemId: number | null;
  receivedAt: string;
  reply: string;
  repliedAt: string | null;
}

export interface NoticePageData {
  notice: NoticeSummary;
  model: ReportModel;
  fileName: string;
  versions: Array<{ id: number; version: number; publishedAt: string }>;
  replies: PublishedReply[];
}

const day = (instant: string | null) => (instant ? shanghaiDate(new Date(instant)) : '');

export function layout(options: {
  title: string;
  stylesheet: string;
  body: SafeHtml;
  crumbs?: SafeHtml;
}): string {
  return `<!doctype html>${
    html`<html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} - 巡察整改公开</title>
        <link rel="stylesheet" href="${options.stylesheet}" />
      </head>
      <body>
        <header class="site-header">
          <div class="wrap">
            <a class="site-name" href="${PUBLIC_PREFIX}/">巡察整改情况公开</a>
            <nav>
              <a href="${PUBLIC_PREFIX}/">通报列表</a><a href="${PUBLIC_PREFIX}/feedback">意见查询</a>
            </nav>
          </div>
        </header>
        <main class="wrap">${options.crumbs ?? ''} ${options.body}</main>
        <footer class="site-footer">
          <div class="wrap">
            本页面内容以发布时的通报为准。您提交的姓名和联系方式仅供工作人员联系您，不会公开。
          </div>
        </footer>
      </body>
    </html>`.markup
  }`;
}

function crumbs(items: Array<[string, string | null]>): SafeHtml {
  return html`<nav class="crumbs" aria-label="位置">
    ${items.map(([label, href], index) => [
      index > 0 ? html`<span aria-hidden="true"> › </span>` : '',
      href ? html`<a href="${href}">${label}</a>` : html`<span>${label}</span>`,
    ])}
  </nav>`;
}

const noticeUrl = (id: number) => `${PUBLIC_PREFIX}/notices/${id}`;
const problemUrl = (noticeId: number, problemId: number) => `${noticeUrl(noticeId)}/problems/${problemId}`;

/** The list: the latest version of each inspection's notice, grouped by office, round and unit. */
export function renderNoticeList(notices: readonly NoticeSummary[], stylesheet: string): string {
  const latest = new Map<number, NoticeSummary & { versionCount: number }>();
  for (const notice of notices) {
    const seen = latest.get(notice.inspectionId);
    if (!seen) latest.set(notice.inspectionId, { ...notice, versionCount: 1 });
    else {
      seen.versionCount += 1;
      if (notice.version > seen.version)
        latest.set(notice.inspectionId, { ...notice, versionCount: seen.versionCount });
    }
  }
  const offices = new Map<string, Map<string, Array<NoticeSummary & { versionCount: number }>>>();
  for (const notice of latest.values()) {
    const rounds = offices.get(notice.officeName) ?? new Map();
    offices.set(notice.officeName, rounds);
    const list = rounds.get(notice.roundName) ?? [];
    rounds.set(notice.roundName, list);
    list.push(notice);
  }
  const body =
    offices.size === 0
      ? html`<h1>巡察整改情况通报</h1>
          <p class="empty">暂无已发布的整改情况通报。</p>`
      : html`<h1>巡察整改情况通报</h1>
          ${[...offices].map(
            ([officeName, rounds]) =>
              html`<section class="office">
                <h2>${officeName}</h2>
                ${[...rounds].map(
                  ([roundName, list]) =>
                    html`<h3>${roundName}</h3>
                      <ul class="notices">
                        ${list
                          .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN'))
                          .map(
                            (notice) =>
                              html`<li>
                                <a href="${noticeUrl(notice.id)}">${notice.title}</a>
                                <span class="meta"
                                  >${notice.unitName} · 发布于
                                  ${day(notice.publishedAt)}${
                                    notice.versionCount > 1 ? html` · 共 ${notice.versionCount} 个版本` : ''
                                  }</span
                                >
                              </li>`,
                          )}
                      </ul>`,
                )}
              </section>`,
          )}`;
  return layout({ title: '整改情况通报', stylesheet, body });
}

/** The public wording of a problem's state at publication; "draft" is never shown as such. */
export function publicStateLabel(problem: ReportProblem): string {
  if (problem.state === 'closed') return '已完成整改';
  if (problem.state === 'pending_review') return '已申请销号，待审核';
  if (problem.isLongTerm) return '长期坚持，持续推进';
  return '正在整改';
}

function stateBadge(problem: ReportProblem): SafeHtml {
  return html`<span class="state state-${problem.state}">${publicStateLabel(problem)}</span>`;
}

function deadlineText(problem: ReportProblem): string {
  if (problem.isLongTerm) return '长期坚持';
  return problem.deadlineText ?? problem.dueOn ?? '';
}

function problemRows(
  noticeId: number,
  problems: readonly ReportProblem[],
  counts: Map<number, number>,
): SafeHtml {
  return html`${problems.map(
    (problem) =>
      html`<li>
        <a href="${problemUrl(noticeId, problem.id)}"
          >${problem.number ? `${problem.number}. ` : ''}${problem.title}</a
        >
        ${stateBadge(problem)}${counts.get(problem.id) ? html` <span class="meta">公开答复 ${counts.get(problem.id)} 条</span>` : ''}
        ${
          problem.children.length > 0
            ? html`<ul>
                ${problemRows(noticeId, problem.children, counts)}
              </ul>`
            : ''
        }
      </li>`,
  )}`;
}

function replyList(replies: readonly PublishedReply[]): SafeHtml {
  if (replies.length === 0) return html``;
  return html`<section class="replies">
    <h2>公众意见答复</h2>
    ${replies.map(
      (reply) =>
        html`<article class="reply">
          <p class="meta">${day(reply.receivedAt)} 收到的意见，${day(reply.repliedAt)} 答复：</p>
          <p class="text">${reply.reply}</p>
        </article>`,
    )}
  </section>`;
}

/** The feedback form on a notice, or on one problem of it when `problemId` is given. */
export function feedbackForm(noticeId: number, problemId: number | null): SafeHtml {
  return html`<section class="feedback-form no-print">
    <h2>${problemId ? '对本问题提出意见' : '对本通报提出意见'}</h2>
    <form method="post" action="${noticeUrl(noticeId)}/feedback" enctype="multipart/form-data">
      ${problemId ? html`<input type="hidden" name="problemId" value="${problemId}" />` : ''}
      <label for="content">意见内容（必填，不超过${feedbackLimits.contentMaxChars}字）</label>
      <textarea
        id="content"
        name="content"
        required
        maxlength="${feedbackLimits.contentMaxChars}"
        rows="6"
      ></textarea>
      <label for="name">姓名（选填）</label>
      <input id="name" name="name" maxlength="${feedbackLimits.nameMaxChars}" autocomplete="name" />
      <label for="contact">联系方式（选填，仅供工作人员联系您，不公开）</label>
      <input id="contact" name="contact" maxlength="${feedbackLimits.contactMaxChars}" />
      <label for="attachment">附件（选填，PDF、Word 或图片，不超过 5 MB）</label>
      <input id="attachment" name="attachment" type="file" accept=".pdf,.docx,.png,.jpg,.jpeg,.gif,.webp" />
      <button type="submit">提交意见</button>
    </form>
  </section>`;
}

function noticeHeader(data: NoticePageData): SafeHtml {
  const { notice, versions } = data;
  const newest = versions[0];
  return html`<p class="meta">${notice.officeName} · ${notice.roundName} · ${notice.unitName}</p>
    <h1>${notice.title}</h1>
    <p class="meta">第 ${notice.version} 版 · 截至 ${data.model.asOf} · 发布于 ${day(notice.publishedAt)}</p>
    ${
      newest && newest.id !== notice.id
        ? html`<p class="notice-banner">
            这是历史版本。<a href="${noticeUrl(newest.id)}">查看最新版本（第 ${newest.version} 版）</a>
          </p>`
        : ''
    }`;
}

export function renderNoticePage(data: NoticePageData, stylesheet: string): string {
  const { notice, model, versions, replies } = data;
  const counts = new Map<number, number>();
  for (const reply of replies)
    if (reply.problemId) counts.set(reply.problemId, (counts.get(reply.problemId) ?? 0) + 1);
  const contact = model.contact;
  const body = html`${noticeHeader(data)}
    <p class="actions no-print">
      <a class="button" href="${noticeUrl(notice.id)}/download">下载通报原文（.docx）</a>
    </p>
    <section>
      <h2>整改总体情况</h2>
      <p>${totalsSentence(model.totals)}。</p>
    </section>
    <section>
      <h2>整改进展情况</h2>
      ${model.aspects.map(
        (aspect) =>
          html`<h3>${aspect.number ? `${aspect.number}、` : ''}${aspect.title}</h3>
            <ul class="problems">
              ${problemRows(notice.id, aspect.problems, counts)}
            </ul>`,
      )}
    </section>
    ${
      contact && (contact.phones.length > 0 || contact.emails.length > 0 || contact.address)
        ? html`<section>
            <h2>联系方式</h2>
            <p>
              ${[
                contact.phones.length > 0 ? `联系电话：${contact.phones.join('、')}` : '',
                contact.emails.length > 0 ? `电子邮箱：${contact.emails.join('、')}` : '',
                contact.address
                  ? `通信地址：${contact.address}${contact.postcode ? `（邮编 ${contact.postcode}）` : ''}`
                  : '',
              ]
                .filter(Boolean)
                .join('；')}
            </p>
          </section>`
        : ''
    }
    ${replyList(replies.filter((reply) => reply.problemId === null))}
    ${
      versions.length > 1
        ? html`<section class="versions">
            <h2>历史版本</h2>
            <ul>
              ${versions.map((version) =>
                version.id === notice.id
                  ? html`<li>第 ${version.version} 版（${day(version.publishedAt)}，当前页面）</li>`
                  : html`<li>
                      <a href="${noticeUrl(version.id)}"
                        >第 ${version.version} 版（${day(version.publishedAt)}）</a
                      >
                    </li>`,
              )}
            </ul>
          </section>`
        : ''
    }
    ${feedbackForm(notice.id, null)}`;
  return layout({
    title: notice.title,
    stylesheet,
    body,
    crumbs: crumbs([
      ['通报列表', `${PUBLIC_PREFIX}/`],
      [notice.unitName, null],
    ]),
  });
}

/** A problem of the notice as published; null when the snapshot has no such problem. */
export function findPublishedProblem(model: ReportModel, problemId: number): ReportProblem | null {
  return allProblems(model.aspects).find((problem) => problem.id === problemId) ?? null;
}

export function renderProblemPage(data: NoticePageData, problem: ReportProblem, stylesheet: string): string {
  const { notice } = data;
  const replies = data.replies.filter((reply) => reply.problemId === problem.id);
  const deadline = deadlineText(problem);
  const body = html`<p class="meta">${notice.title}（第 ${notice.version} 版，截至 ${data.model.asOf}）</p>
    <h1>${problem.number ? `${problem.number}. ` : ''}${problem.title}</h1>
    <dl class="facts">
      <dt>整改状态</dt>
      <dd>
        ${stateBadge(problem)}${problem.isOverdue ? html` <span class="state state-overdue">已超过整改时限</span>` : ''}
      </dd>
      ${
        deadline
          ? html`<dt>整改时限</dt>
              <dd>${deadline}</dd>`
          : ''
      }
      ${
        problem.goal
          ? html`<dt>整改目标</dt>
              <dd>${problem.goal}</dd>`
          : ''
      }
    </dl>
    ${
      problem.measures.length > 0
        ? html`<section>
            <h2>整改措施</h2>
            <ol class="measures">
              ${problem.measures.map(
                (measure) =>
                  html`<li>
                    ${measure.text}
                    <span class="${measure.isDone ? 'done' : 'open'}"
                      >${measure.isDone ? '已落实' : '推进中'}</span
                    >
                  </li>`,
              )}
            </ol>
          </section>`
        : ''
    }
    ${
      problem.children.length > 0
        ? html`<section>
            <h2>具体问题</h2>
            <ul class="problems">
              ${problemRows(notice.id, problem.children, new Map())}
            </ul>
          </section>`
        : ''
    }
    ${replyList(replies)} ${feedbackForm(notice.id, problem.id)}`;
  return layout({
    title: problem.title,
    stylesheet,
    body,
    crumbs: crumbs([
      ['通报列表', `${PUBLIC_PREFIX}/`],
      [notice.unitName, noticeUrl(notice.id)],
      [problem.number ? `问题 ${problem.number}` : '问题', null],
    ]),
  });
}

export interface LookupPageData {
  typed: string;
  isNew: boolean;
  /** What the sender may see of their item (feedback.service decides what that is). */
  result: PublicLookup | null;
}

export function renderLookupPage(data: LookupPageData, stylesheet: string): string {
  const { result } = data;
  const body = html`<h1>意见办理查询</h1>
    ${
      data.isNew && result
        ? html`<div class="success">
            <p>您的意见已提交。请记下查询编号：</p>
            <p class="reference">${result.reference}</p>
            <p>凭此编号可随时查询办理情况和答复。</p>
          </div>`
        : ''
    }
    <form method="get" action="${PUBLIC_PREFIX}/feedback" class="lookup no-print">
      <label for="ref">查询编号</label>
      <input
        id="ref"
        name="ref"
        value="${data.typed}"
        placeholder="FK-2026-XXXXXXXX"
        maxlength="40"
        required
      />
      <button type="submit">查询</button>
    </form>
    ${
      data.typed && !result
        ? html`<p class="error">未找到查询编号“${data.typed}”对应的意见，请核对后重试。</p>`
        : ''
    }
    ${
      result
        ? html`<section class="lookup-result">
            <dl class="facts">
              <dt>查询编号</dt>
              <dd>${result.reference}</dd>
              <dt>提交日期</dt>
              <dd>${day(result.receivedAt)}</dd>
              <dt>所涉通报</dt>
              <dd>
                <a
                  href="${
                    result.problemId
                      ? problemUrl(result.publicationId, result.problemId)
                      : noticeUrl(result.publicationId)
                  }"
                  >${result.reportTitle}</a
                >
              </dd>
              <dt>办理状态</dt>
              <dd>
                <span class="status status-${result.status}">${feedbackStatusLabels[result.status]}</span>
              </dd>
            </dl>
            <article class="reply">
              <h2>您的意见</h2>
              <p class="text">${result.content}</p>
            </article>
            ${
              result.reply
                ? html`<article class="reply">
                    <h2>答复</h2>
                    <p class="meta">${day(result.repliedAt)} 答复</p>
                    <p class="text">${result.reply}</p>
                  </article>`
                : html`<p class="meta">尚无公开答复。</p>`
            }
          </section>`
        : ''
    }`;
  return layout({ title: '意见办理查询', stylesheet, body });
}

export function renderErrorPage(status: number, message: string, stylesheet: string, back?: string): string {
  const body = html`<h1>${status === 404 ? '未找到页面' : '无法完成请求'}</h1>
    <p class="error">${message}</p>
    <p><a href="${back ?? `${PUBLIC_PREFIX}/`}">返回</a></p>`;
  return layout({ title: status === 404 ? '未找到' : '出错了', stylesheet, body });
}
