/**
 * 知识库: search the entries in force in a caller's words; the owning department's dept_lead (and
 * supervisors, admins) write, correct and retire them. A dept_lead sees first which of their
 * department's entries are due for review.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { describeError } from '../../shared/http';
import type { CatalogNode, KnowledgeEntry, KnowledgeItem, User } from '../../shared/types';
import { api } from '../api';
import { useUser } from '../auth';
import { CatalogPicker, DepartmentPicker } from '../components/pickers';
import { catalogPath, catalogTrail, useReference } from '../reference';

const DAY = 'YYYY-MM-DD';

const keeps = (user: User, departmentId: string) =>
  user.role === 'supervisor' || user.role === 'admin' || (user.role === 'dept_lead' && user.departmentId === departmentId);
const writer = (user: User) => user.role === 'supervisor' || user.role === 'admin' || user.role === 'dept_lead';

function leafOptions(nodes: CatalogNode[], path: string[] = []): { value: string; label: string }[] {
  return nodes.flatMap((n) => [{ value: n.code, label: [...path, n.name].join(' / ') }, ...leafOptions(n.children, [...path, n.name])]);
}

export default function KnowledgePage() {
  const user = useUser();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const reviewDue = params.get('reviewDue') === 'true';
  const [q, setQ] = useState(params.get('q') ?? '');
  const [items, setItems] = useState<KnowledgeItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState<KnowledgeEntry | null>(null);
  const [editing, setEditing] = useState<KnowledgeEntry | 'new' | null>(null);
  const ownDepartment = user.role === 'dept_lead' ? (user.departmentId ?? undefined) : undefined;

  const load = useCallback(() => {
    setItems(null);
    api
      .knowledge({ q: params.get('q') || undefined, reviewDue: reviewDue || undefined, departmentId: reviewDue ? ownDepartment : undefined, limit: 50 })
      .then(
        (r) => (setItems(r.items), setError(null)),
        (e: unknown) => (setError(describeError(e)), setItems([])),
      );
  }, [params, reviewDue, ownDepartment]);
  useEffect(load, [load]);

  const open = async (id: string, edit: boolean) => {
    try {
      const entry = await api.knowledgeEntry(id);
      if (edit) setEditing(entry);
      else setReading(entry);
    } catch (e) {
      message.error(describeError(e));
    }
  };
  const retire = async (item: KnowledgeItem) => {
    try {
      await api.retireKnowledge(item.id, item.version);
      message.success('已停用，不再向话务员推荐');
      load();
    } catch (e) {
      message.error(describeError(e));
    }
  };

  const today = dayjs().format(DAY);
  const columns: TableColumnsType<KnowledgeItem> = [
    {
      title: '标题',
      dataIndex: 'title',
      width: 420,
      render: (title: string, k) => (
        <div className="knowledge-row">
          {/* A button, so the keyboard reaches it (an <a> without href is not focusable). */}
          <button type="button" className="knowledge-title" onClick={() => open(k.id, false)}>
            {title}
          </button>
          <div className="knowledge-snippet">{k.snippet}</div>
        </div>
      ),
    },
    { title: '承办单位', width: 170, render: (_, k) => k.department.name },
    { title: '依据', dataIndex: 'sourceRef', width: 170, render: (v: string | null) => v ?? '—' },
    { title: '有效期', width: 190, render: (_, k) => `${k.effectiveFrom} 至 ${k.expiresAt ?? '长期'}` },
    {
      title: '复核日期',
      dataIndex: 'reviewDueAt',
      width: 110,
      render: (v: string) => (v <= today ? <Tag color="orange">{v} 待复核</Tag> : v),
    },
    {
      title: '',
      width: 130,
      render: (_, k) =>
        keeps(user, k.department.id) && (
          <Space size={4}>
            <Button size="small" onClick={() => open(k.id, true)}>
              编辑
            </Button>
            <Popconfirm title="停用后不再向话务员推荐，确定停用？" onConfirm={() => retire(k)} okText="停用" cancelText="取消">
              <Button size="small" danger>
                停用
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <div className="page">
      <div className="page-head">
        <h1>知识库</h1>
        <span className="page-sub">话务员当场答复的依据：只推荐在有效期内、未停用的条目</span>
      </div>
      <div className="filters">
        <Space wrap>
          <Input.Search
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => setParams((p) => (v.trim() ? p.set('q', v.trim()) : p.delete('q'), p))}
            placeholder="用市民的话搜索，如：小孩出生怎么上户口"
            allowClear
            className="knowledge-search"
            enterButton="搜索"
          />
          <Space>
            <Switch
              id="knowledge-review-due"
              checked={reviewDue}
              onChange={(on) => setParams((p) => (on ? p.set('reviewDue', 'true') : p.delete('reviewDue'), p))}
              aria-label={ownDepartment ? '只看本单位待复核' : '只看待复核'}
            />
            <label htmlFor="knowledge-review-due">{ownDepartment ? '本单位待复核' : '待复核'}</label>
          </Space>
          {writer(user) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新建条目
            </Button>
          )}
        </Space>
      </div>
      <Card className="case-card">
        <Table<KnowledgeItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items ?? []}
          loading={items === null}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: error ?? (reviewDue ? '没有待复核的条目' : '没有匹配的条目') }}
        />
      </Card>
      <Modal open={reading !== null} title={reading?.title} footer={null} onCancel={() => setReading(null)} width={680}>
        {reading && (
          <>
            <Space wrap className="knowledge-tags">
              <Tag>{reading.department.name}</Tag>
              {reading.sourceRef && <Tag>{reading.sourceRef}</Tag>}
              <Tag>
                {reading.effectiveFrom} 至 {reading.expiresAt ?? '长期'}
              </Tag>
              {!reading.inForce && <Tag color="red">已失效</Tag>}
            </Space>
            <Typography.Paragraph className="knowledge-text">{reading.body}</Typography.Paragraph>
            {reading.keywords && <Typography.Text type="secondary">常见说法：{reading.keywords}</Typography.Text>}
          </>
        )}
      </Modal>
      {editing && (
        <EntryEditor
          entry={editing === 'new' ? null : editing}
          ownDepartment={ownDepartment}
          onClose={(saved) => {
            setEditing(null);
            if (saved) load();
          }}
        />
      )}
    </div>
  );
}

