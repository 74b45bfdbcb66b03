/**
 * The actions on a case, each a button that opens its form (or asks to confirm) and calls the API with
 * the case's `version`. A 409 (someone else changed the case first, or its status moved on) is shown and
 * the case reloaded; any other error keeps the form open with the message.
 */
import { Alert, App, Button, Col, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Radio, Row, Select, Space, Switch, type FormInstance } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type FC, type KeyboardEvent, type ReactNode } from 'react';
import { ApiError, describeError } from '../../shared/http';
import { CLOSE_REASON_LABELS, KIND_LABELS, PRIORITY_LABELS, RESOLUTION_LABELS, SATISFACTION_LABELS } from '../../shared/labels';
import { formatTime } from '../../shared/time';
import type { Case, CaseActionBody, DepartmentUser, User } from '../../shared/types';
import { api } from '../api';
import { useUser } from '../auth';
import { allowedActions, childUnits, type CaseActionKey } from '../permissions';
import { catalogTrail, useReference, type Reference } from '../reference';
import { CatalogPicker, DepartmentPicker } from './pickers';

type Values = Record<string, unknown>;

interface FieldsProps {
  c: Case;
  form: FormInstance;
}

interface ActionDef {
  label: string;
  title: string;
  danger?: boolean;
  /** A one-click action: asks this question instead of opening a form. */
  confirm?: string;
  Fields?: FC<FieldsProps>;
  initial?: (c: Case, ref: Reference | null) => Values;
  submit: (c: Case, values: Values, user: User) => Promise<Case>;
  done: string;
}

const text = (max = 10000) => <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={max} showCount />;
const required = (message: string) => [{ required: true, whitespace: true, message }];
const lastCode = (v: unknown) => (Array.isArray(v) ? (v[v.length - 1] as string) : (v as string | undefined));

// ---- the forms ----

function DispatchFields({ c }: FieldsProps) {
  return (
    <>
      {c.suggestedDepartment ? (
        <Alert type="info" showIcon className="form-alert" title={`路由建议：${c.suggestedDepartment.name}`} description="按事项分类与属地规则推荐，可改派其他单位。" />
      ) : (
        <Alert type="warning" showIcon className="form-alert" title="没有匹配的路由规则，请人工选择承办单位" />
      )}
      <Form.Item name="departmentId" label="主办单位" rules={[{ required: true, message: '请选择主办单位' }]}>
        <DepartmentPicker autoFocus />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.departmentId !== b.departmentId}>
        {({ getFieldValue }) => (
          <Form.Item name="coDepartmentIds" label="协办单位">
            <DepartmentPicker multiple treeCheckable={false} exclude={[getFieldValue('departmentId') as string]} placeholder="可选，协办单位只提供意见" />
          </Form.Item>
        )}
      </Form.Item>
      <Form.Item name="note" label="派单意见">
        {text()}
      </Form.Item>
    </>
  );
}

function SubDispatchFields() {
  const user = useUser();
  const ref = useReference();
  return (
    <>
      <Alert type="info" showIcon className="form-alert" title="下派后由下级单位签收办理，本单位仍可查看并对结果负责（分级负责）。" />
      <Form.Item name="departmentId" label="下级单位" rules={[{ required: true, message: '请选择下级单位' }]}>
        <DepartmentPicker roots={childUnits(user, ref?.departmentById)} autoFocus />
      </Form.Item>
      <Form.Item name="note" label="下派意见">
        {text()}
      </Form.Item>
    </>
  );
}

