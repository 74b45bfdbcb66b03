/**
 * 分类与区划: the category tree (事项分类) and the region tree (行政区划) side by side — add a child,
 * rename, delete; a category may name the kind of request (诉求类型) it implies, which intake preselects. The server refuses to delete what a child, a routing rule or a case still uses (409
 * IN_USE), and says so; the trees are the reference data every picker uses, reloaded after each change.
 */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Popconfirm, Row, Select, Space, Tag, Tree, Typography } from 'antd';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, describeError } from '../../shared/http';
import { KIND_LABELS } from '../../shared/labels';
import type { CatalogNode, CategoryNode, Kind as RequestKind } from '../../shared/types';
import { api } from '../api';
import { reloadReference, useReference } from '../reference';

type Kind = 'categories' | 'regions';

const KINDS: Record<Kind, { title: string; noun: string; codeHint: string; codeRule: RegExp; codeMessage: string; example: string }> = {
  categories: {
    title: '事项分类',
    noun: '分类',
    codeHint: '小写英文单词，用点接在上级编码后，如 environment.light',
    codeRule: /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/,
    codeMessage: '编码为小写字母、数字和下划线，各级之间用点连接',
    example: '如 光污染',
  },
  regions: {
    title: '行政区划',
    noun: '区划',
    codeHint: '6 位国家行政区划代码（GB/T 2260），如 441802',
    codeRule: /^[0-9]{6}$/,
    codeMessage: '请填写 6 位行政区划代码',
    example: '如 清城区',
  },
};

interface Node {
  key: string;
  title: ReactNode;
  children: Node[];
}

type DialogMode = { kind: Kind; action: 'add'; parent: CatalogNode | null } | { kind: Kind; action: 'rename'; node: CatalogNode };

/** Why the server would not delete a node, in Chinese (its message names what still uses it). */
function deleteRefusal(e: unknown): string {
  if (e instanceof ApiError && e.code === 'IN_USE') {
    const text = [e.body?.message].flat().join(' ');
    const uses = [/child/i.test(text) && '下级节点', /rule/i.test(text) && '派单规则', /case/i.test(text) && '工单'].filter(Boolean);
    return uses.length ? `仍有${uses.join('、')}在使用，不能删除` : describeError(e);
  }
  return describeError(e);
}

export default function CatalogPage() {
  const ref = useReference();
  const [dialog, setDialog] = useState<DialogMode | null>(null);

  return (
    <div className="page catalog-page">
      <div className="page-head">
        <h1>分类与区划</h1>
        <span className="page-sub">受理、派单规则和统计使用的事项分类与行政区划。已被工单、派单规则或下级节点使用的不能删除</span>
      </div>
      <Row gutter={[16, 16]}>
        {(['categories', 'regions'] as const).map((kind) => (
          <Col key={kind} xs={24} xl={12}>
            <CatalogTree kind={kind} roots={(kind === 'categories' ? ref?.categories : ref?.regions) ?? null} onDialog={setDialog} />
          </Col>
        ))}
      </Row>
      <NodeDialog mode={dialog} onClose={() => setDialog(null)} onDone={() => setDialog(null)} />
    </div>
  );
}

function CatalogTree({ kind, roots, onDialog }: { kind: Kind; roots: CatalogNode[] | null; onDialog(mode: DialogMode): void }) {
  const { message } = App.useApp();
  const k = KINDS[kind];
  const [selected, setSelected] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[] | null>(null);

  const remove = async (node: CatalogNode) => {
    try {
      await api.admin.removeCatalogNode(kind, node.code);
      message.success(`已删除${k.noun} ${node.name}`);
      await reloadReference();
    } catch (e) {
      message.error(deleteRefusal(e));
    }
  };

  const tree = useMemo(() => {
    const build = (nodes: CatalogNode[]): Node[] =>
      nodes.map((n) => ({
        key: n.code,
        children: build(n.children),
        title: (
          <span className="catalog-node" data-code={n.code}>
            <span className="catalog-name">{n.name}</span>
            <span className="mono catalog-code">{n.code}</span>
            {(n as Partial<CategoryNode>).defaultKind && <Tag className="catalog-kind">默认{KIND_LABELS[(n as CategoryNode).defaultKind!]}</Tag>}
            <span className="catalog-actions" onClick={(e) => e.stopPropagation()}>
              <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => onDialog({ kind, action: 'add', parent: n })}>
                新增下级
              </Button>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => onDialog({ kind, action: 'rename', node: n })}>
                {kind === 'categories' ? '编辑' : '重命名'}
              </Button>
              <Popconfirm
                title={`删除${k.noun} ${n.name}？`}
                description={n.children.length ? `它还有 ${n.children.length} 个下级${k.noun}，须先删除下级。` : '仍被工单或派单规则使用的不能删除。'}
                okText="删除"
                okButtonProps={{ danger: true }}
                cancelText="取消"
                onConfirm={() => remove(n)}
              >
                <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                  删除
                </Button>
              </Popconfirm>
            </span>
          </span>
        ),
      }));
    return build(roots ?? []);
    // `remove` is new each render but reads only what is fixed for this card (kind, message).
  }, [roots, kind, onDialog]);

  // Everything open at first (two levels in practice); afterwards the admin's own choice.
  const allKeys = useMemo(() => {
    const keys: string[] = [];
    const walk = (nodes: CatalogNode[]) => nodes.forEach((n) => n.children.length && (keys.push(n.code), walk(n.children)));
    walk(roots ?? []);
    return keys;
  }, [roots]);
  // A node that has just got its first child opens, so the new child is in sight.
  const parents = useRef(allKeys);
  useEffect(() => {
    const fresh = allKeys.filter((key) => !parents.current.includes(key));
    parents.current = allKeys;
    if (fresh.length > 0) setExpanded((keys) => keys && [...keys, ...fresh]);
  }, [allKeys]);

  return (
    <Card
      title={k.title}
      className={`side-card catalog-card catalog-${kind}`}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => onDialog({ kind, action: 'add', parent: null })}>
          新增一级{k.noun}
        </Button>
      }
    >
      {roots === null ? (
        <Typography.Text type="secondary">加载中…</Typography.Text>
      ) : roots.length === 0 ? (
        <Typography.Text type="secondary">还没有{k.noun}</Typography.Text>
      ) : (
        <Tree<Node>
          className="catalog-tree"
          treeData={tree}
          showLine
          blockNode
          expandedKeys={expanded ?? allKeys}
          onExpand={(keys) => setExpanded(keys as string[])}
          selectedKeys={selected ? [selected] : []}
          onSelect={(keys) => setSelected((keys[0] as string | undefined) ?? null)}
        />
      )}
    </Card>
  );
}

