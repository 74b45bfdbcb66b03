/**
 * 派单目录: the routing rules (category × region → department) and a "试派" preview that asks the server
 * which rule wins for a category in a region (`GET /api/routing/suggest`): the console never works the
 * precedence out itself, so what it shows is what intake will do.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Popconfirm, Row, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { describeError } from '../../shared/http';
import { formatDate, formatTime } from '../../shared/time';
import type { NewRoutingRule, RoutingRule, Suggestion } from '../../shared/types';
import { api } from '../api';
import { CatalogPicker, DepartmentPicker } from '../components/pickers';
import { catalogPath, useReference } from '../reference';

const last = (codes?: string[]) => codes?.[codes.length - 1];
const ANYWHERE = '全市（不限区划）';

interface RuleValues {
  category?: string[];
  region?: string[];
  departmentId?: string;
  autoDispatch: boolean;
}

export default function RoutingRulesPage() {
  const { message } = App.useApp();
  const ref = useReference();
  const [rules, setRules] = useState<RoutingRule[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [adding, setAdding] = useState(false);

  const load = () =>
    api.admin.routingRules().then(
      (r) => (setRules(r), setError(null)),
      (e: unknown) => (setError(describeError(e)), setRules([])),
    );
  useEffect(() => {
    void load();
  }, []);

  // 试派: the category and region to try, and the server's answer (undefined while not asked).
  const [trial, setTrial] = useState<{ category?: string[]; region?: string[] }>({});
  const [suggestion, setSuggestion] = useState<Suggestion | null | undefined>(undefined);
  const trialCategory = last(trial.category);
  const trialRegion = last(trial.region);
  useEffect(() => {
    setSuggestion(undefined);
    if (!trialCategory || !trialRegion) return;
    let live = true;
    api.suggest(trialCategory, trialRegion).then(
      (s) => live && setSuggestion(s ?? null),
      (e: unknown) => live && message.error(describeError(e)),
    );
    return () => {
      live = false;
    };
    // The rules are in the list: a rule added or removed may change the answer.
  }, [trialCategory, trialRegion, rules, message]);

  const categoryName = (code: string) => catalogPath(ref?.categoryByCode, code);
  const regionName = (code: string | null) => (code === null ? ANYWHERE : catalogPath(ref?.regionByCode, code));

  const rows = useMemo(() => {
    const text = filter.trim();
    return (rules ?? [])
      .map((r) => ({ ...r, categoryPath: categoryName(r.categoryCode), regionPath: regionName(r.regionCode) }))
      .filter((r) => !text || [r.categoryPath, r.regionPath, r.departmentName, r.categoryCode, r.regionCode ?? ''].some((s) => s.includes(text)))
      .sort((a, b) => a.categoryPath.localeCompare(b.categoryPath, 'zh') || (a.regionCode ?? '').localeCompare(b.regionCode ?? ''));
  }, [rules, filter, ref]);

  const remove = async (rule: RoutingRule) => {
    try {
      await api.admin.removeRoutingRule(rule.id);
      message.success('已删除派单规则');
    } catch (e) {
      message.error(describeError(e));
    }
    await load();
  };

  const columns: TableColumnsType<(typeof rows)[number]> = [
    { title: '事项分类', dataIndex: 'categoryPath', render: (path: string, r) => <span title={r.categoryCode}>{path}</span> },
    {
      title: '行政区划',
      dataIndex: 'regionPath',
      render: (path: string, r) => (r.regionCode === null ? <Typography.Text type="secondary">{path}</Typography.Text> : <span title={r.regionCode}>{path}</span>),
    },
    {
      title: '承办单位',
      dataIndex: 'departmentName',
      // The reference tree holds only active departments: a rule for an inactive one no longer routes.
      render: (name: string, r) =>
        ref && !ref.departmentById.has(r.departmentId) ? (
          <span>
            <Typography.Text delete type="secondary">
              {name}
            </Typography.Text>{' '}
            <Tag color="default">单位已停用，规则不生效</Tag>
          </span>
        ) : (
          name
        ),
    },
    {
      title: '派单方式',
      dataIndex: 'autoDispatch',
      width: 110,
      render: (auto: boolean) => (auto ? <Tag color="success">受理即派</Tag> : <Tag>建议，人工派</Tag>),
    },
    { title: '创建时间', dataIndex: 'createdAt', width: 100, render: (at: string) => <span title={formatTime(at)}>{formatDate(at)}</span> },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_, r) => (
        <Popconfirm
          title="删除这条派单规则？"
          description={`${r.categoryPath} · ${r.regionPath} → ${r.departmentName}`}
          okText="删除"
          okButtonProps={{ danger: true }}
          cancelText="取消"
          onConfirm={() => remove(r)}
        >
          <Button type="link" danger size="small" icon={<DeleteOutlined />} data-action="delete-rule">
            删除
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <div className="page routing-page">
      <div className="page-head">
        <h1>派单目录</h1>
        <span className="page-sub">按事项分类 × 行政区划确定承办单位（属地管理）：区划最具体的规则优先，其次是分类最细的规则</span>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={7}>
          <Card title="试派" className="side-card try-card">
            <Typography.Paragraph type="secondary">选择一个事项分类和区划，看受理时会由哪条规则派给哪个单位。</Typography.Paragraph>
            <Form layout="vertical">
              <Form.Item label="事项分类" htmlFor="try-category">
                <CatalogPicker id="try-category" kind="categories" value={trial.category} onChange={(v) => setTrial((t) => ({ ...t, category: v as string[] }))} />
              </Form.Item>
              <Form.Item label="行政区划" htmlFor="try-region">
                <CatalogPicker id="try-region" kind="regions" value={trial.region} onChange={(v) => setTrial((t) => ({ ...t, region: v as string[] }))} />
              </Form.Item>
            </Form>
            <TrialResult category={trialCategory} region={trialRegion} suggestion={suggestion} rules={rules} categoryName={categoryName} regionName={regionName} />
          </Card>
        </Col>
        <Col xs={24} xl={17}>
          <Card
            title={`派单规则（${rules?.length ?? 0} 条）`}
            className="side-card"
            extra={
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                新增规则
              </Button>
            }
          >
            <div className="filters">
              <Input.Search allowClear placeholder="按分类、区划或单位筛选" value={filter} onChange={(e) => setFilter(e.target.value)} style={{ maxWidth: 320 }} />
            </div>
            <Table
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={rows}
              loading={rules === null}
              pagination={false}
              rowClassName={(r) => (suggestion && r.id === suggestion.ruleId ? 'row-selected' : '')}
              locale={{ emptyText: error ?? '还没有派单规则：所有工单由话务员人工派单' }}
            />
          </Card>
        </Col>
      </Row>
      <AddRuleDialog
        open={adding}
        initial={trial}
        onClose={() => setAdding(false)}
        onAdded={async () => {
          setAdding(false);
          await load();
        }}
      />
    </div>
  );
}

function TrialResult({
  category,
  region,
  suggestion,
  rules,
  categoryName,
  regionName,
}: {
  category?: string;
  region?: string;
  suggestion: Suggestion | null | undefined;
  rules: RoutingRule[] | null;
  categoryName: (code: string) => string;
  regionName: (code: string | null) => string;
}) {
  if (!category || !region) return <Alert type="info" showIcon title="选择分类和区划后显示结果" />;
  if (suggestion === undefined) return null;
  if (suggestion === null) {
    return (
      <Alert
        className="try-result"
        type="warning"
        showIcon
        title="没有匹配的派单规则"
        description="这样的工单留在 12345 中心，由话务员人工派单。"
      />
    );
  }
  const rule = rules?.find((r) => r.id === suggestion.ruleId);
  return (
    <Alert
      className="try-result"
      type="success"
      showIcon
      title={
        <span>
          派往 <strong className="suggested-department">{suggestion.name}</strong>
          {suggestion.autoDispatch ? <Tag color="success" className="try-tag">受理即派</Tag> : <Tag className="try-tag">建议，人工派</Tag>}
        </span>
      }
      description={
        rule ? (
          <span>
            生效规则：{categoryName(rule.categoryCode)} · {regionName(rule.regionCode)}（已在右侧表格中标出）
          </span>
        ) : (
          '生效规则不在当前列表中，请刷新页面'
        )
      }
    />
  );
}

function AddRuleDialog({
  open,
  initial,
  onClose,
  onAdded,
}: {
  open: boolean;
  initial: { category?: string[]; region?: string[] };
  onClose(): void;
  onAdded(rule: RoutingRule): void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Before the browser paints the opened dialog, so nothing typed into it can be overwritten.
  useLayoutEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    // Start from what the admin was trying, so "no rule matches" is one click away from a rule.
    form.setFieldsValue({ category: initial.category, region: initial.region, autoDispatch: false });
    // Only when it opens: the trial may change behind the dialog.
  }, [open]);

  const submit = async (v: RuleValues) => {
    setBusy(true);
    setError(null);
    const body: NewRoutingRule = {
      categoryCode: last(v.category)!,
      regionCode: last(v.region) ?? null,
      departmentId: v.departmentId!,
      autoDispatch: v.autoDispatch,
    };
    try {
      const rule = await api.admin.addRoutingRule(body);
      message.success('已新增派单规则');
      onAdded(rule);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title="新增派单规则"
      okText="保存"
      cancelText="取消"
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ autoDispatch: false }}>
        <Form.Item name="category" label="事项分类" rules={[{ required: true, message: '请选择事项分类' }]} extra="可选上级分类：规则同样适用于其下所有分类">
          <CatalogPicker kind="categories" changeOnSelect />
        </Form.Item>
        <Form.Item name="region" label="行政区划" extra="不选则适用于全市任何区划">
          <CatalogPicker kind="regions" allowClear placeholder={ANYWHERE} />
        </Form.Item>
        <Form.Item name="departmentId" label="承办单位" rules={[{ required: true, message: '请选择承办单位' }]}>
          <DepartmentPicker />
        </Form.Item>
        <Form.Item name="autoDispatch" label="受理后自动派单" valuePropName="checked" extra="关闭时只作为派单建议，由话务员确认派出">
          <Switch />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
