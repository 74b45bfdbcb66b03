import { Alert, App, Button, Form, Input, Modal, Switch, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../../shared/http';
import { formatTime } from '../../shared/time';
import type { CreatedOpen311Client, Open311Client } from '../../shared/types';
import { api } from '../api';

/** Open311 接入: the apps allowed to submit reports, their keys shown once (admin). */
export default function Open311ClientsPage() {
  const { message } = App.useApp();
  const [rows, setRows] = useState<Open311Client[] | null>(null);
  const [created, setCreated] = useState<CreatedOpen311Client | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const load = useCallback(() => {
    api.open311Clients().then(setRows, (e: unknown) => message.error(describeError(e)));
  }, [message]);
  useEffect(load, [load]);

  const register = async ({ name }: { name: string }) => {
    setBusy(true);
    try {
      setCreated(await api.registerOpen311Client(name.trim()));
      form.resetFields();
      load();
    } catch (e) {
      message.error(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (c: Open311Client, active: boolean) => {
    try {
      await api.setOpen311ClientActive(c.id, active);
      load();
    } catch (e) {
      message.error(describeError(e));
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>Open311 接入</h1>
      </div>
      <Alert
        type="info"
        showIcon
        className="queue-hint"
        title="其他应用（如政务小程序）通过 Open311 GeoReport v2 接口（/open311/v2）提交诉求，须使用在此登记后发放的 api_key。密钥只在登记时显示一次；停用后立即失效。"
      />
      <Form form={form} layout="inline" onFinish={register} className="open311-form">
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: '请填写应用名称' }]}>
          <Input placeholder="应用名称，如：清远市民通小程序" maxLength={100} style={{ width: 320 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          登记并发放密钥
        </Button>
      </Form>
      <Table
        rowKey="id"
        size="small"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={false}
        columns={[
          { title: '应用', dataIndex: 'name' },
          { title: '登记时间', dataIndex: 'createdAt', render: formatTime, width: 170 },
          { title: '启用', dataIndex: 'active', width: 90, render: (active: boolean, c: Open311Client) => <Switch checked={active} onChange={(v) => toggle(c, v)} /> },
        ]}
      />
      <Modal open={created !== null} title="密钥已发放" okText="我已妥善保存" onOk={() => setCreated(null)} onCancel={() => setCreated(null)} cancelButtonProps={{ style: { display: 'none' } }}>
        <p>请将以下 api_key 交给「{created?.name}」的开发方。关闭后将无法再次查看。</p>
        <Typography.Paragraph copyable className="mono" data-testid="api-key">
          {created?.apiKey}
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}
