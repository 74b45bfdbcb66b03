/**
 * 人员账号: staff accounts — create, change role, department or name, reset the password (shown once),
 * deactivate and reactivate. Deactivation ends the person's sessions at once (server-side), so their
 * open console returns to the login form.
 */
import { CopyOutlined, KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Form, Input, Modal, Popconfirm, Segmented, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { copyText } from '../../shared/clipboard';
import { describeError } from '../../shared/http';
import { ROLE_LABELS } from '../../shared/labels';
import { formatTime } from '../../shared/time';
import type { AdminDepartment, AdminUser, Role } from '../../shared/types';
import { api } from '../api';
import { useUser } from '../auth';
import { DepartmentPicker } from '../components/pickers';

const DEPARTMENT_ROLES: Role[] = ['handler', 'dept_lead'];
const ROLE_ORDER: Role[] = ['operator', 'supervisor', 'admin', 'dept_lead', 'handler'];
const ROLE_COLORS: Record<Role, string> = { operator: 'blue', supervisor: 'purple', admin: 'red', dept_lead: 'gold', handler: 'default' };
const ROLE_OPTIONS = ROLE_ORDER.map((value) => ({ value, label: ROLE_LABELS[value] }));

/** 12 characters from an alphabet without look-alikes (0/O, 1/l/I): easy to read out over the phone. */
function generatePassword(): string {
  const alphabet = '23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const out: string[] = [];
  while (out.length < 12) {
    for (const b of crypto.getRandomValues(new Uint8Array(24))) {
      // Reject the top of the range so every character is equally likely.
      if (b < 256 - (256 % alphabet.length) && out.length < 12) out.push(alphabet[b % alphabet.length]);
    }
  }
  return out.join('');
}

const passwordRules = [
  { required: true, message: '请填写密码' },
  { min: 8, message: '至少 8 位' },
  { max: 256, message: '最多 256 位' },
];

type Status = 'active' | 'inactive' | 'all';

export default function UsersPage() {
  const { message } = App.useApp();
  const me = useUser();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [departments, setDepartments] = useState<AdminDepartment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [status, setStatus] = useState<Status>('all');
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [shown, setShown] = useState<{ user: AdminUser; password: string; created: boolean } | null>(null);

  const load = useCallback(async () => {
    try {
      const [u, d] = await Promise.all([api.admin.users(), api.admin.departments()]);
      setUsers(u);
      setDepartments(d);
      setError(null);
    } catch (e) {
      setError(describeError(e));
      setUsers((prev) => prev ?? []);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const departmentName = useMemo(() => {
    const names = new Map(departments.map((d) => [d.id, d.active ? d.name : `${d.name}（已停用）`]));
    return (id: string | null) => (id ? (names.get(id) ?? '—') : '12345 热线中心');
  }, [departments]);

  const rows = useMemo(() => {
    const q = text.trim().toLowerCase();
    return (users ?? [])
      .filter((u) => !q || u.username.includes(q) || u.displayName.toLowerCase().includes(q) || departmentName(u.departmentId).includes(q))
      .filter((u) => !role || u.role === role)
      .filter((u) => status === 'all' || u.active === (status === 'active'))
      .sort((a, b) => Number(b.active) - Number(a.active) || ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.username.localeCompare(b.username));
  }, [users, text, role, status, departmentName]);

  const setActive = async (u: AdminUser, active: boolean) => {
    try {
      await api.admin.updateUser(u.id, { active });
      message.success(active ? `已启用 ${u.displayName}` : `已停用 ${u.displayName}，其登录已立即失效`);
    } catch (e) {
      message.error(describeError(e));
    }
    await load();
  };

  const columns: TableColumnsType<AdminUser> = [
    {
      title: '用户名',
      dataIndex: 'username',
      render: (name: string, u) => (
        <Space size={4}>
          <span className="mono">{name}</span>
          {u.id === me.id && <Tag color="blue">当前登录</Tag>}
        </Space>
      ),
    },
    { title: '姓名', dataIndex: 'displayName' },
    { title: '角色', dataIndex: 'role', width: 110, render: (r: Role) => <Tag color={ROLE_COLORS[r]}>{ROLE_LABELS[r]}</Tag> },
    { title: '所属单位', dataIndex: 'departmentId', render: (id: string | null) => departmentName(id) },
    {
      title: '状态',
      dataIndex: 'active',
      width: 90,
      render: (active: boolean) => <Badge status={active ? 'success' : 'default'} text={active ? '在用' : '已停用'} />,
    },
    { title: '创建时间', dataIndex: 'createdAt', width: 150, render: formatTime },
    {
      title: '操作',
      key: 'actions',
      width: 230,
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setEditing(u)} data-action="edit-user">
            编辑
          </Button>
          <Button type="link" size="small" onClick={() => setResetting(u)} data-action="reset-password">
            重置密码
          </Button>
          {u.active ? (
            <Popconfirm
              title={`停用 ${u.displayName}（${u.username}）？`}
              description="停用后此人立即退出登录，不能再登录；工单记录保留。可随时重新启用。"
              okText="停用"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={() => setActive(u, false)}
              disabled={u.id === me.id}
            >
              <Button type="link" size="small" danger disabled={u.id === me.id} title={u.id === me.id ? '不能停用自己的账号' : undefined} data-action="deactivate">
                停用
              </Button>
            </Popconfirm>
          ) : (
            <Button type="link" size="small" onClick={() => setActive(u, true)} data-action="reactivate">
              重新启用
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="page users-page">
      <div className="page-head">
        <h1>人员账号</h1>
        <span className="page-sub">话务员、督办员、管理员属于 12345 中心；承办人和部门负责人属于一个承办单位</span>
      </div>
      <div className="filters">
        <Space wrap>
          <Input.Search allowClear placeholder="用户名、姓名或单位" value={text} onChange={(e) => setText(e.target.value)} style={{ width: 240 }} />
          <Select allowClear placeholder="全部角色" value={role} onChange={setRole} options={ROLE_OPTIONS} style={{ width: 140 }} aria-label="角色" />
          <Segmented<Status>
            value={status}
            onChange={setStatus}
            options={[
              { value: 'all', label: '全部' },
              { value: 'active', label: '在用' },
              { value: 'inactive', label: '已停用' },
            ]}
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新建账号
          </Button>
        </Space>
      </div>
      <Card className="case-card" styles={{ body: { padding: 0 } }}>
        <Table<AdminUser>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={users === null}
          rowClassName={(u) => (u.active ? '' : 'row-inactive')}
          pagination={{ defaultPageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: error ?? '没有符合条件的账号' }}
        />
      </Card>
      <UserDialog
        user={editing}
        self={me.id}
        onClose={() => setEditing(null)}
        onSaved={async (user, password) => {
          setEditing(null);
          if (password) setShown({ user, password, created: true });
          await load();
        }}
      />
      <PasswordDialog
        user={resetting}
        onClose={() => setResetting(null)}
        onSaved={(user, password) => {
          setResetting(null);
          setShown({ user, password, created: false });
        }}
      />
      <Modal
        open={shown !== null}
        title={shown?.created ? '账号已创建' : '密码已重置'}
        closable={false}
        keyboard={false}
        mask={{ closable: false }}
        footer={
          <Button type="primary" onClick={() => setShown(null)}>
            我已记下
          </Button>
        }
      >
        {shown && (
          <>
            <Typography.Paragraph>
              请把{shown.created ? '初始' : '新'}密码告知 {shown.user.displayName}（<span className="mono">{shown.user.username}</span>）。关闭后不再显示。
            </Typography.Paragraph>
            <div className="code-row">
              <span className="code-label">密码</span>
              <span className="code-value password-value" data-testid="shown-password">
                {shown.password}
              </span>
              <Button
                icon={<CopyOutlined />}
                onClick={async () => (await copyText(shown.password)) && message.success('已复制')}
                aria-label="复制密码"
              />
            </div>
          </>
        )}
      </Modal>
    </div>
  );
}

interface UserValues {
  username?: string;
  displayName: string;
  role: Role;
  departmentId?: string | null;
  password?: string;
}

function UserDialog({ user, self, onClose, onSaved }: { user: AdminUser | 'new' | null; self: string; onClose(): void; onSaved(user: AdminUser, password?: string): void }) {
  const [form] = Form.useForm<UserValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const departmentId = Form.useWatch('departmentId', form);
  const creating = user === 'new';

  // Before the browser paints the opened dialog, so nothing typed into it can be overwritten.
  useLayoutEffect(() => {
    if (!user) return;
    setError(null);
    form.resetFields();
    if (user === 'new') form.setFieldsValue({ role: 'handler', password: generatePassword() });
    else form.setFieldsValue({ displayName: user.displayName, role: user.role, departmentId: user.departmentId ?? undefined });
  }, [user, form]);

  const needsDepartment = role ? DEPARTMENT_ROLES.includes(role) : false;

  const submit = async (v: UserValues) => {
    if (!user) return;
    setBusy(true);
    setError(null);
    const departmentId = needsDepartment ? v.departmentId! : null;
    try {
      if (user === 'new') {
        const created = await api.admin.addUser({ username: v.username!.trim(), displayName: v.displayName.trim(), role: v.role, departmentId, password: v.password! });
        onSaved(created, v.password);
      } else {
        const updated = await api.admin.updateUser(user.id, { displayName: v.displayName.trim(), role: v.role, departmentId });
        onSaved(updated);
      }
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={creating ? '新建账号' : user ? `编辑 ${user.displayName}（${user.username}）` : ''}
      okText={creating ? '创建' : '保存'}
      cancelText="取消"
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        {creating && (
          <Form.Item
            name="username"
            label="用户名"
            extra="登录用，2–64 位小写字母、数字或 _ . -，创建后不能修改"
            rules={[
              { required: true, message: '请填写用户名' },
              { pattern: /^[a-z0-9][a-z0-9_.-]{1,63}$/, message: '用户名为 2–64 位小写字母、数字或 _ . -' },
            ]}
          >
            <Input className="mono" autoComplete="off" placeholder="如 h.swj2" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 100, message: '最多 100 个字' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]} extra={user !== 'new' && user?.id === self ? '这是您自己的账号：改成其他角色后将不能再管理系统' : undefined}>
          <Select options={ROLE_OPTIONS} />
        </Form.Item>
        {needsDepartment && (
          <Form.Item name="departmentId" label="所属单位" rules={[{ required: true, message: '承办人和部门负责人须属于一个单位' }]}>
            <DepartmentPicker />
          </Form.Item>
        )}
        {creating && (
          <Form.Item label="初始密码" required extra="请告知本人，首次登录后尽快修改">
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="password" noStyle rules={passwordRules}>
                <Input className="mono" autoComplete="new-password" aria-label="初始密码" />
              </Form.Item>
              <Button icon={<ReloadOutlined />} onClick={() => form.setFieldsValue({ password: generatePassword() })}>
                随机生成
              </Button>
            </Space.Compact>
          </Form.Item>
        )}
      </Form>
      {!creating && user && user.active && role && (user.role !== role || (needsDepartment && (departmentId ?? null) !== user.departmentId)) && (
        <Alert className="form-alert" type="info" showIcon title="保存后此人立即退出登录，需重新登录才能按新的角色或单位工作。" />
      )}
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function PasswordDialog({ user, onClose, onSaved }: { user: AdminUser | null; onClose(): void; onSaved(user: AdminUser, password: string): void }) {
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Before the browser paints the opened dialog, so nothing typed into it can be overwritten.
  useLayoutEffect(() => {
    if (!user) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ password: generatePassword() });
  }, [user, form]);

  const submit = async ({ password }: { password: string }) => {
    if (!user) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await api.admin.updateUser(user.id, { password });
      onSaved(updated, password);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={user ? `重置 ${user.displayName}（${user.username}）的密码` : ''}
      okText="重置密码"
      cancelText="取消"
      okButtonProps={{ loading: busy, icon: <KeyOutlined /> }}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Alert className="form-alert" type="info" showIcon title="重置后此人立即退出登录，需用新密码重新登录。" />
        <Form.Item label="新密码" required extra="已随机生成，也可以自己输入（至少 8 位）。保存后只显示这一次">
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="password" noStyle rules={passwordRules}>
              <Input className="mono" autoComplete="new-password" aria-label="新密码" />
            </Form.Item>
            <Button icon={<ReloadOutlined />} onClick={() => form.setFieldsValue({ password: generatePassword() })}>
              随机生成
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
