// 质量评价权重 (inspection office only): each indicator's weight and the grade thresholds, checked
// as the API checks them (whole weights adding up to 100; 好 > 较好 > 一般 within 1–100), with a
// preview of how the units' grades would fall before anything is saved.
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  InputNumber,
  Space,
  Spin,
  Table,
  Typography,
} from 'antd';
import { api, ApiError } from '../api/client.ts';
import { formatInstant } from '../components/problem/model.ts';

const indicators = [
  { name: 'timeliness', label: '按时完成', hint: '到期或已销号的问题中按期销号的比例' },
  { name: 'evidence', label: '佐证完整', hint: '申请销号或已销号的问题中有佐证材料的比例' },
  { name: 'concreteness', label: '措施具体', hint: '整改措施具体性平均分' },
  { name: 'duplication', label: '材料原创', hint: '未涉及雷同材料的问题比例' },
  { name: 'rebound', label: '未反弹', hint: '未出现反弹的问题比例' },
  { name: 'overdue', label: '未逾期', hint: '未逾期的问题比例' },
  { name: 'publicFeedback', label: '群众评价', hint: '涉及本单位问题的群众意见中已答复的比例' },
] as const;

type IndicatorName = (typeof indicators)[number]['name'];
type Weights = Record<IndicatorName, number>;
type Grade = '好' | '较好' | '一般' | '差';

interface Thresholds {
  good: number;
  fairlyGood: number;
  average: number;
}

interface Settings {
  weights: Weights;
  thresholds: Thresholds;
  version: number;
}

interface Preview {
  units: number;
  current: Record<Grade, number>;
  proposed: Record<Grade, number>;
  changed: number;
  computedAt: string;
  isUpdating: boolean;
}

const thresholdFields: Array<{ key: keyof Thresholds; label: string }> = [
  { key: 'good', label: '好' },
  { key: 'fairlyGood', label: '较好' },
  { key: 'average', label: '一般' },
];

/** The same checks as the API, so the office sees what is wrong before saving. */
function problemsOf(weights: Weights, thresholds: Thresholds): string[] {
  const problems: string[] = [];
  const values = indicators.map((indicator) => weights[indicator.name]);
  if (values.some((value) => !Number.isInteger(value) || value < 0 || value > 100)) {
    problems.push('各项权重须为0至100的整数');
  }
  const total = values.reduce((sum, value) => sum + value, 0);
  if (total !== 100) problems.push(`各项权重之和须为100（现为${total}）`);
  const { good, fairlyGood, average } = thresholds;
  if (![good, fairlyGood, average].every((value) => value >= 1 && value <= 100)) {
    problems.push('等次分数线须在1至100之间');
  } else if (!(good > fairlyGood && fairlyGood > average)) {
    problems.push('等次分数线须满足 好 > 较好 > 一般');
  }
  return problems;
}

