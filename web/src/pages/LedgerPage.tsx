// The ledger (台账): a tree of aspect → problem → child → measure, with every filter of the API in
// the URL (so a view can be bookmarked, saved and shared), a column chooser, saved views, bulk
// deadline and owner changes with confirmation, and keyboard navigation (↑/↓, Enter, /, Esc).
// At large page sizes the table is virtual, so 500 problems stay smooth.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Space, Table, Typography, type InputRef } from 'antd';
import type { GetRef } from 'antd';
import { CalendarOutlined, NodeCollapseOutlined, NodeExpandOutlined, TeamOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import type { LedgerRow } from '../api/types.ts';
import { useAuth } from '../auth.tsx';
import { BulkAssignModal } from '../components/ledger/BulkAssignModal.tsx';
import { BulkDeadlineModal } from '../components/ledger/BulkDeadlineModal.tsx';
import { ColumnChooser } from '../components/ledger/ColumnChooser.tsx';
import { buildLedgerColumns, columnsWidth } from '../components/ledger/columns.tsx';
import { LedgerFilters } from '../components/ledger/LedgerFilters.tsx';
import {
  allExpandableKeys,
  buildLedgerTree,
  defaultExpandedKeys,
  problemKey,
  readHiddenColumns,
  viewQuery,
  visibleProblemRows,
  writeHiddenColumns,
  type LedgerColumnKey,
  type LedgerNode,
  type LedgerPageWithMeasures,
} from '../components/ledger/model.ts';
import { ledgerCss } from '../components/ledger/ledgerStyles.ts';
import { SavedViews } from '../components/ledger/SavedViews.tsx';

/** Above this many problems a page is drawn as a virtual list with a fixed height. */
const VIRTUAL_FROM = 100;
const pageSizeOptions = [20, 50, 100, 200, 500];

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT' ||
    target.getAttribute('role') === 'combobox'
  );
}

