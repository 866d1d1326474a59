// The ledger's filters: every filter GET /api/ledger takes, kept in the URL. The owner pickers
// are fed by the unit in view (chosen, or the chosen inspection's, or the user's only unit).
import { useEffect, useRef, useState, type RefObject } from 'react';
import { Button, DatePicker, Input, Select, Space, Switch, Tag, type InputRef } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api } from '../../api/client.ts';
import type { LedgerState } from '../../api/types.ts';
import { stateLabels } from '../../labels.ts';

interface NamedRef {
  id: number;
  name: string;
}
interface InspectionOption {
  id: number;
  round: NamedRef;
  unit: NamedRef;
}
interface UnitPersonOption extends NamedRef {
  isLeader: boolean;
  department: NamedRef | null;
}

const sortOptions = [
  { value: 'document', label: '按方案顺序' },
  { value: 'due_on', label: '按整改时限' },
  { value: 'updated_at', label: '按最近更新' },
  { value: 'state', label: '按状态' },
];

const idOf = (value: string | undefined) => (value ? Number(value) : undefined);

/** Loads a list once per key; an empty key means no list. */
function useList<T>(url: string | null): T[] {
  const [items, setItems] = useState<T[]>([]);
  useEffect(() => {
    if (!url) {
      setItems([]);
      return;
    }
    let isCurrent = true;
    api
      .get<T[] | { items: T[] }>(url)
      .then((result) => isCurrent && setItems(Array.isArray(result) ? result : result.items))
      .catch(() => isCurrent && setItems([]));
    return () => {
      isCurrent = false;
    };
  }, [url]);
  return items;
}

/** The aspects of the chosen inspection, for the aspect filter. */
function useAspects(inspectionId: string | undefined): NamedRef[] {
  const [aspects, setAspects] = useState<NamedRef[]>([]);
  useEffect(() => {
    if (!inspectionId) {
      setAspects([]);
      return;
    }
    let isCurrent = true;
    api
      .get<{ aspects: Array<{ id: number; title: string }> }>(`/api/inspections/${inspectionId}`)
      .then(
        (detail) =>
          isCurrent && setAspects(detail.aspects.map((aspect) => ({ id: aspect.id, name: aspect.title }))),
      )
      .catch(() => isCurrent && setAspects([]));
    return () => {
      isCurrent = false;
    };
  }, [inspectionId]);
  return aspects;
}

