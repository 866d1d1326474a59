// 具体表现 and 成效目标, and the sub-problems when the problem has any.
import { Card, Empty, List, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { StateTag } from '../StateTag.tsx';
import type { ProblemDetail } from './model.ts';

export function ContentSection({ problem }: { problem: ProblemDetail }) {
  return (
    <Card size="small" title="具体表现" data-section="manifestations">
      {problem.manifestations.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未列出具体表现" />
      ) : (
        <ol style={{ paddingLeft: 20, margin: 0 }}>
          {problem.manifestations.map((item) => (
            <li key={item.id} style={{ marginBottom: 6, lineHeight: 1.7 }}>
              {item.text}
            </li>
          ))}
        </ol>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        成效目标
      </Typography.Title>
      {problem.goal ? (
        <Typography.Paragraph style={{ marginBottom: 0, lineHeight: 1.7 }}>
          {problem.goal}
        </Typography.Paragraph>
      ) : (
        <Typography.Text type="secondary">未填写成效目标</Typography.Text>
      )}
      {problem.children.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            子问题
          </Typography.Title>
          <List
            size="small"
            dataSource={problem.children}
            renderItem={(child) => (
              <List.Item extra={<StateTag state={child.state} />}>
                <Link to={`/problems/${child.id}`}>
                  {child.number ? `${child.number} ` : ''}
                  {child.title}
                </Link>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