export function LedgerPage() {
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [data, setData] = useState<LedgerPageWithMeasures | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  const [reloadCount, setReloadCount] = useState(0);
  const [hidden, setHidden] = useState<LedgerColumnKey[]>(readHiddenColumns);
  const [expandedKeys, setExpandedKeys] = useState<readonly React.Key[]>([]);
  const [selectedKeys, setSelectedKeys] = useState<React.Key[]>([]);
  const [focusedId, setFocusedId] = useState<number | null>(null);
  const [bulk, setBulk] = useState<'deadline' | 'assign' | null>(null);
  const searchRef = useRef<InputRef>(null);
  const tableRef = useRef<GetRef<typeof Table>>(null);

  const query = useMemo(() => Object.fromEntries(params.entries()), [params]);
  const page = Number(query.page ?? 1);
  const pageSize = Math.min(500, Number(query.pageSize ?? 50));
  const canEdit = user?.role === 'office' || user?.role === 'unit_office';

  useEffect(() => {
    let isCurrent = true;
    setIsLoading(true);
    setError(null);
    api
      .get<LedgerPageWithMeasures>('/api/ledger', { ...query, page, pageSize, includeMeasures: true })
      .then((result) => {
        if (!isCurrent) return;
        setData(result);
        setSelectedKeys([]);
        setFocusedId(null);
      })
      .catch(
        (caught: unknown) =>
          isCurrent && setError(caught instanceof ApiError ? caught.message : '加载台账失败，请刷新重试'),
      )
      .finally(() => isCurrent && setIsLoading(false));
    return () => {
      isCurrent = false;
    };
  }, [query, page, pageSize, reloadCount]);

  const tree = useMemo(() => buildLedgerTree(data?.items ?? []), [data]);
  useEffect(() => setExpandedKeys(defaultExpandedKeys(tree)), [tree]);
  const rowsById = useMemo(() => new Map((data?.items ?? []).map((row) => [row.id, row])), [data]);
  const expandedSet = useMemo(() => new Set(expandedKeys.map(String)), [expandedKeys]);
  const focusable = useMemo(() => visibleProblemRows(tree, expandedSet), [tree, expandedSet]);
  const hiddenSet = useMemo(() => new Set(hidden), [hidden]);
  const columns = useMemo(() => buildLedgerColumns(hiddenSet), [hiddenSet]);
  const width = useMemo(() => columnsWidth(columns), [columns]);
  const selectedRows = useMemo(
    () =>
      selectedKeys
        .map((key) => rowsById.get(Number(String(key).slice(2))))
        .filter((row): row is NonNullable<typeof row> => row !== undefined),
    [selectedKeys, rowsById],
  );

  const update = useCallback(
    (changes: Record<string, string | undefined>) => {
      setParams((current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, value);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      });
    },
    [setParams],
  );

  function chooseColumns(next: LedgerColumnKey[]) {
    setHidden(next);
    writeHiddenColumns(next);
  }

  const scrollToProblem = useCallback((id: number) => {
    const key = problemKey(id);
    tableRef.current?.scrollTo?.({ key });
    document.querySelector(`[data-row-key="${key}"]`)?.scrollIntoView({ block: 'nearest' });
  }, []);

  const moveFocus = useCallback(
    (step: number) => {
      if (focusable.length === 0) return;
      const index = focusable.findIndex((row) => row.id === focusedId);
      const next =
        index < 0
          ? step > 0
            ? 0
            : focusable.length - 1
          : Math.min(focusable.length - 1, Math.max(0, index + step));
      const row = focusable[next]!;
      setFocusedId(row.id);
      scrollToProblem(row.id);
    },
    [focusable, focusedId, scrollToProblem],
  );

  // Keyboard: ↑/↓ move the focused row, Enter opens it, / focuses search, Esc clears selection.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (bulk !== null || event.altKey || event.ctrlKey || event.metaKey) return;
      if (document.querySelector('.ant-modal-wrap:not([style*="display: none"])')) return;
      if (isTypingTarget(event.target)) return;
      if (event.key === '/') {
        event.preventDefault();
        searchRef.current?.focus({ cursor: 'all' });
      } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        moveFocus(event.key === 'ArrowDown' ? 1 : -1);
      } else if (event.key === 'Enter' && focusedId !== null) {
        event.preventDefault();
        navigate(`/problems/${focusedId}`);
      } else if (event.key === 'Escape') {
        setSelectedKeys([]);
      } else if (event.key === ' ' && focusedId !== null && canEdit) {
        event.preventDefault();
        const key = problemKey(focusedId);
        setSelectedKeys((keys) =>
          keys.includes(key) ? keys.filter((item) => item !== key) : [...keys, key],
        );
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [bulk, moveFocus, focusedId, navigate, canEdit]);

  const onSearchArrowDown = useCallback(() => {
    searchRef.current?.blur();
    const first = focusable[0];
    if (first) {
      setFocusedId(first.id);
      scrollToProblem(first.id);
    }
  }, [focusable, scrollToProblem]);

  const onRow = useCallback(
    (node: LedgerNode) => ({
      'data-kind': node.kind === 'problem' ? 'problem' : node.kind,
      ...(node.kind === 'problem' && { 'data-problem-id': node.row.id }),
      onClick: () => node.kind === 'problem' && setFocusedId(node.row.id),
      onDoubleClick: () => node.kind === 'problem' && navigate(`/problems/${node.row.id}`),
    }),
    [navigate],
  );
  const rowClassName = useCallback(
    (node: LedgerNode) =>
      node.kind === 'aspect'
        ? 'ledger-row-aspect'
        : node.kind === 'measure'
          ? 'ledger-row-measure'
          : node.row.id === focusedId
            ? 'ledger-row-problem ledger-row-focused'
            : 'ledger-row-problem',
    [focusedId],
  );

  function finishBulk(text: string) {
    setBulk(null);
    setSelectedKeys([]);
    setReloadCount((count) => count + 1);
    void message.success(text);
  }

  const isVirtual = pageSize > VIRTUAL_FROM;
  const problemCount = data?.items.length ?? 0;
  const isReady = !isLoading && data !== null;
  return (
    <Card
      title="整改台账"
      extra={
        <Space>
          {data && <Typography.Text type="secondary">共 {data.total} 项</Typography.Text>}
          <SavedViews
            currentQuery={viewQuery(params)}
            onApply={(saved) => setParams(new URLSearchParams(saved))}
          />
          <ColumnChooser hidden={hidden} onChange={chooseColumns} />
        </Space>
      }
    >
      <style>{ledgerCss}</style>
      <LedgerFilters
        query={query}
        update={update}
        clear={() => setParams(new URLSearchParams())}
        searchRef={searchRef}
        onSearchArrowDown={onSearchArrowDown}
      />
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          margin: '16px 0 12px',
          minHeight: 32,
        }}
      >
        <Space>
          {canEdit && selectedRows.length > 0 ? (
            <>
              <Typography.Text strong>已选 {selectedRows.length} 项</Typography.Text>
              <Button type="primary" icon={<CalendarOutlined />} onClick={() => setBulk('deadline')}>
                批量修改时限
              </Button>
              <Button icon={<TeamOutlined />} onClick={() => setBulk('assign')}>
                批量分配责任
              </Button>
              <Button type="link" onClick={() => setSelectedKeys([])}>
                取消选择
              </Button>
            </>
          ) : (
            <Space size={16} className="ledger-keys">
              <Typography.Text type="secondary">
                <kbd>/</kbd> 搜索
              </Typography.Text>
              <Typography.Text type="secondary">
                <kbd>↑</kbd> <kbd>↓</kbd> 移动
              </Typography.Text>
              <Typography.Text type="secondary">
                <kbd>Enter</kbd> 打开
              </Typography.Text>
              {canEdit && (
                <Typography.Text type="secondary">
                  <kbd>空格</kbd> 选择 <kbd>Esc</kbd> 取消选择
                </Typography.Text>
              )}
            </Space>
          )}
        </Space>
        <Space>
          <Button
            size="small"
            icon={<NodeExpandOutlined />}
            onClick={() => setExpandedKeys(allExpandableKeys(tree))}
          >
            展开措施
          </Button>
          <Button
            size="small"
            icon={<NodeCollapseOutlined />}
            onClick={() => setExpandedKeys(defaultExpandedKeys(tree))}
          >
            收起措施
          </Button>
        </Space>
      </div>
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          action={<Button onClick={() => setReloadCount((count) => count + 1)}>重试</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <div data-ledger-ready={isReady ? 'true' : 'false'} data-ledger-rows={problemCount}>
        <Table<LedgerNode>
          ref={tableRef}
          className="ledger-table"
          rowKey="key"
          size="middle"
          columns={columns}
          dataSource={tree}
          loading={isLoading}
          virtual={isVirtual}
          scroll={isVirtual ? { x: width, y: 560 } : { x: width }}
          onRow={onRow}
          rowClassName={rowClassName}
          expandable={{
            expandedRowKeys: expandedKeys,
            onExpandedRowsChange: setExpandedKeys,
            indentSize: 20,
          }}
          rowSelection={
            canEdit
              ? {
                  checkStrictly: true,
                  selectedRowKeys: selectedKeys,
                  onChange: setSelectedKeys,
                  columnWidth: 40,
                  getCheckboxProps: (node) => ({
                    disabled: node.kind !== 'problem' || node.row.state === 'closed',
                    'aria-label':
                      node.kind === 'problem' ? `选择 ${node.row.number ?? node.row.title}` : undefined,
                  }),
                  renderCell: (_checked, node, _index, origin) => (node.kind === 'problem' ? origin : null),
                }
              : undefined
          }
          locale={{ emptyText: '没有符合条件的整改问题，可调整或清除筛选' }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions,
            showTotal: (total) => `共 ${total} 项`,
            onChange: (nextPage, nextSize) =>
              update({ page: String(nextPage), pageSize: nextSize === 50 ? undefined : String(nextSize) }),
          }}
        />
      </div>
      <BulkDeadlineModal
        rows={selectedRows as LedgerRow[]}
        open={bulk === 'deadline'}
        onClose={() => setBulk(null)}
        onDone={(count, label) => finishBulk(`已将 ${count} 个问题的整改时限改为 ${label}`)}
      />
      <BulkAssignModal
        rows={selectedRows as LedgerRow[]}
        open={bulk === 'assign'}
        onClose={() => setBulk(null)}
        onDone={(count) => finishBulk(`已为 ${count} 个问题分配责任`)}
      />
    </Card>
  );
}
