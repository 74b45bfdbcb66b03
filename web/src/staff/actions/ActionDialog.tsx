/**
 * The one dialog every case action opens in: its form, Ctrl+Enter to send, the first field focused, and
 * the call with the case's `version`. A 409 (someone else changed the case first, or its status moved on)
 * is explained and the case reloaded; any other error keeps the form open with the message.
 */
import { Alert, App, Form, Modal } from 'antd';
import { createContext, useCallback, useContext, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ApiError, describeError } from '../../shared/http';
import type { Case } from '../../shared/types';
import { api } from '../api';
import { useReference } from '../reference';
import type { CaseAction, Values } from './action';

/** One action on one case, and whom to tell afterwards. */
export interface ActionRequest {
  c: Case;
  action: CaseAction;
  /** The updated case, after the action succeeded. */
  onChanged(updated: Case): void;
  /** The case changed under the user (409): reload it. */
  onStale(): void;
}

/** Sends one action: a success toast and the updated case, a 409 explained and reloaded, or the error text. */
export function useRunAction() {
  const { message } = App.useApp();
  return async ({ c, action, onChanged, onStale }: ActionRequest, values: Values): Promise<string | null> => {
    try {
      const updated = action.send ? await action.send(values, c) : await api.act(c.id, action.verb, { ...action.body(values, c), version: c.version });
      message.success(action.done);
      onChanged(updated);
      return null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        message.warning(describeError(e));
        onStale();
        return null;
      }
      return describeError(e);
    }
  };
}

const OpenDialog = createContext<(request: ActionRequest) => void>(() => undefined);

/** Opens the console's action dialog for a request. */
export const useOpenActionDialog = () => useContext(OpenDialog);

/** The form's first field, to type into at once. */
const FIRST_FIELD = '.ant-form-item-control input:not([type="hidden"]):not([disabled]), .ant-form-item-control textarea:not([disabled])';

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
  const body = useRef<HTMLDivElement>(null);

  const open = useCallback(
    (next: ActionRequest) => {
      setError(null);
      form.resetFields();
      form.setFieldsValue(next.action.initial?.(next.c, ref) ?? {});
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

  const action = request?.action;
  return (
    <OpenDialog.Provider value={open}>
      {children}
      <Modal
        open={request !== null}
        title={request ? `${request.action.title} · ${request.c.trackingCode}` : ''}
        okText="提交"
        cancelText="取消"
        okButtonProps={{ loading: busy, danger: action?.danger }}
        onOk={() => form.submit()}
        onCancel={() => setRequest(null)}
        afterOpenChange={(opened) => opened && body.current?.querySelector<HTMLElement>(FIRST_FIELD)?.focus()}
        width={620}
        forceRender
      >
        <div onKeyDown={onKeyDown} ref={body}>
          <Form form={form} layout="vertical" onFinish={submit} requiredMark>
            {action?.Fields && request && <action.Fields c={request.c} form={form} />}
          </Form>
          {error && <Alert type="error" showIcon title={error} />}
          <div className="form-hint">Ctrl + Enter 提交</div>
        </div>
      </Modal>
    </OpenDialog.Provider>
  );
}