interface EntryValues {
  title: string;
  keywords?: string;
  body: string;
  categoryCodes: string[];
  region?: string[];
  departmentId: string;
  sourceRef?: string;
  effectiveFrom?: dayjs.Dayjs;
  expiresAt?: dayjs.Dayjs | null;
  reviewDueAt?: dayjs.Dayjs;
}

function EntryEditor({ entry, ownDepartment, onClose }: { entry: KnowledgeEntry | null; ownDepartment?: string; onClose(saved: boolean): void }) {
  const ref = useReference();
  const { message } = App.useApp();
  const [form] = Form.useForm<EntryValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const initial: Partial<EntryValues> = entry
    ? {
        title: entry.title,
        keywords: entry.keywords,
        body: entry.body,
        categoryCodes: entry.categoryCodes,
        region: entry.regionCode && ref ? catalogTrail(ref.regionByCode, entry.regionCode) : undefined,
        departmentId: entry.department.id,
        sourceRef: entry.sourceRef ?? undefined,
        effectiveFrom: dayjs(entry.effectiveFrom),
        expiresAt: entry.expiresAt ? dayjs(entry.expiresAt) : null,
        reviewDueAt: dayjs(entry.reviewDueAt),
      }
    : { departmentId: ownDepartment, categoryCodes: [] };
  const save = async (v: EntryValues) => {
    setBusy(true);
    setError(null);
    const common = {
      title: v.title.trim(),
      keywords: v.keywords?.trim() ?? '',
      body: v.body.trim(),
      categoryCodes: v.categoryCodes,
      departmentId: v.departmentId,
      sourceRef: v.sourceRef?.trim() || undefined,
      effectiveFrom: v.effectiveFrom?.format(DAY),
      reviewDueAt: v.reviewDueAt?.format(DAY),
    };
    const region = v.region?.[v.region.length - 1];
    try {
      if (entry) {
        await api.updateKnowledge(entry.id, { ...common, version: entry.version, regionCode: region ?? null, expiresAt: v.expiresAt ? v.expiresAt.format(DAY) : null });
      } else {
        await api.createKnowledge({ ...common, regionCode: region, expiresAt: v.expiresAt?.format(DAY) });
      }
      message.success('已保存');
      onClose(true);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={entry ? '编辑知识条目' : '新建知识条目'} okText="保存" cancelText="取消" onOk={() => form.submit()} onCancel={() => onClose(false)} okButtonProps={{ loading: busy }} width={720}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save} requiredMark>
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label="答复口径（话务员照读，市民可见）" rules={[{ required: true, whitespace: true, message: '请填写答复口径' }]}>
          <Input.TextArea autoSize={{ minRows: 5, maxRows: 12 }} maxLength={10000} showCount />
        </Form.Item>
        <Form.Item name="keywords" label="常见说法" tooltip="市民常用的说法，空格分隔，搜索时与标题同等看待">
          <Input maxLength={500} placeholder="如：辞职 离职 换工作" />
        </Form.Item>
        <Form.Item name="categoryCodes" label="事项分类" rules={[{ required: true, type: 'array', min: 1, message: '至少选择一个分类' }]}>
          <Select mode="multiple" options={leafOptions(ref?.categories ?? [])} optionFilterProp="label" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="departmentId" label="承办单位" rules={[{ required: true, message: '请选择承办单位' }]}>
            <DepartmentPicker disabled={!!ownDepartment} className="knowledge-department" />
          </Form.Item>
          <Form.Item name="region" label="适用区划" tooltip="不选为全市适用">
            <CatalogPicker kind="regions" changeOnSelect allowClear placeholder="全市" />
          </Form.Item>
          <Form.Item name="sourceRef" label="依据文号">
            <Input maxLength={200} placeholder="如：清公积金〔2023〕5号" />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="effectiveFrom" label="生效日期">
            <DatePicker placeholder="默认今天" />
          </Form.Item>
          <Form.Item name="expiresAt" label="失效日期">
            <DatePicker placeholder="长期有效" />
          </Form.Item>
          <Form.Item name="reviewDueAt" label="复核日期">
            <DatePicker placeholder="默认 180 天后" />
          </Form.Item>
        </Space>
      </Form>
      {entry && <Typography.Text type="secondary">分类：{entry.categoryCodes.map((c) => catalogPath(ref?.categoryByCode, c)).join('，')}</Typography.Text>}
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