function ReclassifyFields() {
  return (
    <>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="kind" label="诉求类型">
            <Select options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="priority" label="缓急程度">
            <Select options={Object.entries(PRIORITY_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="category" label="事项分类" rules={[{ required: true, message: '请选择事项分类' }]}>
        <CatalogPicker kind="categories" />
      </Form.Item>
      <Form.Item name="region" label="所属区划" rules={[{ required: true, message: '请选择区划' }]}>
        <CatalogPicker kind="regions" />
      </Form.Item>
      <Form.Item name="title" label="标题" rules={required('请填写标题')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="address" label="地址">
        <Input maxLength={500} />
      </Form.Item>
    </>
  );
}

/** Finds an open case to merge into, by tracking code or words of its title. */
function MergeTargetSelect({ exclude, ...props }: { exclude: string; value?: string; onChange?: (v: string) => void }) {
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [searching, setSearching] = useState(false);
  const [q, setQ] = useState('');
  useEffect(() => {
    if (q.trim().length < 2) return;
    let live = true;
    const timer = setTimeout(() => {
      setSearching(true);
      api
        .listCases({ open: true, q: q.trim(), limit: 10 }, null)
        .then((page) => live && setOptions(page.items.filter((x) => x.id !== exclude).map((x) => ({ value: x.id, label: `${x.trackingCode}　${x.title}` }))))
        .catch(() => undefined)
        .finally(() => live && setSearching(false));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, exclude]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={searching}
      options={options}
      placeholder="输入受理编号或标题关键字查找未办结工单"
      notFoundContent={q.trim().length < 2 ? '至少输入两个字' : searching ? '查找中…' : '没有匹配的工单'}
      {...props}
    />
  );
}

type CloseReason = CaseActionBody<'close'>['reason'];
/** The ways the centre may close a case (the others — by callback, by rating — are not chosen here). */
const CLOSE_REASONS: Record<CloseReason, true> = { answered: true, not_accepted: true, merged: true };

function CloseFields({ c }: FieldsProps) {
  return (
    <>
      <Form.Item name="reason" label="办结方式" rules={[{ required: true }]}>
        <Radio.Group optionType="button" options={(Object.keys(CLOSE_REASONS) as CloseReason[]).map((value) => ({ value, label: CLOSE_REASON_LABELS[value] }))} />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.reason !== b.reason}>
        {({ getFieldValue }) =>
          getFieldValue('reason') === 'merged' && (
            <Form.Item name="mergedIntoId" label="并入工单" rules={[{ required: true, message: '请选择要并入的工单' }]}>
              <MergeTargetSelect exclude={c.id} />
            </Form.Item>
          )
        }
      </Form.Item>
      <Form.Item name="note" label="办结说明" rules={required('请填写办结说明')}>
        {text()}
      </Form.Item>
    </>
  );
}

function CallbackFields() {
  return (
    <>
      <Form.Item name="satisfaction" label="市民评价" rules={[{ required: true, message: '请选择市民的评价' }]}>
        <Radio.Group optionType="button" options={Object.entries(SATISFACTION_LABELS).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item name="resolved" label="问题是否解决" valuePropName="checked">
        <Switch checkedChildren="已解决" unCheckedChildren="未解决" />
      </Form.Item>
      <Form.Item noStyle shouldUpdate>
        {({ getFieldValue }) =>
          getFieldValue('satisfaction') === 'unsatisfied' &&
          !getFieldValue('resolved') && <Alert type="warning" showIcon className="form-alert" title="不满意且未解决：工单将退回原承办单位重办。" />
        }
      </Form.Item>
      <Form.Item name="note" label="回访记录">
        {text()}
      </Form.Item>
    </>
  );
}

function NoteFields() {
  return (
    <Form.Item name="content" label="内部备注（市民不可见）" rules={required('请填写备注内容')}>
      <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={10000} showCount autoFocus />
    </Form.Item>
  );
}

function ReturnFields({ c }: FieldsProps) {
  return (
    <>
      <Alert type="warning" showIcon className="form-alert" title="退单须在派单后 2 个工作日内提出，并说明理由。" />
      <Form.Item name="reason" label="退单理由" rules={required('请填写退单理由')}>
        {text()}
      </Form.Item>
      <Form.Item name="suggestedDepartmentId" label="建议承办单位">
        <DepartmentPicker exclude={c.owner.departmentId ? [c.owner.departmentId] : []} placeholder="可选：您认为应由哪个单位办理" />
      </Form.Item>
    </>
  );
}

function AssignFields() {
  const user = useUser();
  const [staff, setStaff] = useState<DepartmentUser[] | null>(null);
  useEffect(() => {
    if (user.departmentId) api.departmentUsers(user.departmentId).then(setStaff, () => setStaff([]));
  }, [user.departmentId]);
  const options = (staff ?? [])
    .filter((u) => u.role === 'handler' || u.role === 'dept_lead')
    .map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }));
  return (
    <Form.Item name="assigneeId" label="承办人" rules={[{ required: true, message: '请选择承办人' }]}>
      <Select showSearch={{ optionFilterProp: 'label' }} loading={!staff} options={options} placeholder="选择本单位承办人" autoFocus />
    </Form.Item>
  );
}

function ReplyFields() {
  return (
    <>
      <Form.Item name="resolution" label="办理结果" rules={[{ required: true, message: '请选择办理结果' }]}>
        <Radio.Group optionType="button" options={Object.entries(RESOLUTION_LABELS).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item name="content" label="答复内容（市民可见）" rules={required('请填写答复内容')}>
        <Input.TextArea autoSize={{ minRows: 5, maxRows: 12 }} maxLength={10000} showCount />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.resolution !== b.resolution}>
        {({ getFieldValue }) =>
          getFieldValue('resolution') === 'unresolvable' && (
            <Form.Item name="reason" label="无法解决的原因" rules={required('请说明无法解决的原因')}>
              {text()}
            </Form.Item>
          )
        }
      </Form.Item>
    </>
  );
}

function ExtensionFields({ c }: FieldsProps) {
  return (
    <>
      <Alert type="info" showIcon className="form-alert" title={`当前答复时限：${formatTime(c.replyDeadline)}。延期须经督办员批准，每件工单最多批准两次。`} />
      <Form.Item name="workingDays" label="申请延长（工作日）" rules={[{ required: true, message: '请填写天数' }]}>
        <InputNumber min={1} max={60} precision={0} style={{ width: 160 }} autoFocus />
      </Form.Item>
      <Form.Item name="reason" label="延期理由" rules={required('请填写延期理由')}>
        {text()}
      </Form.Item>
    </>
  );
}

function SuperviseFields() {
  return (
    <>
      <Alert type="warning" showIcon className="form-alert" title="督办事项将在“督办公开”栏目向社会公布（不含市民信息）。" />
      <Form.Item name="note" label="督办事实" rules={required('请写明督办的事实')}>
        {text()}
      </Form.Item>
      <Form.Item name="requirement" label="整改要求" rules={required('请写明整改要求')}>
        {text()}
      </Form.Item>
    </>
  );
}

function DecideExtensionFields({ c }: FieldsProps) {
  const request = c.pendingExtension;
  return (
    <>
      {request && (
        <Descriptions size="small" column={1} bordered className="form-alert">
          <Descriptions.Item label="申请天数">{request.workingDays} 个工作日</Descriptions.Item>
          <Descriptions.Item label="申请理由">{request.reason}</Descriptions.Item>
          <Descriptions.Item label="申请时间">{formatTime(request.requestedAt)}</Descriptions.Item>
          <Descriptions.Item label="当前答复时限">{formatTime(c.replyDeadline)}</Descriptions.Item>
        </Descriptions>
      )}
      <Form.Item name="approve" label="审批意见" rules={[{ required: true }]}>
        <Radio.Group optionType="button" options={[{ value: true, label: '批准' }, { value: false, label: '不批准' }]} />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.approve !== b.approve}>
        {({ getFieldValue }) =>
          getFieldValue('approve') && (
            <Form.Item name="workingDays" label="批准天数（可少于申请）" rules={[{ required: true, message: '请填写批准天数' }]}>
              <InputNumber min={1} max={request?.workingDays ?? 60} precision={0} style={{ width: 160 }} />
            </Form.Item>
          )
        }
      </Form.Item>
      <Form.Item name="note" label="说明">
        {text()}
      </Form.Item>
    </>
  );
}

function DecideOwnerFields({ c }: FieldsProps) {
  return (
    <>
      <Alert
        type="warning"
        showIcon
        className="form-alert"
        title={`该工单已被退回 ${c.returnCount} 次。裁定后由所选单位承办，且不得再退单。`}
      />
      <Form.Item name="departmentId" label="裁定承办单位" rules={[{ required: true, message: '请选择承办单位' }]}>
        <DepartmentPicker autoFocus />
      </Form.Item>
      <Form.Item name="note" label="裁定理由" rules={required('请填写裁定理由')}>
        {text()}
      </Form.Item>
    </>
  );
}

// ---- the table of actions ----

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export const ACTIONS: Record<CaseActionKey, ActionDef> = {
  sign: {
    label: '签收',
    title: '签收工单',
    confirm: '确认签收？签收后开始计算答复时限。',
    submit: (c) => api.sign(c.id, { version: c.version }),
    done: '已签收',
  },
  reply: {
    label: '答复',
    title: '答复市民',
    Fields: ReplyFields,
    initial: () => ({ resolution: 'resolved' }),
    submit: (c, v) => api.reply(c.id, { version: c.version, content: String(v.content).trim(), resolution: v.resolution as 'resolved', reason: str(v.reason) }),
    done: '已答复',
  },
  dispatch: {
    label: '派单',
    title: '派单',
    Fields: DispatchFields,
    initial: (c) => ({ departmentId: c.suggestedDepartment?.departmentId, coDepartmentIds: [] }),
    submit: (c, v) =>
      api.dispatch(c.id, {
        version: c.version,
        departmentId: v.departmentId as string,
        coDepartmentIds: (v.coDepartmentIds as string[] | undefined)?.length ? (v.coDepartmentIds as string[]) : undefined,
        note: str(v.note),
      }),
    done: '已派单',
  },
  subDispatch: {
    label: '下派',
    title: '下派至下级单位',
    Fields: SubDispatchFields,
    submit: (c, v) => api.dispatch(c.id, { version: c.version, departmentId: v.departmentId as string, note: str(v.note) }),
    done: '已下派',
  },
  return: {
    label: '退单',
    title: '退单',
    danger: true,
    Fields: ReturnFields,
    submit: (c, v) => api.returnCase(c.id, { version: c.version, reason: String(v.reason).trim(), suggestedDepartmentId: v.suggestedDepartmentId as string | undefined }),
    done: '已退单',
  },
  assign: {
    label: '指派',
    title: '指派承办人',
    Fields: AssignFields,
    initial: (c) => ({ assigneeId: c.assigneeId ?? undefined }),
    submit: (c, v) => api.assign(c.id, { version: c.version, assigneeId: v.assigneeId as string }),
    done: '已指派',
  },
  requestExtension: {
    label: '申请延期',
    title: '申请延期',
    Fields: ExtensionFields,
    initial: () => ({ workingDays: 5 }),
    submit: (c, v) => api.requestExtension(c.id, { version: c.version, workingDays: Number(v.workingDays), reason: String(v.reason).trim() }),
    done: '延期申请已提交',
  },
  note: {
    label: '备注',
    title: '添加内部备注',
    Fields: NoteFields,
    submit: (c, v) => api.note(c.id, { version: c.version, content: String(v.content).trim() }),
    done: '备注已添加',
  },
  reclassify: {
    label: '更正分类',
    title: '更正分类与内容',
    Fields: ReclassifyFields,
    initial: (c, ref) => ({
      kind: c.kind,
      priority: c.priority,
      category: c.categoryCode && ref ? catalogTrail(ref.categoryByCode, c.categoryCode) : undefined,
      region: c.regionCode && ref ? catalogTrail(ref.regionByCode, c.regionCode) : undefined,
      title: c.title,
      address: c.address ?? '',
    }),
    submit: (c, v) =>
      api.reclassify(c.id, {
        version: c.version,
        kind: v.kind as Case['kind'],
        priority: v.priority as Case['priority'],
        categoryCode: lastCode(v.category),
        regionCode: lastCode(v.region),
        title: String(v.title).trim(),
        address: str(v.address),
      }),
    done: '已更正',
  },
  close: {
    label: '办结',
    title: '直接办结',
    Fields: CloseFields,
    initial: () => ({ reason: 'answered' }),
    submit: (c, v) =>
      api.close(c.id, {
        version: c.version,
        reason: v.reason as 'answered',
        note: String(v.note).trim(),
        mergedIntoId: v.reason === 'merged' ? (v.mergedIntoId as string) : undefined,
      }),
    done: '已办结',
  },
  callback: {
    label: '回访',
    title: '回访市民',
    Fields: CallbackFields,
    initial: () => ({ resolved: true }),
    submit: (c, v) => api.callback(c.id, { version: c.version, satisfaction: v.satisfaction as 'satisfied', resolved: Boolean(v.resolved), note: str(v.note) }),
    done: '回访已登记',
  },
  supervise: {
    label: '督办',
    title: '督办',
    danger: true,
    Fields: SuperviseFields,
    submit: (c, v) => api.supervise(c.id, { version: c.version, note: String(v.note).trim(), requirement: String(v.requirement).trim() }),
    done: '已督办',
  },
  decideExtension: {
    label: '审批延期',
    title: '审批延期申请',
    Fields: DecideExtensionFields,
    initial: (c) => ({ approve: true, workingDays: c.pendingExtension?.workingDays }),
    submit: (c, v) =>
      api.decideExtension(c.id, {
        version: c.version,
        approve: Boolean(v.approve),
        workingDays: v.approve ? Number(v.workingDays) : undefined,
        note: str(v.note),
      }),
    done: '已审批',
  },
  decideOwner: {
    label: '裁定承办单位',
    title: '裁定承办单位',
    Fields: DecideOwnerFields,
    initial: (c) => ({ departmentId: c.suggestedDepartment?.departmentId }),
    submit: (c, v) => api.decideOwner(c.id, { version: c.version, departmentId: v.departmentId as string, note: String(v.note).trim() }),
    done: '已裁定',
  },
};

/** The order buttons appear in: the next step first. */
const ORDER: CaseActionKey[] = [
  'sign',
  'reply',
  'dispatch',
  'decideOwner',
  'decideExtension',
  'callback',
  'assign',
  'subDispatch',
  'requestExtension',
  'reclassify',
  'close',
  'return',
  'supervise',
  'note',
];

/** What the bar asks the host for: a dialog for one action on one case, and whom to tell afterwards. */
interface ActionRequest {
  c: Case;
  key: CaseActionKey;
  /** The updated case, after the action succeeded. */
  onChanged(updated: Case): void;
  /** The case changed under the user (409): reload it. */
  onStale(): void;
}

/** Runs one action: a success toast and the updated case, a 409 explained and reloaded, or the error text. */
function useRunAction() {
  const user = useUser();
  const { message } = App.useApp();
  return async (request: ActionRequest, values: Values): Promise<string | null> => {
    const def = ACTIONS[request.key];
    try {
      const updated = await def.submit(request.c, values, user);
      message.success(def.done);
      request.onChanged(updated);
      return null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        message.warning(describeError(e));
        request.onStale();
        return null;
      }
      return describeError(e);
    }
  };
}

