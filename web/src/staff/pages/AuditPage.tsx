/**
 * 审计日志: every administrative change, newest first — who, when, which object, what was done, and the
 * fields that changed (before → after) with Chinese names. Pages with the server's keyset cursor
 * ("加载更多"). The rows are the tables' own columns, so names are looked up here for reading only.
 */
import { App, Button, Card, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { describeError } from '../../shared/http';
import { PRIORITY_LABELS, ROLE_LABELS } from '../../shared/labels';
import { shanghai } from '../../shared/time';
import type { AdminDepartment, AuditAction, AuditEntity, AuditEntry, DurationUnit, Priority, Role } from '../../shared/types';
import { api } from '../api';
import { DURATION_UNIT_LABELS } from '../adminLabels';
import { catalogPath, useReference, type Reference } from '../reference';

const ENTITY_LABELS: Record<AuditEntity, string> = {
  calendar_days: '工作日历',
  sla_policies: '办理时限',
  routing_rules: '派单规则',
  categories: '事项分类',
  regions: '行政区划',
  departments: '承办单位',
  users: '人员账号',
  knowledge_entries: '知识库',
  caller_flags: '来电标记',
  reply_templates: '常用语',
  open311_clients: 'Open311 接入',
  hotspot_policy: '热点规则',
};

const ACTIONS: Record<AuditAction, { label: string; color: string }> = {
  insert: { label: '新增', color: 'success' },
  update: { label: '修改', color: 'blue' },
  delete: { label: '删除', color: 'red' },
};

const FIELD_LABELS: Record<string, string> = {
  date: '日期',
  kind: '类型',
  name: '名称',
  source: '来源',
  priority: '优先级',
  dispatch: '派单时限',
  sign: '签收时限',
  reply: '答复时限',
  callback: '回访时限',
  category_code: '事项分类',
  region_code: '行政区划',
  department_id: '所属单位',
  auto_dispatch: '派单方式',
  code: '编码',
  parent_code: '上级',
  parent_id: '上级单位',
  active: '状态',
  username: '用户名',
  display_name: '姓名',
  role: '角色',
  passwordReset: '密码',
  created_at: '创建时间',
  id: '编号',
};

/** Columns that only identify the row or repeat what the object column says. */
const QUIET = new Set(['id', 'created_at']);

type Row = Record<string, unknown>;

/** An SLA row's amount and unit columns as one readable duration per stage (`dispatch: 1 个工作日`). */
function readable(entity: AuditEntity, row: Row | null): Row | null {
  if (!row || entity !== 'sla_policies') return row;
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    const m = /^(dispatch|sign|reply|callback)_(amount|unit)$/.exec(key);
    if (!m) out[key] = value;
    else if (m[2] === 'amount') out[m[1]] = `${String(value)} ${DURATION_UNIT_LABELS[row[`${m[1]}_unit`] as DurationUnit] ?? String(row[`${m[1]}_unit`])}`;
  }
  return out;
}

interface Names {
  ref: Reference | null;
  departments: Map<string, string>;
}

function formatValue(entity: AuditEntity, field: string, value: unknown, names: Names): string {
  if (value === null || value === undefined || value === '') {
    if (field === 'region_code') return '全市（不限区划）';
    if (field === 'parent_id' || field === 'parent_code') return '无（一级）';
    if (field === 'department_id') return '无（12345 中心）';
    return '（空）';
  }
  switch (field) {
    case 'kind':
      return value === 'holiday' ? '放假' : value === 'workday' ? '上班' : String(value);
    case 'source':
      return value === 'official' ? '官方安排（自动载入）' : value === 'admin' ? '管理员设置' : String(value);
    case 'priority':
      return PRIORITY_LABELS[value as Priority] ?? String(value);
    case 'role':
      return ROLE_LABELS[value as Role] ?? String(value);
    case 'active':
      return value ? '在用' : '停用';
    case 'auto_dispatch':
      return value ? '受理即派' : '建议，人工派';
    case 'passwordReset':
      return '已重置';
    case 'department_id':
    case 'parent_id':
      return names.departments.get(String(value)) ?? String(value);
    case 'category_code':
      return catalogPath(names.ref?.categoryByCode, String(value));
    case 'region_code':
      return catalogPath(names.ref?.regionByCode, String(value));
    case 'parent_code':
      return catalogPath(entity === 'regions' ? names.ref?.regionByCode : names.ref?.categoryByCode, String(value));
    case 'created_at':
      return shanghai(String(value)).format('YYYY-MM-DD HH:mm');
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** What the entry is about, in words: `市水务局（swj）`, `2027-03-02`, `一般`, `水务 / 供水 · 清城区`. */
function describeObject(e: AuditEntry, names: Names): string {
  const row = (e.after ?? e.before ?? {}) as Row;
  const str = (key: string) => (row[key] === null || row[key] === undefined ? '' : String(row[key]));
  switch (e.entity) {
    case 'calendar_days':
      return e.entityId;
    case 'sla_policies':
      return PRIORITY_LABELS[e.entityId as Priority] ?? e.entityId;
    case 'routing_rules':
      return `${formatValue(e.entity, 'category_code', row.category_code, names)} · ${formatValue(e.entity, 'region_code', row.region_code, names)}`;
    case 'categories':
    case 'regions':
    case 'departments':
      return `${str('name')}（${str('code') || e.entityId}）`;
    case 'users':
      return `${str('display_name')}（${str('username')}）`;
    default:
      return e.entityId;
  }
}

interface Change {
  field: string;
  before?: string;
  after?: string;
}

/** The fields that changed (update), or the row's fields (insert, delete). */
function changesOf(e: AuditEntry, names: Names): Change[] {
  const before = readable(e.entity, e.before);
  const after = readable(e.entity, e.after);
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => !QUIET.has(k));
  const fmt = (row: Row | null, k: string) => (row && k in row ? formatValue(e.entity, k, row[k], names) : undefined);
  if (e.action === 'update') {
    return keys.filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k])).map((k) => ({ field: k, before: fmt(before, k), after: fmt(after, k) }));
  }
  return keys.map((k) => (e.action === 'insert' ? { field: k, after: fmt(after, k) } : { field: k, before: fmt(before, k) }));
}