export function QualityWeightsPage() {
  const { message } = AntApp.useApp();
  const [saved, setSaved] = useState<Settings | null>(null);
  const [weights, setWeights] = useState<Weights | null>(null);
  const [thresholds, setThresholds] = useState<Thresholds | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const load = () =>
    api
      .get<Settings>('/api/quality/weights')
      .then((settings) => {
        setSaved(settings);
        setWeights(settings.weights);
        setThresholds(settings.thresholds);
        setPreview(null);
      })
      .catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : '加载评价权重失败'));
  useEffect(() => {
    void load();
    // Loaded once; saving reloads explicitly.
  }, []);

  const problems = useMemo(
    () => (weights && thresholds ? problemsOf(weights, thresholds) : []),
    [weights, thresholds],
  );
  const total = weights ? indicators.reduce((sum, indicator) => sum + weights[indicator.name], 0) : 0;

  if (!weights || !thresholds || !saved) {
    return error ? <Alert type="error" showIcon message={error} /> : <Spin />;
  }

  const runPreview = async () => {
    setIsBusy(true);
    try {
      setPreview(await api.post<Preview>('/api/quality/grades/preview', { weights, thresholds }));
    } catch (caught) {
      void message.error(caught instanceof ApiError ? caught.message : '预览失败，请重试');
    } finally {
      setIsBusy(false);
    }
  };

  const save = async () => {
    setIsBusy(true);
    try {
      await api.put('/api/quality/weights', { weights, thresholds, version: saved.version });
      void message.success('评价权重已保存');
      await load();
    } catch (caught) {
      void message.error(caught instanceof ApiError ? caught.message : '保存失败，请重试');
    } finally {
      setIsBusy(false);
    }
  };

  const grades: Grade[] = ['好', '较好', '一般', '差'];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} className="quality-weights">
      <Typography.Title level={3} style={{ margin: 0 }}>
        质量评价权重
      </Typography.Title>
      <Card title="评价指标权重（合计须为100）">
        <Table
          rowKey="name"
          size="small"
          pagination={false}
          dataSource={[...indicators]}
          columns={[
            { title: '评价指标', dataIndex: 'label', width: 120 },
            { title: '计算方法', dataIndex: 'hint' },
            {
              title: '权重',
              width: 140,
              render: (_: unknown, indicator) => (
                <InputNumber<number>
                  min={0}
                  max={100}
                  precision={0}
                  value={weights[indicator.name]}
                  aria-label={`权重-${indicator.label}`}
                  onChange={(value) => {
                    setWeights({ ...weights, [indicator.name]: value ?? 0 });
                    setPreview(null);
                  }}
                />
              ),
            },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                合计
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2}>
                <Typography.Text type={total === 100 ? undefined : 'danger'} className="weights-total">
                  {total}
                </Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      </Card>
      <Card title="等次分数线（得分不低于分数线即评为该等次，其余为“差”）">
        <Space size={24} wrap>
          {thresholdFields.map((field) => (
            <Space key={field.key}>
              <span>{field.label} ≥</span>
              <InputNumber<number>
                min={1}
                max={100}
                step={0.5}
                value={thresholds[field.key]}
                aria-label={`分数线-${field.label}`}
                onChange={(value) => {
                  setThresholds({ ...thresholds, [field.key]: value ?? 0 });
                  setPreview(null);
                }}
              />
            </Space>
          ))}
        </Space>
      </Card>
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          className="weights-problems"
          message={problems.map((problem) => (
            <div key={problem}>{problem}</div>
          ))}
        />
      )}
      <Space>
        <Button onClick={() => void runPreview()} disabled={problems.length > 0} loading={isBusy}>
          预览等次变化
        </Button>
        <Button
          type="primary"
          className="save-weights"
          onClick={() => void save()}
          disabled={problems.length > 0}
          loading={isBusy}
        >
          保存
        </Button>
      </Space>
      {preview && (
        <Card title="等次分布预览（未保存）" className="grade-preview">
          <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="参评单位">{preview.units}</Descriptions.Item>
            <Descriptions.Item label="等次将变化的单位">
              <span className="preview-changed">{preview.changed}</span>
            </Descriptions.Item>
            <Descriptions.Item label="指标" span={2}>
              <span className="grades-freshness" data-updating={String(preview.isUpdating)}>
                计算于 {formatInstant(preview.computedAt)}
                {preview.isUpdating && '，正在更新（稍后重新预览可得最新结果）'}
              </span>
            </Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="grade"
            size="small"
            pagination={false}
            dataSource={grades.map((grade) => ({
              grade,
              current: preview.current[grade],
              proposed: preview.proposed[grade],
            }))}
            columns={[
              { title: '等次', dataIndex: 'grade' },
              { title: '现行', dataIndex: 'current', align: 'right' },
              {
                title: '调整后',
                dataIndex: 'proposed',
                align: 'right',
                render: (value: number, row) => (
                  <span className="preview-proposed" data-grade={row.grade}>
                    {value}
                  </span>
                ),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