interface NodeValues {
  code?: string;
  name: string;
  /** Categories only: the kind of request it implies, or none. */
  defaultKind?: RequestKind | null;
}

function NodeDialog({ mode, onClose, onDone }: { mode: DialogMode | null; onClose(): void; onDone(): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<NodeValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const k = mode ? KINDS[mode.kind] : KINDS.categories;

  // Before the browser paints the opened dialog, so nothing typed into it can be overwritten.
  useLayoutEffect(() => {
    if (!mode) return;
    setError(null);
    form.resetFields();
    if (mode.action === 'rename') form.setFieldsValue({ name: mode.node.name, defaultKind: (mode.node as Partial<CategoryNode>).defaultKind ?? null });
    else if (mode.kind === 'categories' && mode.parent) form.setFieldsValue({ code: `${mode.parent.code}.` });
  }, [mode, form]);

  const submit = async (v: NodeValues) => {
    if (!mode) return;
    setBusy(true);
    setError(null);
    const defaultKind = mode.kind === 'categories' ? { defaultKind: v.defaultKind ?? null } : {};
    try {
      if (mode.action === 'add') {
        await api.admin.addCatalogNode(mode.kind, { code: v.code!.trim(), name: v.name.trim(), ...(mode.parent ? { parentCode: mode.parent.code } : {}), ...defaultKind });
        message.success(`已新增${k.noun} ${v.name.trim()}`);
      } else if (mode.kind === 'categories') {
        await api.admin.updateCategory(mode.node.code, { name: v.name.trim(), ...defaultKind });
        message.success('已保存');
      } else {
        await api.admin.renameCatalogNode(mode.kind, mode.node.code, { name: v.name.trim() });
        message.success('已重命名');
      }
      await reloadReference();
      onDone();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const title = !mode
    ? ''
    : mode.action === 'rename'
      ? `${mode.kind === 'categories' ? '编辑' : '重命名'}${k.noun} ${mode.node.name}`
      : mode.parent
        ? `新增 ${mode.parent.name} 的下级${k.noun}`
        : `新增一级${k.noun}`;

  return (
    <Modal open={mode !== null} title={title} okText="保存" cancelText="取消" okButtonProps={{ loading: busy }} onOk={() => form.submit()} onCancel={onClose} forceRender>
      <Form form={form} layout="vertical" onFinish={submit}>
        {mode?.action === 'add' && (
          <Form.Item
            name="code"
            label="编码"
            extra={k.codeHint}
            rules={[
              { required: true, message: '请填写编码' },
              { pattern: k.codeRule, message: k.codeMessage },
              { max: 100, message: '最多 100 个字符' },
              {
                validator: (_, code?: string) =>
                  mode.kind === 'categories' && mode.parent && code && !code.startsWith(`${mode.parent.code}.`)
                    ? Promise.reject(new Error(`下级分类的编码须以 ${mode.parent.code}. 开头`))
                    : Promise.resolve(),
              },
            ]}
          >
            <Input className="mono" autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 100, message: '最多 100 个字' }]}>
          <Input autoComplete="off" placeholder={k.example} />
        </Form.Item>
        {mode?.kind === 'categories' && (
          <Form.Item name="defaultKind" label="默认诉求类型" extra="受理时选中此分类（或其下级分类），诉求类型自动设为此项，话务员仍可更改。不设则沿用上级分类的设置。">
            <Select
              allowClear
              placeholder="不设（沿用上级分类）"
              options={(Object.entries(KIND_LABELS) as [RequestKind, string][]).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        )}
      </Form>
      {mode?.action === 'add' && mode.parent && (
        <Space className="form-alert">
          <Typography.Text type="secondary">
            上级：{mode.parent.name}（<span className="mono">{mode.parent.code}</span>）
          </Typography.Text>
        </Space>
      )}
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
