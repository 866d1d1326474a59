// 佐证材料: the files with download links, hashes and who uploaded them; owners upload by drag
// and drop (or click) with a progress bar, a description and the day the material was made.
// The server decides what is accepted; its Chinese size and type errors are shown as they are.
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Input,
  List,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { UploadProps } from 'antd';
import { DeleteOutlined, FileOutlined, InboxOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client.ts';
import type { ApiErrorBody } from '../../api/types.ts';
import { useAuth } from '../../auth.tsx';
import {
  errorText,
  evidenceWriterRoles,
  formatBytes,
  formatInstant,
  shortHash,
  type EvidenceItem,
  type ProblemDetail,
} from './model.ts';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.ofd,.txt,.mp4';

class UploadError extends Error {}

/** Sends one file as multipart with XMLHttpRequest, for its upload progress events. */
function uploadWithProgress(
  url: string,
  form: FormData,
  onProgress: (percent: number) => void,
): Promise<EvidenceItem> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.withCredentials = true;
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onerror = () => reject(new UploadError('无法连接服务器，请检查网络后重试'));
    request.onload = () => {
      let body: unknown;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (request.status >= 200 && request.status < 300) resolve(body as EvidenceItem);
      else {
        const message = (body as ApiErrorBody | undefined)?.error?.message;
        reject(new UploadError(message ?? `上传失败（${request.status}），请稍后重试`));
      }
    };
    request.send(form);
  });
}

