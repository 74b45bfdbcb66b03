import { Alert, Button, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../../shared/http';
import { formatTime } from '../../shared/time';
import type { Notification } from '../../shared/types';
import { api } from '../api';

const STATUS: Record<Notification['status'], { label: string; color: string }> = {
  held: { label: '未发送（未配置通道）', color: 'default' },
  pending: { label: '待发送', color: 'processing' },
  sent: { label: '已发送', color: 'success' },
  failed: { label: '发送失败', color: 'error' },
};

const TEMPLATE: Record<Notification['template'], string> = {
  receipt: '受理回执',
  codes: '补发查询码',
  dispatched: '已派单',
  extended: '延期',
  paused: '暂停办理',
  resumed: '恢复办理',
  replied: '已答复',
  reopened: '重办',
  closed: '办结',
  transferred: '转办',
};

/** 短信与邮件: the outbox, newest first, the recipient masked (admin). */
export default function NotificationsPage() {
  const [status, setStatus] = useState<Notification['status'] | undefined>(undefined);
  const [rows, setRows] = useState<Notification[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api.notifications({ status }).then(
      (list) => {
        setRows(list);
        setError(null);
      },
      (e: unknown) => setError(describeError(e)),
    );
  }, [status]);
  useEffect(load, [load]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>短信与邮件</h1>
        <Space>
          <Select
            allowClear
            placeholder="全部状态"
            aria-label="发送状态"
            style={{ width: 200 }}
            value={status}
            onChange={setStatus}
            options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
          />
          <Button onClick={load}>刷新</Button>
        </Space>
      </div>
      <Alert
        type="info"
        showIcon
        className="queue-hint"
        title="每条通知随引起它的办理环节一同记录，提交后由发送程序发出，失败自动重试。未配置短信通道（SMS_DRIVER=outbox）或邮件服务器（SMTP_URL）时只记录、不发送。号码与邮箱已脱敏。"
      />
      {error && <Alert type="error" showIcon title={error} />}
      <Table
        rowKey="id"
        size="small"
        loading={rows === null && !error}
        dataSource={rows ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        columns={[
          { title: '时间', dataIndex: 'createdAt', render: formatTime, width: 150 },
          { title: '通道', dataIndex: 'channel', render: (c: string) => (c === 'sms' ? '短信' : '邮件'), width: 70 },
          { title: '接收方', dataIndex: 'to', className: 'mono', width: 170 },
          { title: '内容', dataIndex: 'template', render: (t: Notification['template']) => TEMPLATE[t] ?? t, width: 110 },
          { title: '状态', dataIndex: 'status', render: (s: Notification['status']) => <Tag color={STATUS[s].color}>{STATUS[s].label}</Tag>, width: 170 },
          { title: '尝试', dataIndex: 'attempts', width: 60 },
          { title: '发送时间', dataIndex: 'sentAt', render: (t: string | null) => (t ? formatTime(t) : '—'), width: 150 },
          { title: '说明', dataIndex: 'error', render: (e: string | null) => e ?? '' },
        ]}
      />
    </div>
  );
}
