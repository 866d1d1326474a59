// The import wizard (导入整改方案): upload a document → review the parsed tree beside the source
// text and correct it → optional defaults → commit into the ledger. Every correction is saved to
// the server-side draft with its version; nothing reaches the ledger before 确认导入, and 放弃
// discards the draft. The draft's id stays in the URL, so a reload resumes the review.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App as AntApp,
  AutoComplete,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Steps,
  Switch,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { UploadProps } from 'antd';
import { DeleteOutlined, InboxOutlined, MergeCellsOutlined, ScissorOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { InspectionPageTitle } from '../components/InspectionPageHeader.tsx';
import { api, ApiError } from '../api/client.ts';
import type { ApiErrorBody } from '../api/types.ts';
import type {
  ImportCommitResult,
  ImportDraft,
  InspectionDetail,
  ParsedDocument,
  ParsedProblem,
} from '../api/inspectionTypes.ts';
import {
  applyDefaults,
  countDraft,
  editProblem,
  mergeMeasureWithNext,
  pathKey,
  removeMeasure,
  separatorCut,
  setAspectTitle,
  splitMeasure,
  type ProblemPath,
} from './importDraftEdits.ts';
import { ConcretenessBadge } from '../components/quality/ConcretenessBadge.tsx';

const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const ACCEPTED = '.docx,.txt,.html,.htm,.pdf,.json';
const kindLabels: Record<ParsedDocument['kind'], string> = {
  plan: '整改方案',
  progress_report: '整改进展情况通报',
  feedback: '反馈意见',
  other: '其他文件',
};
const paneHeight = 'calc(100vh - 360px)';

// ---------------------------------------------------------------------------------------------
// Step 1: upload

function UploadStep({
  inspectionId,
  onParsed,
}: {
  inspectionId: number;
  onParsed(draft: ImportDraft): void;
}) {
  const [error, setError] = useState<string | null>(null);
  const props: UploadProps = {
    name: 'file',
    accept: ACCEPTED,
    action: `/api/imports?inspectionId=${inspectionId}`,
    withCredentials: true,
    maxCount: 1,
    beforeUpload(file) {
      setError(null);
      if (file.size > MAX_UPLOAD_BYTES) {
        setError(`文件“${file.name}”过大（${(file.size / 1024 / 1024).toFixed(1)} MB），上限为 50 MB。`);
        return Upload.LIST_IGNORE;
      }
      return true;
    },
    onChange(info) {
      if (info.file.status === 'done') onParsed(info.file.response as ImportDraft);
      if (info.file.status === 'error') {
        const body = info.file.response as ApiErrorBody | undefined;
        setError(body?.error?.message ?? '上传失败：无法连接服务器，请检查网络后重试');
      }
    },
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Upload.Dragger {...props} aria-label="上传文件">
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击或将文件拖到此处上传</p>
        <p className="ant-upload-hint">
          支持 .docx、.txt（UTF-8 或 GBK）、.html、.pdf 以及 rectify 导出的 .json，单个文件不超过 50 MB。
          上传后只生成草稿，核对并确认后才写入台账。
        </p>
      </Upload.Dragger>
      {error && <Alert type="error" showIcon message="无法导入该文件" description={error} />}
    </Space>
  );
}

// ---------------------------------------------------------------------------------------------
// Step 2: review

interface ReviewActions {
  selected: string | null;
  onSelect(path: ProblemPath, problem: ParsedProblem): void;
  onEdit(change: (document: ParsedDocument) => ParsedDocument): void;
  onSplit(path: ProblemPath, index: number, text: string): void;
}

function ProblemNode({
  problem,
  path,
  actions,
  depth,
}: {
  problem: ParsedProblem;
  path: ProblemPath;
  actions: ReviewActions;
  depth: number;
}) {
  const key = pathKey(path);
  const isSelected = actions.selected === key;
  const edit = (change: (target: ParsedProblem) => void) =>
    actions.onEdit((document) => editProblem(document, path, change));
  return (
    <div
      data-problem={key}
      onClick={(event) => {
        event.stopPropagation();
        actions.onSelect(path, problem);
      }}
      style={{
        marginLeft: depth * 20,
        padding: '10px 12px',
        marginBottom: 8,
        borderRadius: 6,
        border: `1px solid ${isSelected ? '#e8a5a8' : '#f0f0f0'}`,
        background: isSelected ? '#fff6f6' : '#fff',
        borderLeft: depth > 0 ? '3px solid #d9d9d9' : undefined,
      }}
    >
      <Space align="start" size={8} style={{ width: '100%' }}>
        <Typography.Text
          type="secondary"
          className="problem-number"
          style={{ whiteSpace: 'nowrap' }}
          editable={{
            text: problem.number ?? '',
            tooltip: '修改编号',
            triggerType: ['icon'],
            onChange: (value) => edit((target) => (target.number = value.trim() || null)),
          }}
        >
          {depth > 0 ? '子项' : '问题'} {problem.number ?? '（无编号）'}
        </Typography.Text>
        <Typography.Text
          strong
          className="problem-title"
          style={{ flex: 1 }}
          editable={{
            tooltip: '修改标题',
            onChange: (value) => value.trim() && edit((target) => (target.title = value.trim())),
          }}
        >
          {problem.title}
        </Typography.Text>
      </Space>
      <div style={{ margin: '6px 0 0 0' }}>
        <Space size={[4, 4]} wrap>
          {problem.departments.length > 0 ? (
            problem.departments.map((name) => <Tag key={name}>{name}</Tag>)
          ) : (
            <Tag color="warning">无责任部门</Tag>
          )}
          {problem.deadline ? (
            <Tag color="blue">时限：{problem.deadline.text}</Tag>
          ) : (
            <Tag color="warning">无整改时限</Tag>
          )}
          {problem.leaders.length > 0 && <Tag color="purple">领导：{problem.leaders.join('、')}</Tag>}
          {problem.manifestations.length > 0 && (
            <Tooltip title={problem.manifestations.join('；')}>
              <Tag>具体表现 {problem.manifestations.length} 条</Tag>
            </Tooltip>
          )}
          {problem.status === 'completed' && <Tag color="success">已完成</Tag>}
        </Space>
      </div>
      {problem.measures.length > 0 && (
        <ol style={{ margin: '8px 0 0', paddingLeft: 22 }} className="measures">
          {problem.measures.map((measure, index) => (
            <li key={`${index}-${measure.slice(0, 8)}`} style={{ marginBottom: 4 }}>
              <div style={{ display: 'flex', gap: 4, alignItems: 'flex-start' }}>
                <Typography.Text
                  style={{ flex: 1, fontSize: 13 }}
                  editable={{
                    tooltip: '修改措施',
                    onChange: (value) =>
                      value.trim() && edit((target) => (target.measures[index] = value.trim())),
                  }}
                >
                  {measure}
                </Typography.Text>
                <ConcretenessBadge text={measure} />
                <Space size={0}>
                  <Tooltip title="拆分为两条措施">
                    <Button
                      type="text"
                      size="small"
                      aria-label="拆分措施"
                      icon={<ScissorOutlined />}
                      onClick={(event) => {
                        event.stopPropagation();
                        actions.onSplit(path, index, measure);
                      }}
                    />
                  </Tooltip>
                  <Tooltip title="与下一条合并">
                    <Button
                      type="text"
                      size="small"
                      aria-label="与下一条合并"
                      icon={<MergeCellsOutlined />}
                      disabled={index === problem.measures.length - 1}
                      onClick={(event) => {
                        event.stopPropagation();
                        actions.onEdit((document) => mergeMeasureWithNext(document, path, index));
                      }}
                    />
                  </Tooltip>
                  <Popconfirm
                    title="删除这条措施？"
                    okText="删除"
                    cancelText="取消"
                    onConfirm={() => actions.onEdit((document) => removeMeasure(document, path, index))}
                  >
                    <Button
                      type="text"
                      size="small"
                      danger
                      aria-label="删除措施"
                      icon={<DeleteOutlined />}
                      onClick={(event) => event.stopPropagation()}
                    />
                  </Popconfirm>
                </Space>
              </div>
            </li>
          ))}
        </ol>
      )}
      {problem.children.length > 0 && (
        <div style={{ marginTop: 8 }}>
          {problem.children.map((child, index) => (
            <ProblemNode
              key={index}
              problem={child}
              path={{ aspect: path.aspect, indexes: [...path.indexes, index] }}
              actions={actions}
              depth={depth + 1}
            />
          ))}
        </div>
      )}
    </div>
  );
}

function DraftTree({ document, actions }: { document: ParsedDocument; actions: ReviewActions }) {
  if (document.aspects.length === 0) {
    return <Empty description="没有识别出任何问题，请检查文件是否为整改方案或进展通报" />;
  }
  return (
    <div>
      {document.aspects.map((aspect, aspectIndex) => (
        <section key={aspectIndex} data-aspect={aspectIndex} style={{ marginBottom: 16 }}>
          <div
            style={{
              display: 'flex',
              alignItems: 'center',
              gap: 8,
              padding: '8px 12px',
              marginBottom: 8,
              background: '#fafafa',
              borderRadius: 6,
              borderLeft: '4px solid #b7272d',
            }}
          >
            <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
              {aspect.number ? `${aspect.number}、` : ''}
            </Typography.Text>
            <Typography.Text
              strong
              className="aspect-title"
              style={{ flex: 1, fontSize: 15 }}
              editable={{
                tooltip: '修改方面标题',
                onChange: (value) =>
                  value.trim() &&
                  actions.onEdit((document) => setAspectTitle(document, aspectIndex, value.trim())),
              }}
            >
              {aspect.title}
            </Typography.Text>
            <Tag>{aspect.problems.length} 个问题</Tag>
          </div>
          {aspect.problems.map((problem, index) => (
            <ProblemNode
              key={index}
              problem={problem}
              path={{ aspect: aspectIndex, indexes: [index] }}
              actions={actions}
              depth={0}
            />
          ))}
        </section>
      ))}
    </div>
  );
}

/** The source text, line by line, with the selected problem's line marked and scrolled to. */
function SourcePane({ text, focus }: { text: string; focus: string | null }) {
  const paneRef = useRef<HTMLDivElement>(null);
  const lines = useMemo(() => text.split(/\r?\n/), [text]);
  const focusLine = useMemo(() => {
    if (!focus) return -1;
    // An edited title may no longer match the source whole: try shorter and shorter openings.
    const compact = focus.replace(/\s+/g, '');
    const squeezed = lines.map((line) => line.replace(/\s+/g, ''));
    for (const length of [16, 10, 6]) {
      const needle = compact.slice(0, length);
      if (needle.length < Math.min(length, compact.length) || !needle) continue;
      const found = squeezed.findIndex((line) => line.includes(needle));
      if (found >= 0) return found;
    }
    return -1;
  }, [focus, lines]);

  useEffect(() => {
    const pane = paneRef.current;
    if (!pane || focusLine < 0) return;
    const element = pane.querySelector<HTMLElement>(`[data-line="${focusLine}"]`);
    if (element) pane.scrollTo({ top: Math.max(0, element.offsetTop - 80), behavior: 'smooth' });
  }, [focusLine]);

  if (!text.trim()) return <Empty description="该文件没有可显示的原文" />;
  return (
    <div
      ref={paneRef}
      className="source-text"
      style={{
        height: paneHeight,
        minHeight: 320,
        overflow: 'auto',
        position: 'relative',
        padding: '12px 16px',
      }}
    >
      {lines.map((line, index) => (
        <div
          key={index}
          data-line={index}
          style={{
            display: 'flex',
            gap: 10,
            fontSize: 13,
            lineHeight: 1.8,
            background: index === focusLine ? '#fff1b8' : undefined,
          }}
        >
          <span style={{ color: '#bfbfbf', width: 32, textAlign: 'right', flex: 'none', userSelect: 'none' }}>
            {index + 1}
          </span>
          <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{line || '\u00a0'}</span>
        </div>
      ))}
    </div>
  );
}

interface SplitTarget {
  path: ProblemPath;
  index: number;
  text: string;
}

function SplitModal({
  target,
  onClose,
  onSplit,
}: {
  target: SplitTarget | null;
  onClose(): void;
  onSplit(at: number): void;
}) {
  const [cursor, setCursor] = useState(0);
  const [separator, setSeparator] = useState('。');
  useEffect(() => setCursor(0), [target]);
  if (!target) return null;
  const bySeparator = separatorCut(target.text, separator);
  const at = cursor > 0 && cursor < target.text.length ? cursor : bySeparator;
  return (
    <Modal
      title="拆分措施"
      open
      onCancel={onClose}
      okText={cursor > 0 && cursor < target.text.length ? '在光标处拆分' : '按分隔符拆分'}
      okButtonProps={{ disabled: at <= 0 }}
      onOk={() => onSplit(at)}
      width={640}
    >
      <Typography.Paragraph type="secondary">
        在下面的文字中点击要拆开的位置，或填写分隔符（在它第一次出现处拆开）。
      </Typography.Paragraph>
      <Input.TextArea
        value={target.text}
        readOnly
        autoSize={{ minRows: 3, maxRows: 8 }}
        aria-label="措施原文"
        onSelect={(event) => setCursor(event.currentTarget.selectionStart)}
      />
      <Space style={{ margin: '12px 0' }}>
        分隔符
        <Input
          value={separator}
          onChange={(event) => {
            setSeparator(event.target.value);
            setCursor(0);
          }}
          style={{ width: 100 }}
          aria-label="分隔符"
        />
      </Space>
      {at > 0 ? (
        <Card size="small" title="拆分后">
          <ol style={{ margin: 0, paddingLeft: 20 }}>
            <li>{target.text.slice(0, at)}</li>
            <li>{target.text.slice(at)}</li>
          </ol>
        </Card>
      ) : (
        <Alert type="info" showIcon message="请点击拆分位置，或填写文中出现的分隔符" />
      )}
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------
// Step 3: defaults

interface DefaultsForm {
  deadlineText?: string;
  departments?: string[];
  departmentsForAll?: boolean;
}

function DefaultsStep({
  document,
  onApply,
}: {
  document: ParsedDocument;
  onApply(values: DefaultsForm): void;
}) {
  const [form] = Form.useForm<DefaultsForm>();
  const counts = countDraft(document);
  const departmentOptions = useMemo(() => {
    const names = new Set<string>();
    const walk = (problems: ParsedProblem[]) =>
      problems.forEach((problem) => {
        problem.departments.forEach((name) => names.add(name));
        walk(problem.children);
      });
    document.aspects.forEach((aspect) => walk(aspect.problems));
    return [...names].map((name) => ({ value: name, label: name }));
  }, [document]);
  return (
    <Row gutter={24}>
      <Col span={14}>
        <Form<DefaultsForm> form={form} layout="vertical" onFinish={onApply}>
          <Form.Item
            name="deadlineText"
            label="默认整改时限"
            extra={`应用到没有整改时限的 ${counts.withoutDeadline} 个问题；如“3个月内”“立行立改”“长期坚持”“2026年6月30日前”`}
          >
            <AutoComplete
              allowClear
              placeholder="输入或选择整改时限"
              options={['立行立改', '1个月内', '3个月内', '6个月内', '长期坚持'].map((value) => ({ value }))}
              aria-label="默认整改时限"
            />
          </Form.Item>
          <Form.Item
            name="departments"
            label="默认责任部门"
            extra={`应用到没有责任部门的 ${counts.withoutDepartments} 个问题；可输入新的部门名称`}
          >
            <Select
              mode="tags"
              placeholder="输入或选择部门"
              options={departmentOptions}
              aria-label="默认责任部门"
            />
          </Form.Item>
          <Form.Item name="departmentsForAll" label="责任部门应用到全部问题" valuePropName="checked">
            <Switch checkedChildren="全部" unCheckedChildren="仅空缺" />
          </Form.Item>
          <Button htmlType="submit">应用到草稿</Button>
        </Form>
      </Col>
      <Col span={10}>
        <Card size="small" title="当前草稿">
          <Row gutter={16}>
            <Col span={12}>
              <Statistic title="无整改时限的问题" value={counts.withoutDeadline} suffix="个" />
            </Col>
            <Col span={12}>
              <Statistic title="无责任部门的问题" value={counts.withoutDepartments} suffix="个" />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            此步可跳过。导入后，也可以在台账中逐项修改时限和责任部门。
          </Typography.Paragraph>
        </Card>
      </Col>
    </Row>
  );
}

// ---------------------------------------------------------------------------------------------
// Step 4: confirm

function ConfirmStep({ draft }: { draft: ImportDraft }) {
  const { document } = draft;
  const counts = countDraft(document);
  const declaredMismatch =
    document.declared.problems !== null && document.declared.problems !== counts.problems;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Row gutter={16}>
        {(
          [
            ['方面', counts.aspects],
            ['问题（含子项）', counts.problems],
            ['整改措施', counts.measures],
            ['具体表现', counts.manifestations],
          ] as const
        ).map(([title, value]) => (
          <Col span={6} key={title}>
            <Card size="small">
              <Statistic title={title} value={value} data-count={title} />
            </Card>
          </Col>
        ))}
      </Row>
      {declaredMismatch && (
        <Alert
          type="warning"
          showIcon
          message={`文中写明 ${document.declared.problems} 个问题，草稿中有 ${counts.problems} 个，请确认是否遗漏或重复`}
        />
      )}
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label="文件">{draft.fileName}</Descriptions.Item>
        <Descriptions.Item label="文件类型">{kindLabels[document.kind]}</Descriptions.Item>
        <Descriptions.Item label="标题">{document.title ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="被巡察单位">{document.unit ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="巡察组">{document.inspection.inspector ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="反馈日期">{document.inspection.feedback_date ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Alert
        type="info"
        showIcon
        message="确认后，以上问题、措施、责任部门和时限将一次性写入该巡察的整改台账（状态为草稿），此后不能再次导入。"
      />
    </Space>
  );
}

// ---------------------------------------------------------------------------------------------
// The wizard

export function ImportWizardPage() {
  const params = useParams();
  const inspectionId = Number(params.id);
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [searchParams, setSearchParams] = useSearchParams();
  const draftParam = searchParams.get('draft');
  const [inspection, setInspection] = useState<InspectionDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<ImportDraft | null>(null);
  const [step, setStep] = useState(0);
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const [selected, setSelected] = useState<{ key: string; title: string } | null>(null);
  const [splitTarget, setSplitTarget] = useState<SplitTarget | null>(null);
  const [isCommitting, setIsCommitting] = useState(false);
  const [committed, setCommitted] = useState<ImportCommitResult | null>(null);
  const draftRef = useRef<ImportDraft | null>(null);
  const saveChain = useRef<Promise<void>>(Promise.resolve());

  const showDraft = useCallback((next: ImportDraft | null) => {
    draftRef.current = next;
    setDraft(next);
  }, []);

  useEffect(() => {
    api
      .get<InspectionDetail>(`/api/inspections/${inspectionId}`)
      .then(setInspection)
      .catch((caught: unknown) =>
        setLoadError(caught instanceof ApiError ? caught.message : '加载巡察信息失败，请刷新重试'),
      );
  }, [inspectionId]);

  // Resume a draft named in the URL (after a reload).
  useEffect(() => {
    if (!draftParam || draftRef.current?.draftId === Number(draftParam)) return;
    api
      .get<ImportDraft>(`/api/imports/${draftParam}`)
      .then((loaded) => {
        if (loaded.status !== 'draft') {
          setSearchParams({}, { replace: true });
          return;
        }
        showDraft(loaded);
        setStep(1);
      })
      .catch((caught: unknown) => {
        message.error(caught instanceof ApiError ? caught.message : '无法载入导入草稿');
        setSearchParams({}, { replace: true });
      });
  }, [draftParam, message, setSearchParams, showDraft]);

  const reload = useCallback(async () => {
    const current = draftRef.current;
    if (!current) return;
    const loaded = await api.get<ImportDraft>(`/api/imports/${current.draftId}`);
    showDraft(loaded);
  }, [showDraft]);

  /** Applies an edit at once and saves it to the draft after the saves before it. */
  const edit = useCallback(
    (change: (document: ParsedDocument) => ParsedDocument) => {
      const current = draftRef.current;
      if (!current) return;
      const document = change(current.document);
      showDraft({ ...current, document });
      setSaveState('saving');
      saveChain.current = saveChain.current.then(async () => {
        const latest = draftRef.current;
        if (!latest) return;
        try {
          const saved = await api.put<ImportDraft>(`/api/imports/${latest.draftId}`, {
            version: latest.version,
            document,
          });
          const now = draftRef.current;
          if (now) showDraft({ ...now, version: saved.version, warnings: saved.warnings });
          setSaveState('saved');
        } catch (caught) {
          setSaveState('error');
          const text = caught instanceof ApiError ? caught.message : '保存失败，请检查网络后重试';
          message.error(
            caught instanceof ApiError && caught.status === 409
              ? `${text}；已载入最新的草稿`
              : `${text}；该修改未保存，已恢复为服务器上的草稿`,
          );
          await reload().catch(() => undefined);
        }
      });
    },
    [message, reload, showDraft],
  );

  async function discard() {
    await saveChain.current;
    const current = draftRef.current;
    try {
      if (current) await api.delete(`/api/imports/${current.draftId}`);
      message.success('已放弃本次导入，台账没有任何改动');
      navigate('/inspections');
    } catch (caught) {
      message.error(caught instanceof ApiError ? caught.message : '放弃导入失败，请稍后重试');
    }
  }

  async function commit() {
    setIsCommitting(true);
    try {
      await saveChain.current;
      const current = draftRef.current;
      if (!current) return;
      const result = await api.post<ImportCommitResult>(`/api/imports/${current.draftId}/commit`, {
        version: current.version,
      });
      setCommitted(result);
      setSearchParams({}, { replace: true });
    } catch (caught) {
      message.error(caught instanceof ApiError ? caught.message : '导入失败，请稍后重试；台账没有任何改动');
      if (caught instanceof ApiError && caught.status === 409) await reload().catch(() => undefined);
    } finally {
      setIsCommitting(false);
    }
  }

  const actions: ReviewActions = {
    selected: selected?.key ?? null,
    onSelect: (path, problem) => setSelected({ key: pathKey(path), title: problem.title }),
    onEdit: edit,
    onSplit: (path, index, text) => setSplitTarget({ path, index, text }),
  };

  if (loadError) return <Result status="404" title="无法打开导入向导" subTitle={loadError} />;
  if (!inspection) return <Spin style={{ display: 'block', padding: 48 }} tip="加载中…" />;

  const title = (
    <InspectionPageTitle section="导入整改方案">
      {inspection.unit.name} · {inspection.round.name}
      {inspection.group ? ` · ${inspection.group.name}` : ''}
    </InspectionPageTitle>
  );

  if (committed) {
    return (
      <Card title={title}>
        <Result
          status="success"
          title="导入完成"
          subTitle={`已写入 ${committed.counts.aspects} 个方面、${committed.counts.problems} 个问题、${committed.counts.measures} 条整改措施；新建责任部门 ${committed.counts.departmentsCreated} 个。`}
          extra={[
            <Link key="ledger" to={`/ledger?inspectionId=${inspectionId}`}>
              <Button type="primary">查看该巡察的整改台账</Button>
            </Link>,
            <Link key="registers" to={`/inspections/${inspectionId}/registers`}>
              <Button>登记整改成果</Button>
            </Link>,
            <Link key="back" to="/inspections">
              <Button>返回巡察管理</Button>
            </Link>,
          ]}
        />
      </Card>
    );
  }

  if (inspection.counts.problems > 0 && !draft) {
    return (
      <Card title={title}>
        <Result
          status="info"
          title="该巡察的整改问题已经导入"
          subTitle={`台账中已有 ${inspection.counts.problems} 个问题，不能重复导入。`}
          extra={
            <Link to={`/ledger?inspectionId=${inspectionId}`}>
              <Button type="primary">查看整改台账</Button>
            </Link>
          }
        />
      </Card>
    );
  }

  const counts = draft ? countDraft(draft.document) : null;
  return (
    <Card
      title={title}
      extra={
        draft && (
          <Space>
            <Typography.Text type="secondary" className="save-state">
              {saveState === 'saving'
                ? '保存中…'
                : saveState === 'error'
                  ? '保存失败'
                  : `草稿已保存（第 ${draft.version} 版）`}
            </Typography.Text>
            <Popconfirm
              title="放弃本次导入？"
              description="草稿和其中的修改将被删除，台账不受影响。"
              okText="放弃"
              cancelText="继续核对"
              okButtonProps={{ danger: true }}
              onConfirm={() => void discard()}
            >
              <Button danger>放弃</Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={[{ title: '上传文件' }, { title: '核对' }, { title: '设置默认值' }, { title: '确认导入' }]}
      />
      {step === 0 && (
        <UploadStep
          inspectionId={inspectionId}
          onParsed={(parsed) => {
            showDraft(parsed);
            setSaveState('idle');
            setSearchParams({ draft: String(parsed.draftId) }, { replace: true });
            setStep(1);
          }}
        />
      )}
      {step === 1 && draft && counts && (
        <>
          {draft.warnings.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              message={`解析提示 ${draft.warnings.length} 条，请对照原文核对`}
              description={
                <ul style={{ margin: 0, paddingLeft: 20, maxHeight: 96, overflow: 'auto' }}>
                  {draft.warnings.map((warning, index) => (
                    <li key={index}>{warning}</li>
                  ))}
                </ul>
              }
            />
          )}
          <Row gutter={16}>
            <Col span={14}>
              <Card
                size="small"
                title={`解析结果：${counts.aspects} 个方面、${counts.problems} 个问题、${counts.measures} 条措施`}
                extra={
                  <Typography.Text type="secondary">
                    点击标题右侧图标可修改；点击问题可在原文中定位
                  </Typography.Text>
                }
                styles={{ body: { padding: 12 } }}
              >
                <div
                  className="draft-tree"
                  style={{ height: paneHeight, minHeight: 320, overflow: 'auto', paddingRight: 4 }}
                >
                  <DraftTree document={draft.document} actions={actions} />
                </div>
              </Card>
            </Col>
            <Col span={10}>
              <Card size="small" title={`原文：${draft.fileName}`} styles={{ body: { padding: 0 } }}>
                <SourcePane text={draft.sourceText} focus={selected?.title ?? null} />
              </Card>
            </Col>
          </Row>
        </>
      )}
      {step === 2 && draft && (
        <DefaultsStep
          document={draft.document}
          onApply={(values) => {
            if (!values.deadlineText && !(values.departments ?? []).length) {
              message.info('没有填写默认值');
              return;
            }
            edit((document) => applyDefaults(document, values));
            message.success('默认值已应用到草稿');
          }}
        />
      )}
      {step === 3 && draft && <ConfirmStep draft={draft} />}
      {step > 0 && (
        <div style={{ marginTop: 24, display: 'flex', justifyContent: 'space-between' }}>
          <Button disabled={step <= 1} onClick={() => setStep(step - 1)}>
            上一步
          </Button>
          {step < 3 ? (
            <Button type="primary" onClick={() => setStep(step + 1)} disabled={!draft}>
              {step === 2 ? '下一步（可跳过）' : '下一步'}
            </Button>
          ) : (
            <Button
              type="primary"
              loading={isCommitting}
              disabled={!counts || counts.problems === 0}
              onClick={() => void commit()}
            >
              确认导入
            </Button>
          )}
        </div>
      )}
      <SplitModal
        target={splitTarget}
        onClose={() => setSplitTarget(null)}
        onSplit={(at) => {
          if (splitTarget)
            edit((document) => splitMeasure(document, splitTarget.path, splitTarget.index, at));
          setSplitTarget(null);
        }}
      />
    </Card>
  );
}
