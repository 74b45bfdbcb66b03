/**
 * 常用语: the reply templates staff insert in the reply, callback and close dialogs. A dept_lead keeps
 * its department's, a supervisor the centre's; both read the centre's.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, List, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../../shared/http';
import type { ReplyTemplate } from '../../shared/types';
import { api } from '../api';
import { useUser } from '../auth';
import { forgetTemplates } from '../components/TemplatePicker';

export default function TemplatesPage() {
  const user = useUser();
  const { message } = App.useApp();
  const [items, setItems] = useState<ReplyTemplate[] | null>(null);
  const [editing, setEditing] = useState<ReplyTemplate | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mine = (t: ReplyTemplate) => (user.role === 'supervisor' ? t.departmentId === null : t.departmentId === user.departmentId);
  const load = useCallback(() => {
    api.replyTemplates().then(
      (r) => (setItems(r), setError(null)),
      (e: unknown) => (setError(describeError(e)), setItems([])),
    );
  }, []);
  useEffect(load, [load]);
  const remove = async (t: ReplyTemplate) => {
    try {
      await api.deleteReplyTemplate(t.id);
      forgetTemplates();
      load();
    } catch (e) {
      message.error(describeError(e));
    }
  };
  return (
    <div className="page">
      <div className="page-head">
        <h1>常用语</h1>
        <span className="page-sub">{user.role === 'supervisor' ? '维护 12345 中心的常用语，各单位均可使用' : '维护本单位的常用语；中心常用语由督办员维护'}</span>
      </div>
      <div className="filters">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建常用语
        </Button>
      </div>
      <Card className="case-card">
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        <List
          loading={items === null}
          dataSource={items ?? []}
          locale={{ emptyText: '还没有常用语' }}
          renderItem={(t) => (
            <List.Item
              actions={
                mine(t)
                  ? [
                      <Button key="edit" size="small" onClick={() => setEditing(t)}>
                        编辑
                      </Button>,
                      <Popconfirm key="delete" title="删除这条常用语？" onConfirm={() => remove(t)} okText="删除" cancelText="取消">
                        <Button size="small" danger>
                          删除
                        </Button>
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space>
                    {t.title}
                    <Tag>{t.departmentId ? '本单位' : '12345 中心'}</Tag>
                  </Space>
                }
                description={t.body}
              />
            </List.Item>
          )}
        />
      </Card>
      {editing && (
        <TemplateEditor
          template={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) {
              forgetTemplates();
              load();
            }
          }}
        />
      )}
    </div>
  );
}

function TemplateEditor({ template, onClose }: { template: ReplyTemplate | null; onClose(saved: boolean): void }) {
  const [form] = Form.useForm<{ title: string; body: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (v: { title: string; body: string }) => {
    setBusy(true);
    try {
      if (template) await api.updateReplyTemplate(template.id, { title: v.title.trim(), body: v.body.trim() });
      else await api.createReplyTemplate({ title: v.title.trim(), body: v.body.trim() });
      onClose(true);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={template ? '编辑常用语' : '新建常用语'} okText="保存" cancelText="取消" onOk={() => form.submit()} onCancel={() => onClose(false)} okButtonProps={{ loading: busy }}>
      <Form form={form} layout="vertical" initialValues={template ?? {}} onFinish={save} requiredMark>
        <Form.Item name="title" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="body" label="内容" rules={[{ required: true, whitespace: true, message: '请填写内容' }]}>
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={10000} showCount />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