const OpenDialog = createContext<(request: ActionRequest) => void>(() => undefined);

/**
 * Holds the one action dialog of the console, above every page: a dialog opened from a queue's row
 * stays open when a live update moves or removes that row (its answer then says what happened).
 */
export function CaseActionHost({ children }: { children: ReactNode }) {
  const ref = useReference();
  const run = useRunAction();
  const [request, setRequest] = useState<ActionRequest | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();

  const open = useCallback(
    (next: ActionRequest) => {
      setError(null);
      form.resetFields();
      form.setFieldsValue(ACTIONS[next.key].initial?.(next.c, ref) ?? {});
      setRequest(next);
    },
    [form, ref],
  );

  const submit = async (values: Values) => {
    if (!request) return;
    setBusy(true);
    setError(null);
    const failure = await run(request, values);
    setBusy(false);
    if (failure) setError(failure);
    else setRequest(null);
  };

  // Ctrl+Enter sends the form from anywhere in it, textareas included.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.submit();
    }
  };

  const def = request ? ACTIONS[request.key] : null;
  return (
    <OpenDialog.Provider value={open}>
      {children}
      <Modal
        open={request !== null}
        title={def && request ? `${def.title} · ${request.c.trackingCode}` : ''}
        okText="提交"
        cancelText="取消"
        okButtonProps={{ loading: busy, danger: def?.danger }}
        onOk={() => form.submit()}
        onCancel={() => setRequest(null)}
        width={620}
        forceRender
      >
        <div onKeyDown={onKeyDown}>
          <Form form={form} layout="vertical" onFinish={submit} requiredMark>
            {def?.Fields && request && <def.Fields c={request.c} form={form} />}
          </Form>
          {error && <Alert type="error" showIcon title={error} />}
          <div className="form-hint">Ctrl + Enter 提交</div>
        </div>
      </Modal>
    </OpenDialog.Provider>
  );
}