export default function AuditPage() {
  const { message } = App.useApp();
  const ref = useReference();
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [departments, setDepartments] = useState<AdminDepartment[]>([]);

  const loadPage = useCallback(
    async (after: string | null) => {
      setLoading(true);
      try {
        const page = await api.admin.audit(after);
        setItems((prev) => (after ? [...(prev ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      } catch (e) {
        if (after) message.error(describeError(e));
        else setError(describeError(e));
        setItems((prev) => prev ?? []);
      } finally {
        setLoading(false);
      }
    },
    [message],
  );

  useEffect(() => {
    void loadPage(null);
    // Names of departments, inactive ones included, for department_id and parent_id.
    api.admin.departments().then(setDepartments, () => undefined);
  }, [loadPage]);

  const names = useMemo<Names>(() => ({ ref, departments: new Map(departments.map((d) => [d.id, d.name])) }), [ref, departments]);

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: '时间',
      dataIndex: 'at',
      width: 160,
      render: (at: string) => <span className="audit-time">{shanghai(at).format('YYYY-MM-DD HH:mm:ss')}</span>,
    },
    {
      title: '操作人',
      dataIndex: 'actor',
      width: 150,
      render: (actor: AuditEntry['actor']) => actor?.displayName ?? <Typography.Text type="secondary">系统（非后台操作）</Typography.Text>,
    },
    {
      title: '对象',
      key: 'object',
      width: 280,
      render: (_, e) => (
        <div className="audit-object">
          <Tag>{ENTITY_LABELS[e.entity] ?? e.entity}</Tag>
          <span>{describeObject(e, names)}</span>
        </div>
      ),
    },
    {
      title: '操作',
      dataIndex: 'action',
      width: 80,
      render: (a: AuditAction) => <Tag color={ACTIONS[a].color}>{ACTIONS[a].label}</Tag>,
    },
    {
      title: '变更',
      key: 'changes',
      render: (_, e) => {
        const changes = changesOf(e, names);
        if (changes.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <ul className="audit-changes">
            {changes.map((c) => (
              <li key={c.field} data-field={c.field}>
                <span className="audit-field">{FIELD_LABELS[c.field] ?? c.field}</span>
                {c.before !== undefined && <span className={e.action === 'delete' ? 'audit-removed' : 'audit-before'}>{c.before}</span>}
                {c.before !== undefined && c.after !== undefined && <span className="audit-arrow">→</span>}
                {c.after !== undefined && <span className="audit-after">{c.after}</span>}
              </li>
            ))}
          </ul>
        );
      },
    },
  ];

  return (
    <div className="page audit-page">
      <div className="page-head">
        <h1>审计日志</h1>
        <span className="page-sub">日历、办理时限、派单规则、分类与区划、承办单位和人员账号的每一次修改，最新的在前；日志只增不改</span>
      </div>
      <Card className="case-card" styles={{ body: { padding: 0 } }}>
        <Table<AuditEntry>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items ?? []}
          loading={items === null}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: error ?? '还没有修改记录' }}
          footer={() => (
            <div className="table-footer">
              <span>已显示 {items?.length ?? 0} 条</span>
              {cursor ? (
                <Button onClick={() => loadPage(cursor)} loading={loading}>
                  加载更多
                </Button>
              ) : (
                items && items.length > 0 && <span>已到最早一条</span>
              )}
            </div>
          )}
        />
      </Card>
    </div>
  );
}
