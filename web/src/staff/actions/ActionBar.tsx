import { App, Button, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import type { Case, CaseVerb } from '../../shared/types';
import { useUser } from '../auth';
import { resolveAction, type ActionEntry, type CaseAction } from './action';
import { useOpenActionDialog, useRunAction } from './ActionDialog';
import { CASE_ACTIONS } from './index';

interface ActionBarProps {
  c: Case;
  /** Only these verbs, when the server offers them (e.g. the quick actions of a queue's rows). */
  only?: readonly CaseVerb[];
  size?: 'small' | 'middle';
  onChanged(updated: Case): void;
  onStale(): void;
}

/**
 * A button for each verb the server lists in `c.allowedActions` — exactly those, in the order of
 * ./index.ts; forms open in the host's dialog, one-click actions ask first.
 */
export function CaseActionBar({ c, only, size = 'middle', onChanged, onStale }: ActionBarProps) {
  const user = useUser();
  const { message } = App.useApp();
  const openDialog = useOpenActionDialog();
  const run = useRunAction();
  const [busy, setBusy] = useState<string | null>(null);

  const actions = (Object.entries(CASE_ACTIONS) as [CaseVerb, ActionEntry][])
    .filter(([verb]) => c.allowedActions.includes(verb) && (!only || only.includes(verb)))
    .map(([, entry]) => resolveAction(entry, user));
  if (actions.length === 0) return null;

  const confirmNow = async (action: CaseAction) => {
    setBusy(action.id);
    const failure = await run({ c, action, onChanged, onStale }, {});
    setBusy(null);
    if (failure) message.error(failure);
  };

  return (
    <Space wrap size={[8, 8]}>
      {actions.map((a, i) => {
        const primary = i === 0 && !a.danger && a.verb !== 'notes';
        const button = (
          <Button
            key={a.id}
            size={size}
            type={primary ? 'primary' : 'default'}
            danger={a.danger}
            loading={busy === a.id}
            onClick={a.confirm ? undefined : () => openDialog({ c, action: a, onChanged, onStale })}
            data-action={a.id}
            data-verb={a.verb}
          >
            {a.label}
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
