// Publishes an inspection's progress notice (整改进展情况通报) to the public pages as a new,
// unchangeable version, after a confirmation, and links to the public page it got.
import { useState } from 'react';
import { App as AntApp, Popconfirm, Typography } from 'antd';
import { api, ApiError } from '../../api/client.ts';

interface Publication {
  id: number;
  version: number;
}

export function PublishNoticeButton(props: { inspectionId: number; unitName: string }) {
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const publish = async () => {
    setBusy(true);
    try {
      const { publication } = await api.post<{ publication: Publication }>(
        `/api/inspections/${props.inspectionId}/publications`,
        {},
      );
      void message.success(
        <span>
          已公开发布第 {publication.version} 版通报，
          <a href={`/public/notices/${publication.id}`} target="_blank" rel="noreferrer">
            查看公开页面
          </a>
        </span>,
      );
    } catch (error) {
      void message.error(error instanceof ApiError ? error.message : '发布失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Popconfirm
      title="公开发布整改进展情况通报"
      description={`将按今天的台账生成${props.unitName}的通报并在公开页面发布，发布后不能修改（可再发新版本）。`}
      okText="发布"
      cancelText="取消"
      onConfirm={() => void publish()}
    >
      <Typography.Link disabled={busy}>公开通报</Typography.Link>
    </Popconfirm>
  );
}
