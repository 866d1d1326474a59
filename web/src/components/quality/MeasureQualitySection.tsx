// 措施具体性 on the problem page: each measure of the item with its concreteness badge and the
// reasons, scored by the server in the ledger's context (owners, evidence, review).
import { useEffect, useState } from 'react';
import { Alert, Card, List, Typography } from 'antd';
import { api, ApiError } from '../../api/client.ts';
import { ConcretenessTag } from './ConcretenessBadge.tsx';
import type { ConcretenessScore } from './concreteness.ts';

interface MeasureScore extends ConcretenessScore {
  measureId: number;
  position: number;
  text: string;
}

export function MeasureQualitySection({ problemId, reloadKey }: { problemId: number; reloadKey: unknown }) {
  const [measures, setMeasures] = useState<MeasureScore[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    api
      .get<{ measures: MeasureScore[] }>('/api/quality/measures', { problemId })
      .then((body) => setMeasures(body.measures))
      .catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : '加载措施评分失败'));
  }, [problemId, reloadKey]);

  return (
    <Card title="措施具体性" size="small" className="measure-quality" loading={!measures && !error}>
      {error && <Alert type="error" showIcon message={error} />}
      {measures && (
        <List
          size="small"
          dataSource={measures}
          locale={{ emptyText: '暂无整改措施' }}
          renderItem={(measure, index) => (
            <List.Item key={measure.measureId} extra={<ConcretenessTag score={measure} />}>
              <Typography.Text style={{ fontSize: 13 }}>
                {index + 1}. {measure.text.length > 40 ? `${measure.text.slice(0, 40)}…` : measure.text}
              </Typography.Text>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {measure.summary}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
