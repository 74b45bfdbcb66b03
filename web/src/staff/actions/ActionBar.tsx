import { App, Button, Popconfirm, Space } from 'antd';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { describeError } from '../../shared/http';
import type { Case, CaseVerb } from '../../shared/types';
import { useUser } from '../auth';
import { resolveAction, type CaseAction } from './action';
import { useOpenActionDialog, useRunAction } from './ActionDialog';
import { CASE_ACTIONS } from './index';

interface ActionBarProps {
  c: Case;
  /** Only these steps, when the server offers them (e.g. the quick actions of a queue's rows). */
  only?: readonly CaseVerb[];
  size?: 'small' | 'middle';
  /** Other labels for some actions here, by action id (e.g. 当场办结 for `close` on the intake's success card). */
  labels?: Partial<Record<string, string>>;
  /**
   * One key for each of some actions, by action id (e.g. `{ dispatch: 'P' }`): shown on the button and
   * pressed anywhere inside `hotkeyScope` (outside a text field, without Ctrl/Alt/Meta).
   */
  hotkeys?: Partial<Record<string, string>>;
  hotkeyScope?: RefObject<HTMLElement | null>;
  /** Puts the keyboard on the first button, so Enter takes the next step. */
  autoFocus?: boolean;
  onChanged(updated: Case): void;
  onStale(): void;
}

/** Whether the keyboard is in an open dialog (a modal above the page). */
export const inDialog = () => document.activeElement?.closest('.ant-modal-wrap') != null;

/** Whether a key press belongs to a field being typed into rather than to a page's shortcuts. */
const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * A button for each verb the server lists in `c.allowedActions` — exactly those, in the order of
 * ./index.ts; forms open in the host's dialog, one-click actions ask first.
 */
export function CaseActionBar({ c, only, size = 'middle', labels, hotkeys, hotkeyScope, autoFocus, onChanged, onStale }: ActionBarProps) {
  const user = useUser();
  const { message } = App.useApp();
  const openDialog = useOpenActionDialog();
  const run = useRunAction();
  const [busy, setBusy] = useState<string | null>(null);
  const first = useRef<HTMLButtonElement>(null);

  const actions = CASE_ACTIONS.map((entry) => resolveAction(entry, user)).filter(
    (a) => c.allowedActions.includes(a.verb) && (a.when?.(c) ?? true) && (!only || only.includes(a.step ?? a.verb)),
  );

  const confirmNow = async (action: CaseAction) => {
    setBusy(action.id);
    const result = await run({ c, action, onChanged, onStale }, {});
    setBusy(null);
    if ('error' in result) message.error(result.error);
    else if ('stale' in result) {
      message.warning(describeError(result.stale));
      onStale();
    }
  };
  const start = (a: CaseAction) => (a.confirm ? undefined : openDialog({ c, action: a, onChanged, onStale }));

  // The keys of this bar, pressed anywhere in its scope.
  const latest = useRef({ actions, start });
  latest.current = { actions, start };
  useEffect(() => {
    const scope = hotkeyScope?.current;
    if (!scope || !hotkeys) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.repeat || typingIn(e.target)) return;
      const hit = latest.current.actions.find((a) => hotkeys[a.id]?.toLowerCase() === e.key.toLowerCase());
      if (!hit || hit.confirm) return;
      e.preventDefault();
      latest.current.start(hit);
    };
    scope.addEventListener('keydown', onKey);
    return () => scope.removeEventListener('keydown', onKey);
  }, [hotkeyScope, hotkeys]);

  // On the first button as it appears (never taking the keyboard from a dialog being typed into).
  const firstId = actions[0]?.id;
  useEffect(() => {
    if (autoFocus && firstId && !inDialog()) first.current?.focus();
  }, [autoFocus, firstId]);

  if (actions.length === 0) return null;
  return (
    <Space wrap size={[8, 8]}>
      {actions.map((a, i) => {
        const primary = i === 0 && !a.danger && a.verb !== 'notes';
        const key = hotkeys?.[a.id];
        const button = (
          <Button
            key={a.id}
            ref={i === 0 ? first : undefined}
            size={size}
            type={primary ? 'primary' : 'default'}
            danger={a.danger}
            loading={busy === a.id}
            onClick={() => start(a)}
            data-action={a.id}
            data-verb={a.verb}
            aria-keyshortcuts={key}
          >
            {labels?.[a.id] ?? a.label}
            {key && <kbd className="button-key">{key}</kbd>}
          </Button>
        );
        return a.confirm ? (
          <Popconfirm key={a.id} title={a.title} description={a.confirm} okText="确认" cancelText="取消" onConfirm={() => confirmNow(a)}>
            {button}
          </Popconfirm>
        ) : (
          button
        );
      })}
    </Space>
  );
}