export function LedgerFilters({
  query,
  update,
  clear,
  searchRef,
  onSearchArrowDown,
}: {
  query: Record<string, string>;
  update: (changes: Record<string, string | undefined>) => void;
  clear: () => void;
  searchRef: RefObject<InputRef>;
  onSearchArrowDown: () => void;
}) {
  const [text, setText] = useState(query.q ?? '');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => setText(query.q ?? ''), [query.q]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const units = useList<NamedRef>('/api/units');
  const inspections = useList<InspectionOption>(
    `/api/inspections${query.unitId ? `?unitId=${query.unitId}` : ''}`,
  );
  const inspection = inspections.find((candidate) => candidate.id === idOf(query.inspectionId));
  const aspects = useAspects(query.inspectionId);
  const unitId = idOf(query.unitId) ?? inspection?.unit.id ?? (units.length === 1 ? units[0]!.id : undefined);
  const people = useList<UnitPersonOption>(unitId ? `/api/organisation/units/${unitId}/people` : null);
  const departments = useList<NamedRef>(unitId ? `/api/organisation/units/${unitId}/departments` : null);
  const ownerHint = unitId ? undefined : '先选择单位或巡察';

  function search(value: string, isNow = false) {
    setText(value);
    window.clearTimeout(timer.current);
    if (isNow) update({ q: value.trim() || undefined });
    else timer.current = window.setTimeout(() => update({ q: value.trim() || undefined }), 350);
  }

  const states = (query.state ?? '').split(',').filter(Boolean) as LedgerState[];
  const range: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null =
    query.dueFrom || query.dueTo
      ? [query.dueFrom ? dayjs(query.dueFrom) : null, query.dueTo ? dayjs(query.dueTo) : null]
      : null;
  const personOptions = people.map((person) => ({
    value: String(person.id),
    label: person.department ? `${person.name}（${person.department.name}）` : person.name,
  }));
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap size={[12, 12]}>
        <Input
          ref={searchRef}
          prefix={<SearchOutlined />}
          placeholder="搜索问题、表现、措施（按 / 聚焦）"
          allowClear
          value={text}
          onChange={(event) => search(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') search(text, true);
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              onSearchArrowDown();
            }
          }}
          style={{ width: 280 }}
          aria-label="搜索"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="单位"
          value={query.unitId}
          onChange={(value?: string) =>
            update({ unitId: value, inspectionId: undefined, aspectId: undefined, ...ownerReset })
          }
          options={units.map((unit) => ({ value: String(unit.id), label: unit.name }))}
          style={{ width: 220 }}
          aria-label="单位"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="巡察"
          value={inspections.length > 0 ? query.inspectionId : undefined}
          onChange={(value?: string) => update({ inspectionId: value, aspectId: undefined })}
          options={inspections.map((item) => ({
            value: String(item.id),
            label: `${item.unit.name} · ${item.round.name}`,
          }))}
          style={{ width: 260 }}
          aria-label="巡察"
        />
        {query.inspectionId && (
          <Select
            allowClear
            placeholder="方面"
            value={query.aspectId}
            onChange={(value?: string) => update({ aspectId: value })}
            options={aspects.map((aspect) => ({ value: String(aspect.id), label: aspect.name }))}
            style={{ width: 240 }}
            aria-label="方面"
          />
        )}
        <Select
          mode="multiple"
          allowClear
          placeholder="状态"
          value={states}
          onChange={(value: LedgerState[]) => update({ state: value.join(',') })}
          options={Object.entries(stateLabels).map(([value, label]) => ({ value, label }))}
          style={{ minWidth: 180 }}
          aria-label="状态"
        />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={range}
          placeholder={['时限起', '时限止']}
          onChange={(dates) =>
            update({
              dueFrom: dates?.[0]?.format('YYYY-MM-DD'),
              dueTo: dates?.[1]?.format('YYYY-MM-DD'),
            })
          }
          aria-label="整改时限范围"
        />
      </Space>
      <Space wrap size={[12, 12]}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={ownerHint ?? '责任部门'}
          disabled={!unitId}
          value={query.departmentId}
          onChange={(value?: string) => update({ departmentId: value })}
          options={departments.map((department) => ({
            value: String(department.id),
            label: department.name,
          }))}
          style={{ width: 180 }}
          aria-label="责任部门"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={ownerHint ?? '责任领导'}
          disabled={!unitId}
          value={query.leaderId}
          onChange={(value?: string) => update({ leaderId: value })}
          options={people
            .filter((person) => person.isLeader)
            .map((person) => ({ value: String(person.id), label: person.name }))}
          style={{ width: 160 }}
          aria-label="责任领导"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={ownerHint ?? '责任人'}
          disabled={!unitId}
          value={query.personId}
          onChange={(value?: string) => update({ personId: value })}
          options={personOptions}
          style={{ width: 200 }}
          aria-label="责任人"
        />
        <Space size={6}>
          <Switch
            size="small"
            checked={query.overdue === 'true'}
            onChange={(checked) => update({ overdue: checked ? 'true' : undefined })}
            aria-label="只看逾期"
          />
          只看逾期
        </Space>
        <Space size={6}>
          <Switch
            size="small"
            checked={query.longTerm === 'true'}
            onChange={(checked) => update({ longTerm: checked ? 'true' : undefined })}
            aria-label="只看长期坚持"
          />
          只看长期坚持
        </Space>
        {query.returned === 'true' && (
          <Tag
            color="volcano"
            closable
            onClose={() => update({ returned: undefined })}
            data-filter="returned"
          >
            被退回
          </Tag>
        )}
        <Select
          value={query.sort ?? 'document'}
          onChange={(value: string) => update({ sort: value === 'document' ? undefined : value })}
          options={sortOptions}
          style={{ width: 130 }}
          aria-label="排序"
        />
        <Button onClick={clear}>清除筛选</Button>
      </Space>
    </Space>
  );
}

const ownerReset = { departmentId: undefined, leaderId: undefined, personId: undefined };
