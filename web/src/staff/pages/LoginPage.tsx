import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { ApiError, describeError } from '../../shared/http';
import { api } from '../api';
import { lastSignOutReason, startSession } from '../session';

export function LoginPage() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(lastSignOutReason() === 'expired' ? '登录已失效，请重新登录' : null);

  const submit = async ({ username, password }: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      startSession(await api.login(username.trim(), password));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? '用户名或密码错误' : describeError(e));
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-brand">
        <span className="brand-badge large">12345</span>
        <div>
          <h1>政务服务便民热线</h1>
          <p>工单受理 · 派单 · 办理 · 督办</p>
        </div>
      </div>
      <Card className="login-card" title="工作人员登录">
        <Form layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus placeholder="如 op1" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} className="form-alert" />}
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
      <p className="login-foot">市民写信或查询办理进度，请访问 <a href="/citizen">市长信箱</a></p>
    </div>
  );
}