export function EvidenceSection({
  problem,
  reloadKey,
  onChanged,
}: {
  problem: ProblemDetail;
  reloadKey: number;
  onChanged: () => void;
}) {
  const { user } = useAuth();
  const { message } = App.useApp();
  const [items, setItems] = useState<EvidenceItem[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [effectiveOn, setEffectiveOn] = useState<Dayjs | null>(null);
  const [measureId, setMeasureId] = useState<number | undefined>(undefined);
  const canWrite = !!user && evidenceWriterRoles.includes(user.role) && problem.state !== 'closed';

  const load = useCallback(() => {
    api
      .get<{ items: EvidenceItem[] }>(`/api/problems/${problem.id}/evidence`)
      .then((result) => {
        setItems(result.items);
        setLoadError(null);
      })
      .catch((caught: unknown) => setLoadError(errorText(caught, '加载佐证材料失败')));
  }, [problem.id]);

  useEffect(() => load(), [load, reloadKey]);

  const customRequest: UploadProps['customRequest'] = ({ file, onProgress, onSuccess, onError }) => {
    setUploadError(null);
    const form = new FormData();
    // Text fields first: the server reads the parts in order.
    if (description.trim()) form.append('description', description.trim());
    if (effectiveOn) form.append('effectiveOn', effectiveOn.format('YYYY-MM-DD'));
    if (measureId) form.append('measureId', String(measureId));
    form.append('file', file as Blob);
    uploadWithProgress(`/api/problems/${problem.id}/evidence`, form, (percent) => onProgress?.({ percent }))
      .then((created) => {
        onSuccess?.(created);
        message.success(`已上传「${created.fileName}」`);
        setDescription('');
        setEffectiveOn(null);
        onChanged();
      })
      .catch((caught: unknown) => {
        const text = caught instanceof Error ? caught.message : '上传失败';
        setUploadError(text);
        onError?.(new Error(text));
      });
  };

  async function remove(item: EvidenceItem) {
    try {
      await api.delete(`/api/evidence/${item.id}?version=${item.version}`);
      message.success('已删除');
      onChanged();
    } catch (caught) {
      message.error(errorText(caught));
      load();
    }
  }

  return (
    <Card
      title="佐证材料"
      size="small"
      data-section="evidence"
      extra={items && <Typography.Text type="secondary">共 {items.length} 份</Typography.Text>}
    >
      {canWrite && (
        <div style={{ marginBottom: 16 }}>
          <Row gutter={12} style={{ marginBottom: 12 }}>
            <Col span={problem.measures.length > 0 ? 10 : 16}>
              <Input
                placeholder="材料说明，如：整改会议纪要、制度文件"
                value={description}
                maxLength={2000}
                onChange={(event) => setDescription(event.target.value)}
                aria-label="材料说明"
              />
            </Col>
            <Col span={problem.measures.length > 0 ? 6 : 8}>
              <DatePicker
                placeholder="材料形成日期"
                value={effectiveOn}
                onChange={setEffectiveOn}
                style={{ width: '100%' }}
                aria-label="材料形成日期"
              />
            </Col>
            {problem.measures.length > 0 && (
              <Col span={8}>
                <Select
                  allowClear
                  placeholder="对应措施（可选）"
                  value={measureId}
                  onChange={setMeasureId}
                  style={{ width: '100%' }}
                  aria-label="对应措施"
                  options={problem.measures.map((measure, index) => ({
                    value: measure.id,
                    label: `${index + 1}. ${measure.text}`,
                  }))}
                />
              </Col>
            )}
          </Row>
          <Upload.Dragger
            name="file"
            multiple={false}
            accept={ACCEPT}
            customRequest={customRequest}
            data-testid="evidence-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">将文件拖到此处，或点击选择文件上传</p>
            <p className="ant-upload-hint">
              支持 PDF、图片、Word/Excel/PowerPoint、OFD、文本、MP4，单个文件不超过 50
              MB；先填写说明和日期再上传
            </p>
          </Upload.Dragger>
          {uploadError && (
            <Alert
              type="error"
              showIcon
              message="上传失败"
              description={uploadError}
              style={{ marginTop: 12 }}
              closable
              onClose={() => setUploadError(null)}
            />
          )}
        </div>
      )}
      {loadError ? (
        <Alert type="error" showIcon message={loadError} action={<Button onClick={load}>重试</Button>} />
      ) : !items ? (
        <div style={{ textAlign: 'center', padding: 24 }}>
          <Spin />
        </div>
      ) : items.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={canWrite ? '尚无佐证材料，申请销号前须上传' : '尚无佐证材料'}
        />
      ) : (
        <List
          size="small"
          dataSource={items}
          data-testid="evidence-list"
          renderItem={(item) => (
            <List.Item
              actions={
                canWrite && !item.isInSnapshot
                  ? [
                      <Popconfirm
                        key="delete"
                        title={`删除「${item.fileName}」？`}
                        okText="删除"
                        cancelText="取消"
                        okButtonProps={{ danger: true }}
                        onConfirm={() => remove(item)}
                      >
                        <Button
                          type="text"
                          danger
                          size="small"
                          icon={<DeleteOutlined />}
                          aria-label="删除材料"
                        />
                      </Popconfirm>,
                    ]
                  : undefined
              }
            >
              <List.Item.Meta
                avatar={<FileOutlined style={{ fontSize: 20, color: '#8c8c8c' }} />}
                title={
                  <Space size={8} wrap>
                    <a href={`/api/evidence/${item.id}/content`} download={item.fileName}>
                      {item.fileName}
                    </a>
                    <Typography.Text type="secondary">{formatBytes(item.sizeBytes)}</Typography.Text>
                    {item.isInSnapshot && (
                      <Tooltip title="已作为销号申请的依据，不能删除">
                        <Tag color="gold">销号依据</Tag>
                      </Tooltip>
                    )}
                  </Space>
                }
                description={
                  <Space direction="vertical" size={0}>
                    {item.description && <Typography.Text>{item.description}</Typography.Text>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {item.effectiveOn ? `形成于 ${item.effectiveOn} · ` : ''}
                      {item.uploadedBy?.displayName ?? '—'} 上传于 {formatInstant(item.uploadedAt)} · SHA-256{' '}
                      <Tooltip title={item.sha256}>
                        <code>{shortHash(item.sha256)}</code>
                      </Tooltip>
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
