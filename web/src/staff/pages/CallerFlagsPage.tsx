/**
 * 来电标记: a supervisor marks a number abusive (恶意骚扰) or vulnerable (需关怀), or lifts the mark.
 * Operators see it beside the caller's history; intake is never refused because of it.
 */
import { Alert, App, Button, Card, DatePicker, Form, Input, Radio, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../shared/http';
import { FLAG_KIND_LABELS } from '../../shared/labels';
import { formatTime } from '../../shared/time';
import type { CallerHistory, FlagKind } from '../../shared/types';
import { api } from '../api';
import { normalizePhone } from '../components/desk/useDebounced';

interface FlagValues {
  phone: string;
  kind: FlagKind;
  reason: string;
  expiresAt?: Dayjs;
}

export default function CallerFlagsPage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<FlagValues>();
  const [history, setHistory] = useState<CallerHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async () => {
    const phone = normalizePhone(form.getFieldValue('phone'));
    if (!phone) return setError('请输入有效的手机号或带区号的座机号');
    try {
      setHistory(await api.callerHistory(phone));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  };
  const save = async (v: FlagValues) => {
    setBusy(true);
    try {
      await api.setCallerFlag({ phone: v.phone, kind: v.kind, reason: v.reason.trim(), expiresAt: v.expiresAt?.endOf('day').toISOString() });
      message.success('已标记');
      await check();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const lift = async () => {
    try {
      await api.liftCallerFlag(form.getFieldValue('phone'));
      message.success('已解除标记');
      await check();
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <div className="page">
      <div className="page-head">
        <h1>来电标记</h1>
        <span className="page-sub">话务员受理时可见；任何标记都不影响正常受理</span>
      </div>
      <Card className="case-card flag-card">
        <Form form={form} layout="vertical" onFinish={save} initialValues={{ kind: 'vulnerable' }} requiredMark>
          <Form.Item name="phone" label="号码" rules={[{ required: true, message: '请输入号码' }]}>
            <Input.Search inputMode="tel" placeholder="手机号或带区号的座机号" enterButton="查询" onSearch={check} />
          </Form.Item>
          {history && (
            <Alert
              className="form-alert"
              type={history.flag ? (history.flag.kind === 'abusive' ? 'error' : 'warning') : 'info'}
              showIcon
              title={history.flag ? `当前标记：${FLAG_KIND_LABELS[history.flag.kind]}（${history.flag.reason}）` : '该号码没有标记'}
              description={`近一年来电 ${history.counts.total} 件，在办 ${history.counts.open} 件${history.flag ? `；${history.flag.setBy ?? ''} 标记于 ${formatTime(history.flag.setAt)}` : ''}`}
              action={history.flag && <Button size="small" onClick={lift}>解除标记</Button>}
            />
          )}
          <Form.Item name="kind" label="标记">
            <Radio.Group optionType="button" options={Object.entries(FLAG_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="reason" label="原因" rules={[{ required: true, whitespace: true, message: '请填写原因' }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder="如：独居老人，听力不好，请放慢语速" />
          </Form.Item>
          <Form.Item name="expiresAt" label="有效至" tooltip="不填为长期，直到解除">
            <DatePicker placeholder="长期" />
          </Form.Item>
          {error && <Alert className="form-alert" type="error" showIcon title={error} />}
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              保存标记
            </Button>
            <Typography.Text type="secondary">标记和解除都记入审计日志</Typography.Text>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