interface ActionBarProps {
  c: Case;
  /** Only these, when allowed (e.g. the one quick action of a queue row). */
  only?: CaseActionKey[];
  size?: 'small' | 'middle';
  onChanged(updated: Case): void;
  onStale(): void;
}

/** The buttons for what the user may do to `c` now; forms open in the host's dialog, one-click actions ask first. */
export function CaseActionBar({ c, only, size = 'middle', onChanged, onStale }: ActionBarProps) {
  const user = useUser();
  const ref = useReference();
  const { message } = App.useApp();
  const openDialog = useContext(OpenDialog);
  const run = useRunAction();
  const [busy, setBusy] = useState<CaseActionKey | null>(null);

  const allowed = useMemo(() => allowedActions(user, c, ref?.departmentById), [user, c, ref]);
  const keys = ORDER.filter((k) => allowed.has(k) && (!only || only.includes(k)));
  if (keys.length === 0) return null;

  const confirmNow = async (key: CaseActionKey) => {
    setBusy(key);
    const failure = await run({ c, key, onChanged, onStale }, {});
    setBusy(null);
    if (failure) message.error(failure);
  };

  return (
    <Space wrap size={[8, 8]}>
      {keys.map((key, i) => {
        const a = ACTIONS[key];
        const primary = i === 0 && !a.danger && key !== 'note';
        const button = (
          <Button
            key={key}
            size={size}
            type={primary ? 'primary' : 'default'}
            danger={a.danger}
            loading={busy === key}
            onClick={a.confirm ? undefined : () => openDialog({ c, key, onChanged, onStale })}
            data-action={key}
          >
            {a.label}
          </Button>
        );
        return a.confirm ? (
          <Popconfirm key={key} title={a.title} description={a.confirm} okText="确认" cancelText="取消" onConfirm={() => confirmNow(key)}>
            {button}
          </Popconfirm>
        ) : (
          button
        );
      })}
    </Space>
  );
}
