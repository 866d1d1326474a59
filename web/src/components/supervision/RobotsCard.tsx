// The office's robots (通知机器人): a table with add, change, switch on/off, remove and
// 发送测试消息, whose answer (delivered, or the robot's error) shows at once.
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Popconfirm,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import { api } from '../../api/client.ts';
import type { Robot, RobotTestResult } from '../../api/supervisionTypes.ts';
import { errorText, formatInstant, isConflict } from '../problem/model.ts';
import { notificationKindShort, robotKindLabels } from './labels.ts';
import { RobotFormModal } from './RobotFormModal.tsx';

type Dialog = { robot: Robot | null } | null;

export function RobotsCard() {
  const { message } = AntApp.useApp();
  const [robots, setRobots] = useState<Robot[] | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [results, setResults] = useState<Map<number, RobotTestResult>>(new Map());

  const load = useCallback(() => {
    api
      .get<{ items: Robot[] }>('/api/office/robots')
      .then((result) => setRobots(result.items))
      .catch((caught: unknown) => setBanner(errorText(caught, '加载机器人失败')));
  }, []);
  useEffect(load, [load]);

  const conflict = () => {
    setBanner('机器人设置已被他人修改，已刷新列表，请重试');
    load();
  };

  /** Sends one change of a robot; a version conflict reloads the list and says so. */
  async function change(robot: Robot, request: () => Promise<unknown>, done: string) {
    setBusyId(robot.id);
    try {
      await request();
      message.success(done);
      load();
    } catch (caught) {
      if (isConflict(caught)) conflict();
      else setBanner(errorText(caught));
    } finally {
      setBusyId(null);
    }
  }

  const toggle = (robot: Robot, enabled: boolean) =>
    change(
      robot,
      () => api.put<Robot>(`/api/office/robots/${robot.id}`, { version: robot.version, enabled }),
      enabled ? `已启用「${robot.name}」` : `已停用「${robot.name}」`,
    );

  const remove = (robot: Robot) =>
    change(
      robot,
      () => api.delete(`/api/office/robots/${robot.id}`, { version: robot.version }),
      `已删除「${robot.name}」`,
    );

  async function sendTest(robot: Robot) {
    setBusyId(robot.id);
    try {
      const result = await api.post<RobotTestResult>(`/api/office/robots/${robot.id}/test`);
      setResults((previous) => new Map(previous).set(robot.id, result));
      if (result.ok) message.success(`测试消息已发送到「${robot.name}」`);
      else message.error(`「${robot.name}」发送失败：${result.error ?? '未知错误'}`);
    } catch (caught) {
      setBanner(errorText(caught));
    } finally {
      setBusyId(null);
    }
  }

  const columns: ColumnsType<Robot> = [
    {
      title: '名称',
      dataIndex: 'name',
      render: (name: string, robot) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {robotKindLabels[robot.kind]}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '地址（已隐去凭证）',
      dataIndex: 'url',
      render: (url: string, robot) => (
        <Space direction="vertical" size={0}>
          <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>
            {url}
          </Typography.Text>
          {robot.hasSecret && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              签名密钥 {robot.secret}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '推送类别',
      dataIndex: 'kinds',
      render: (kinds: Robot['kinds']) =>
        kinds.length === 5 ? (
          <Tag>全部</Tag>
        ) : (
          kinds.map((kind) => <Tag key={kind}>{notificationKindShort[kind]}</Tag>)
        ),
    },
    {
      title: '启用',
      dataIndex: 'enabled',
      width: 90,
      render: (enabled: boolean, robot) => (
        <Switch
          checked={enabled}
          loading={busyId === robot.id}
          aria-label={`启用「${robot.name}」`}
          onChange={(checked) => void toggle(robot, checked)}
        />
      ),
    },
    {
      title: '最近发送',
      key: 'last',
      render: (_: unknown, robot) => {
        const tested = results.get(robot.id);
        if (tested)
          return tested.ok ? (
            <Tag color="success" data-testid={`robot-test-${robot.id}`}>
              测试成功 {formatInstant(tested.at)}
            </Tag>
          ) : (
            <Tooltip title={tested.error}>
              <Tag color="error" data-testid={`robot-test-${robot.id}`}>
                测试失败：{(tested.error ?? '').slice(0, 40)}
              </Tag>
            </Tooltip>
          );
        const last = robot.lastDelivery;
        if (!last) return <Typography.Text type="secondary">—</Typography.Text>;
        const color = last.status === 'sent' ? 'success' : last.status === 'failed' ? 'error' : 'processing';
        const label = last.status === 'sent' ? '已送达' : last.status === 'failed' ? '发送失败' : '重试中';
        return (
          <Tooltip title={last.error ?? undefined}>
            <Tag color={color}>
              {label} {formatInstant(last.at)}
            </Tag>
          </Tooltip>
        );
      },
    },
    {
      title: '操作',
      key: 'actions',
      render: (_: unknown, robot) => (
        <Space wrap>
          <Button
            size="small"
            icon={<SendOutlined />}
            loading={busyId === robot.id}
            onClick={() => void sendTest(robot)}
          >
            发送测试消息
          </Button>
          <Button size="small" onClick={() => setDialog({ robot })}>
            修改
          </Button>
          <Popconfirm
            title={`删除「${robot.name}」？`}
            description="删除后不再向该群推送，已有的发送记录一并删除。"
            okText="删除"
            cancelText="取消"
            onConfirm={() => void remove(robot)}
          >
            <Button size="small" danger>
              删除
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title="通知机器人"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ robot: null })}>
          添加机器人
        </Button>
      }
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          提醒与督办消息会推送到这里启用的企业微信、钉钉、飞书群机器人或通用
          Webhook；每条消息每个群只推送一次。
        </Typography.Text>
        {banner && <Alert type="error" showIcon message={banner} closable onClose={() => setBanner(null)} />}
        <Table<Robot>
          rowKey="id"
          size="middle"
          loading={robots === null}
          dataSource={robots ?? []}
          columns={columns}
          pagination={false}
          locale={{ emptyText: '尚未添加机器人' }}
        />
      </Space>
      {dialog && (
        <RobotFormModal
          robot={dialog.robot}
          onSaved={(saved) => {
            message.success(dialog.robot ? `已保存「${saved.name}」` : `已添加「${saved.name}」`);
            setDialog(null);
            load();
          }}
          onConflict={() => {
            setDialog(null);
            conflict();
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}
