/**
 * 承办单位: the department tree (分级负责) — add a child unit, rename, move under another parent,
 * deactivate or reactivate. Inactive units stay in the tree, greyed, so they can be brought back.
 */
import { EditOutlined, PlusOutlined, StopOutlined, SwapOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Popconfirm, Row, Space, Tag, Tree, TreeSelect, Typography } from 'antd';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState, type ReactNode } from 'react';
import { describeError } from '../../shared/http';
import type { AdminDepartment, AdminUser } from '../../shared/types';
import { api } from '../api';
import { reloadReference } from '../reference';

interface Node {
  key: string;
  title: ReactNode;
  children: Node[];
  department: AdminDepartment;
}

/** The flat list as a tree, each level by code. */
function treeOf(departments: AdminDepartment[], render: (d: AdminDepartment) => ReactNode): Node[] {
  const byParent = new Map<string | null, AdminDepartment[]>();
  for (const d of [...departments].sort((a, b) => a.code.localeCompare(b.code))) {
    const siblings = byParent.get(d.parentId) ?? [];
    siblings.push(d);
    byParent.set(d.parentId, siblings);
  }
  const build = (parentId: string | null): Node[] =>
    (byParent.get(parentId) ?? []).map((d) => ({ key: d.id, title: render(d), department: d, children: build(d.id) }));
  return build(null);
}

/** The department and every unit under it. */
function subtreeIds(departments: AdminDepartment[], id: string): Set<string> {
  const ids = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of departments) {
      if (d.parentId && ids.has(d.parentId) && !ids.has(d.id)) {
        ids.add(d.id);
        grew = true;
      }
    }
  }
  return ids;
}

type DialogMode = { kind: 'add'; parent: AdminDepartment | null } | { kind: 'rename'; department: AdminDepartment } | { kind: 'move'; department: AdminDepartment };

export default function DepartmentsPage() {
  const { message } = App.useApp();
  const [departments, setDepartments] = useState<AdminDepartment[] | null>(null);
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<DialogMode | null>(null);

  const load = useCallback(async (): Promise<AdminDepartment[] | null> => {
    try {
      const [d, u] = await Promise.all([api.admin.departments(), api.admin.users()]);
      setDepartments(d);
      setUsers(u);
      setError(null);
      return d;
    } catch (e) {
      setError(describeError(e));
      setDepartments((prev) => prev ?? []);
      return null;
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  // Every unit with units open at first; then what the admin opened or closed, plus the parent of a unit
  // just added or moved (so it is in sight).
  const [expanded, setExpanded] = useState<string[] | null>(null);
  useEffect(() => {
    if (departments && expanded === null) setExpanded([...new Set(departments.flatMap((d) => (d.parentId ? [d.parentId] : [])))]);
  }, [departments, expanded]);

  /** After a change: this page's list, and the pickers' copy everywhere else; the changed unit selected and in sight. */
  const changed = async (selected?: string) => {
    const fresh = await load();
    void reloadReference();
    if (!selected) return;
    setSelectedId(selected);
    const parentId = fresh?.find((d) => d.id === selected)?.parentId;
    if (parentId) setExpanded((keys) => [...new Set([...(keys ?? []), parentId])]);
  };

  const byId = useMemo(() => new Map((departments ?? []).map((d) => [d.id, d])), [departments]);
  const staffCount = useMemo(() => {
    const counts = new Map<string, number>();
    for (const u of users) if (u.active && u.departmentId) counts.set(u.departmentId, (counts.get(u.departmentId) ?? 0) + 1);
    return counts;
  }, [users]);
  const tree = useMemo(
    () =>
      treeOf(departments ?? [], (d) => (
        <span className={d.active ? 'dept-title' : 'dept-title dept-inactive'} data-code={d.code}>
          {d.name} <span className="mono dept-code">{d.code}</span>
          {!d.active && <Tag className="dept-tag">已停用</Tag>}
        </span>
      )),
    [departments],
  );
  const selected = selectedId ? byId.get(selectedId) : undefined;

  const setActive = async (d: AdminDepartment, active: boolean) => {
    try {
      await api.admin.updateDepartment(d.id, { active });
      message.success(active ? `已启用 ${d.name}` : `已停用 ${d.name}`);
      await changed(d.id);
    } catch (e) {
      message.error(describeError(e));
    }
  };

  return (
    <div className="page departments-page">
      <div className="page-head">
        <h1>承办单位</h1>
        <span className="page-sub">分级负责：市级部门、区县政府及其下属街道、乡镇。上级单位能看到并汇总下级单位的工单</span>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12} xl={10}>
          <Card
            title={`单位（${departments?.filter((d) => d.active).length ?? 0} 个在用）`}
            className="side-card"
            extra={
              <Button icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'add', parent: null })}>
                新增一级单位
              </Button>
            }
          >
            {error && <Alert className="form-alert" type="error" showIcon title={error} />}
            {departments && departments.length > 0 ? (
              <Tree<Node>
                className="dept-tree"
                treeData={tree}
                showLine
                blockNode
                expandedKeys={expanded ?? []}
                onExpand={(keys) => setExpanded(keys as string[])}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => setSelectedId((keys[0] as string | undefined) ?? null)}
              />
            ) : (
              <Empty description={departments ? '还没有单位' : '加载中…'} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12} xl={14}>
          <Card title={selected ? selected.name : '单位详情'} className="side-card dept-detail">
            {!selected ? (
              <Typography.Paragraph type="secondary">在左侧选择一个单位，可新增下级单位、重命名、调整上级或停用。</Typography.Paragraph>
            ) : (
              <>
                <Descriptions column={1} size="small" bordered className="form-alert">
                  <Descriptions.Item label="编码">
                    <span className="mono">{selected.code}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label="上级单位">{selected.parentId ? (byId.get(selected.parentId)?.name ?? '—') : '无（市级单位）'}</Descriptions.Item>
                  <Descriptions.Item label="状态">{selected.active ? <Tag color="success">在用</Tag> : <Tag>已停用</Tag>}</Descriptions.Item>
                  <Descriptions.Item label="在岗人员">{staffCount.get(selected.id) ?? 0} 人</Descriptions.Item>
                </Descriptions>
                <Space wrap>
                  <Button icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'add', parent: selected })} disabled={!selected.active}>
                    新增下级单位
                  </Button>
                  <Button icon={<EditOutlined />} onClick={() => setDialog({ kind: 'rename', department: selected })}>
                    重命名
                  </Button>
                  <Button icon={<SwapOutlined />} onClick={() => setDialog({ kind: 'move', department: selected })}>
                    调整上级
                  </Button>
                  {selected.active ? (
                    <Popconfirm
                      title={`停用 ${selected.name}？`}
                      description="停用后不再出现在派单、下派和人员的单位选择中，指向它的派单规则不再生效。可随时重新启用。"
                      okText="停用"
                      okButtonProps={{ danger: true }}
                      cancelText="取消"
                      onConfirm={() => setActive(selected, false)}
                    >
                      <Button danger icon={<StopOutlined />}>
                        停用
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button icon={<UndoOutlined />} onClick={() => setActive(selected, true)}>
                      重新启用
                    </Button>
                  )}
                </Space>
              </>
            )}
          </Card>
        </Col>
      </Row>
      <DepartmentDialog
        mode={dialog}
        departments={departments ?? []}
        onClose={() => setDialog(null)}
        onDone={async (id) => {
          setDialog(null);
          await changed(id);
        }}
      />
    </div>
  );
}

