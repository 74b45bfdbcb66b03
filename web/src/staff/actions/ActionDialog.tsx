/**
 * The one dialog every case action opens in: its form, Ctrl+Enter to send, the first field focused, and
 * the call with the case's `version`.
 *
 * Typed work is never lost to someone else acting first. When the case changes under the open dialog —
 * told at once by the live connection, or by the server's 409 when the form is sent — the dialog stays
 * open with everything typed, says who did what (the case's newest timeline entry), and, when the server
 * still lists the action for the new version, offers to send the same form against it (按新版本提交);
 * when it no longer does, it says so and offers to copy what was typed. Any other error keeps the form
 * open with the message.
 */
import { Alert, App, Button, Form, Modal, Space } from 'antd';
import { createContext, useCallback, useContext, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { copyText } from '../../shared/clipboard';
import { ApiError, describeError } from '../../shared/http';
import { EVENT_LABELS, ROLE_LABELS, STATUS_LABELS } from '../../shared/labels';
import { formatTime } from '../../shared/time';
import type { Case, CaseWithTimeline, Role, TimelineEvent } from '../../shared/types';
import { api } from '../api';
import { useCaseEvents } from '../live';
import { useReference } from '../reference';
import type { CaseAction, Values } from './action';

/** One action on one case, and whom to tell afterwards. */
export interface ActionRequest {
  c: Case;
  action: CaseAction;
  /** The updated case, after the action succeeded. */
  onChanged(updated: Case): void;
  /** The case changed under the user (409, or a live event while the dialog is open): reload it. */
  onStale(): void;
}

/** How sending an action came out: done, refused because the case is no longer as it was (409), or another error. */
export type RunResult = { done: Case } | { stale: ApiError } | { error: string };

/** Sends one action: a success toast and the updated case, or why not. */
export function useRunAction() {
  const { message } = App.useApp();
  return async ({ c, action, onChanged }: ActionRequest, values: Values): Promise<RunResult> => {
    try {
      const updated = action.send ? await action.send(values, c) : await api.act(c.id, action.verb, { ...action.body(values, c), version: c.version });
      message.success(typeof action.done === 'function' ? action.done(updated) : action.done);
      onChanged(updated);
      return { done: updated };
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) return { stale: e };
      return { error: describeError(e) };
    }
  };
}

const OpenDialog = createContext<(request: ActionRequest) => void>(() => undefined);

/** Opens the console's action dialog for a request. */
export const useOpenActionDialog = () => useContext(OpenDialog);

/** The form's first field, to type into at once. */
const FIRST_FIELD = '.ant-form-item-control input:not([type="hidden"]):not([disabled]), .ant-form-item-control textarea:not([disabled])';

/** The case as it is now, after someone else changed it under the dialog. */
interface Changed {
  fresh: CaseWithTimeline;
  /** Its newest timeline entry: who did what. */
  latest: TimelineEvent | null;
  /** Whether the server still lists this action for the user on the new version. */
  allowed: boolean;
}

/** 「督办员一（督办员）」, 市民, 系统. */
function actorName(e: TimelineEvent): string {
  if (e.actor.type === 'citizen') return '市民';
  if (e.actor.type === 'system') return '系统';
  const role = e.actor.role ? ROLE_LABELS[e.actor.role as Role] : undefined;
  return `${e.actor.displayName ?? '另一位工作人员'}${role ? `（${role}）` : ''}`;
}

/** 「督办员一（督办员）于 11-29 14:02 派单：待派单 → 待签收」 */
function whatChanged({ latest, fresh }: Changed): string {
  if (!latest) return `工单已被更新（当前状态：${STATUS_LABELS[fresh.status]}）`;
  const moved = latest.fromStatus && latest.fromStatus !== latest.toStatus ? `：${STATUS_LABELS[latest.fromStatus]} → ${STATUS_LABELS[latest.toStatus]}` : '';
  return `${actorName(latest)} 于 ${formatTime(latest.at)} ${EVENT_LABELS[latest.type]}${moved}`;
}

/** What was typed into the form, as plain text to copy (every non-empty text field). */
function typedText(values: Values): string {
  return Object.values(values)
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .join('\n\n');
}

/**
 * Holds the one action dialog of the console, above every page: a dialog opened from a queue's row
 * stays open when a live update moves or removes that row (its answer then says what happened).
 */
