/**
 * 办理时限: the SLA policy as one editable table — a row per priority, a column per clock (dispatch,
 * sign, reply, callback), each an amount and a unit. Saved whole; deadlines already running keep theirs.
 */
import { App, Button, Card, Form, InputNumber, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { describeError } from '../../shared/http';
import { PRIORITY_LABELS } from '../../shared/labels';
import type { Duration, DurationUnit, Priority, SlaPolicy } from '../../shared/types';
import { api } from '../api';
import { DURATION_UNIT_LABELS, STAGES } from '../adminLabels';

const PRIORITIES: Priority[] = ['emergency', 'urgent', 'normal'];
const UNITS = (Object.keys(DURATION_UNIT_LABELS) as DurationUnit[]).map((value) => ({ value, label: DURATION_UNIT_LABELS[value] }));

/** An amount and a unit side by side, as one form value. */
function DurationInput({ value, onChange, id, label }: { value?: Duration; onChange?: (v: Duration) => void; id?: string; label: string }) {
  return (
    <Space.Compact className="duration-input">
      <InputNumber
        id={id}
        aria-label={`${label}数量`}
        min={1}
        max={10000}
        precision={0}
        value={value?.amount}
        onChange={(amount) => onChange?.({ unit: value?.unit ?? 'hours', amount: amount as number })}
        style={{ width: 80 }}
      />
      <Select<DurationUnit>
        aria-label={`${label}单位`}
        value={value?.unit}
        options={UNITS}
        onChange={(unit) => onChange?.({ amount: value?.amount ?? 1, unit })}
        style={{ width: 104 }}
        popupMatchSelectWidth={false}
      />
    </Space.Compact>
  );
}

const amountRule = {
  validator: (_: unknown, v?: Duration) =>
    v && Number.isInteger(v.amount) && v.amount >= 1 && v.amount <= 10000 ? Promise.resolve() : Promise.reject(new Error('请填写 1–10000 的整数')),
};

export default function SlaPolicyPage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<SlaPolicy>();
  const [saved, setSaved] = useState<SlaPolicy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    api.admin.slaPolicy().then(
      (p) => {
        setSaved(p);
        form.setFieldsValue(p);
      },
      (e: unknown) => setError(describeError(e)),
    );
  }, [form]);

  const submit = async (values: SlaPolicy) => {
    setBusy(true);
    try {
      const p = await api.admin.setSlaPolicy(values);
      setSaved(p);
      form.setFieldsValue(p);
      setDirty(false);
      message.success('办理时限已保存：此后开始计时的环节按新时限计算');
    } catch (e) {
      message.error(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<Priority> = [
    {
      title: '优先级',
      key: 'priority',
      width: 110,
      fixed: 'left',
      render: (_, p) => <strong className={`priority-${p}`}>{PRIORITY_LABELS[p]}</strong>,
    },
    ...STAGES.map((stage) => ({
      title: (
        <span>
          {stage.label}
          <div className="column-hint">{stage.who}</div>
        </span>
      ),
      key: stage.key,
      render: (_: unknown, p: Priority) => (
        <Form.Item name={[p, stage.key]} rules={[amountRule]} className="sla-cell">
          <DurationInput label={`${PRIORITY_LABELS[p]}${stage.label}`} />
        </Form.Item>
      ),
    })),
  ];

  return (
    <div className="page sla-page">
      <div className="page-head">
        <h1>办理时限</h1>
        <span className="page-sub">每个优先级的派单、签收、答复、回访时限。“个工作日”按工作日历计算，到第 N 个工作日 23:59:59 截止</span>
      </div>
      <Card className="case-card">
        <Form form={form} onFinish={submit} onValuesChange={() => setDirty(true)} disabled={!saved}>
          <Table<Priority>
            rowKey={(p) => p}
            size="middle"
            columns={columns}
            dataSource={PRIORITIES}
            loading={!saved && !error}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: error ?? '—' }}
          />
          <div className="form-actions">
            <Typography.Text type="secondary">保存后新的时限立即用于此后开始计时的环节；已经在计时的工单保持原时限。</Typography.Text>
            <Space>
              <Button
                disabled={!dirty}
                onClick={() => {
                  if (saved) form.setFieldsValue(saved);
                  setDirty(false);
                }}
              >
                放弃修改
              </Button>
              <Button type="primary" htmlType="submit" loading={busy} disabled={!dirty}>
                保存
              </Button>
            </Space>
          </div>
        </Form>
      </Card>
    </div>
  );
}