interface DialogValues {
  code?: string;
  name?: string;
  parentId?: string | null;
}

function DepartmentDialog({ mode, departments, onClose, onDone }: { mode: DialogMode | null; departments: AdminDepartment[]; onClose(): void; onDone(id: string): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<DialogValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Before the browser paints the opened dialog, so nothing typed into it can be overwritten.
  useLayoutEffect(() => {
    if (!mode) return;
    setError(null);
    form.resetFields();
    if (mode.kind === 'add') form.setFieldsValue({ code: mode.parent ? `${mode.parent.code}.` : '' });
    if (mode.kind === 'rename') form.setFieldsValue({ name: mode.department.name });
    if (mode.kind === 'move') form.setFieldsValue({ parentId: mode.department.parentId ?? undefined });
  }, [mode, form]);

  // Where a department may move: anywhere but under itself or its own units.
  const parentOptions = useMemo(() => {
    if (mode?.kind !== 'move') return [];
    const excluded = subtreeIds(departments, mode.department.id);
    const toOptions = (nodes: Node[]): object[] =>
      nodes.map((n) => ({ value: n.key, title: n.department.name, disabled: excluded.has(n.key), children: toOptions(n.children) }));
    return toOptions(treeOf(departments, (d) => d.name));
  }, [mode, departments]);

  const submit = async (v: DialogValues) => {
    if (!mode) return;
    setBusy(true);
    setError(null);
    try {
      if (mode.kind === 'add') {
        const created = await api.admin.addDepartment({ code: v.code!.trim(), name: v.name!.trim(), parentId: mode.parent?.id ?? null });
        message.success(`已新增 ${created.name}`);
        onDone(created.id);
      } else if (mode.kind === 'rename') {
        await api.admin.updateDepartment(mode.department.id, { name: v.name!.trim() });
        message.success('已重命名');
        onDone(mode.department.id);
      } else {
        await api.admin.updateDepartment(mode.department.id, { parentId: v.parentId ?? null });
        message.success('已调整上级单位');
        onDone(mode.department.id);
      }
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const title = !mode
    ? ''
    : mode.kind === 'add'
      ? mode.parent
        ? `新增 ${mode.parent.name} 的下级单位`
        : '新增一级单位'
      : mode.kind === 'rename'
        ? `重命名 ${mode.department.name}`
        : `调整 ${mode.department.name} 的上级单位`;

  return (
    <Modal open={mode !== null} title={title} okText="保存" cancelText="取消" okButtonProps={{ loading: busy }} onOk={() => form.submit()} onCancel={onClose} forceRender>
      <Form form={form} layout="vertical" onFinish={submit}>
        {mode?.kind === 'add' && (
          <Form.Item
            name="code"
            label="编码"
            extra="小写字母、数字和 _ . -，下级单位通常在上级编码后加一段，如 qcq.hbjd"
            rules={[
              { required: true, message: '请填写编码' },
              { pattern: /^[a-z0-9][a-z0-9_.-]{0,63}$/, message: '编码为 1–64 位小写字母、数字或 _ . -' },
            ]}
          >
            <Input className="mono" autoComplete="off" />
          </Form.Item>
        )}
        {(mode?.kind === 'add' || mode?.kind === 'rename') && (
          <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请填写单位名称' }, { max: 200, message: '最多 200 个字' }]}>
            <Input placeholder="如 横荷街道办事处" autoComplete="off" />
          </Form.Item>
        )}
        {mode?.kind === 'move' && (
          <Form.Item name="parentId" label="上级单位" extra="清空则作为市级（一级）单位；不能移到本单位或其下级单位之下">
            <TreeSelect treeData={parentOptions} allowClear showSearch={{ treeNodeFilterProp: 'title' }} treeDefaultExpandAll placeholder="无上级（市级单位）" />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