export function CaseActionHost({ children }: { children: ReactNode }) {
  const ref = useReference();
  const { message } = App.useApp();
  const run = useRunAction();
  const [request, setRequest] = useState<ActionRequest | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [changed, setChanged] = useState<Changed | null>(null);
  const [form] = Form.useForm();
  const body = useRef<HTMLDivElement>(null);
  // The request the dialog shows now, for answers that arrive after it was closed or replaced.
  const current = useRef<ActionRequest | null>(null);

  const open = useCallback(
    (next: ActionRequest) => {
      setError(null);
      setChanged(null);
      form.resetFields();
      form.setFieldsValue(next.action.initial?.(next.c, ref) ?? {});
      current.current = next;
      setRequest(next);
    },
    [form, ref],
  );

  const close = () => {
    current.current = null;
    setRequest(null);
  };

  /** The version the form is sent against: the new one once the user has been told of it. */
  const target = changed?.allowed ? changed.fresh : request?.c;

  /**
   * Reads the case again; when it is no longer the version the dialog works on, says who changed it and
   * whether the action still stands. Resolves whether it had changed.
   */
  const recheck = async (forRequest: ActionRequest, against: number): Promise<boolean> => {
    const fresh = await api.getCase(forRequest.c.id).catch(() => null);
    if (!fresh || current.current !== forRequest || fresh.version === against) return false;
    const latest = fresh.timeline.at(-1) ?? null;
    setChanged({ fresh, latest, allowed: fresh.allowedActions.includes(forRequest.action.verb) && (forRequest.action.when?.(fresh) ?? true) });
    forRequest.onStale();
    return true;
  };

  // The case changed under the open dialog: say so at once (not while our own send is in flight: its
  // answer tells, and its own event is no news).
  useCaseEvents((event) => {
    if (!request || busy || event.caseId !== request.c.id || !target) return;
    void recheck(request, target.version);
  });

  const submit = async (values: Values) => {
    if (!request || !target) return;
    if (changed && !changed.allowed) return;
    setBusy(true);
    setError(null);
    const sentAgainst = target.version;
    const result = await run({ ...request, c: target }, values);
    setBusy(false);
    if ('done' in result) close();
    else if ('error' in result) setError(result.error);
    // A 409: someone changed the case first, or its status no longer allows this. The form stays.
    else if (!(await recheck(request, sentAgainst))) setError(describeError(result.stale));
  };

  // Ctrl+Enter sends the form from anywhere in it, textareas included.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.submit();
    }
  };

  const copyTyped = async () => {
    const text = typedText(form.getFieldsValue(true) as Values);
    if (!text) message.info('没有需要复制的内容');
    else if (await copyText(text)) message.success('已复制所填内容');
    else message.error('复制失败，请手动选中复制');
  };

  const action = request?.action;
  const refused = changed !== null && !changed.allowed;
  return (
    <OpenDialog.Provider value={open}>
      {children}
      <Modal
        open={request !== null}
        title={request ? `${request.action.title} · ${request.c.trackingCode}` : ''}
        okText={changed?.allowed ? '按新版本提交' : '提交'}
        cancelText={refused ? '关闭' : '取消'}
        okButtonProps={{ loading: busy, danger: action?.danger, disabled: refused }}
        onOk={() => form.submit()}
        onCancel={close}
        afterOpenChange={(opened) => opened && body.current?.querySelector<HTMLElement>(FIRST_FIELD)?.focus()}
        width={620}
        forceRender
      >
        <div onKeyDown={onKeyDown} ref={body}>
          {changed && (
            <Alert
              type={changed.allowed ? 'warning' : 'error'}
              showIcon
              className="form-alert case-changed"
              role="alert"
              title={`这件工单刚被更改：${whatChanged(changed)}`}
              description={
                changed.allowed ? (
                  '您填写的内容都还在。请核对后按“按新版本提交”，在更改后的工单上重新提交；若不再需要，取消即可。'
                ) : (
                  <Space orientation="vertical" size={4}>
                    <span>更改后的工单已不能再“{request?.action.title}”（当前状态：{STATUS_LABELS[changed.fresh.status]}）。您填写的内容保留在下方，可复制后关闭。</span>
                    <Button size="small" onClick={copyTyped} data-testid="copy-typed">
                      复制所填内容
                    </Button>
                  </Space>
                )
              }
            />
          )}
          <Form form={form} layout="vertical" onFinish={submit} requiredMark>
            {action?.Fields && target && <action.Fields c={target} form={form} />}
          </Form>
          {error && <Alert type="error" showIcon title={error} />}
          <div className="form-hint">Ctrl + Enter {changed?.allowed ? '按新版本提交' : '提交'}</div>
        </div>
      </Modal>
    </OpenDialog.Provider>
  );
}
