/**
 * What one action on a case is, to the console: its verb (as the server lists it in `allowedActions`),
 * its button, its form, and the body it sends. Each action is one file in this folder; ./index.ts lists
 * them. The shared dialog (./ActionDialog.tsx) does everything else: opening, validating, sending with the
 * case's version, the 409, the errors.
 */
import type { FormInstance } from 'antd';
import type { FC } from 'react';
import type { Case, CaseActionBody, CaseVerb, User } from '../../shared/types';
import type { Reference } from '../reference';

/** A form's values, as antd hands them over. */
export type Values = Record<string, unknown>;

export interface FieldsProps {
  c: Case;
  form: FormInstance;
}

export interface ActionSpec<V extends CaseVerb, F extends object> {
  /** Offered exactly when the server lists this verb in the case's `allowedActions` (and `when` agrees). */
  verb: V;
  /**
   * For an action that is one of several on the same verb: the cases it is for (e.g. 分类并派单 only on
   * a case without a category or region). The server's list still decides whether the verb is offered.
   */
  when?(c: Case): boolean;
  /** The step of the work it stands for in a queue's quick actions, when that is not its verb (分类并派单 is a `dispatch`). */
  step?: CaseVerb;
  /** `data-action` on its button: a stable name for tests and styles. */
  id: string;
  label: string;
  /** The dialog's title (or the confirmation's). */
  title: string;
  danger?: boolean;
  /** A one-click action: asks this question instead of opening a form. */
  confirm?: string;
  Fields?: FC<FieldsProps>;
  initial?(c: Case, ref: Reference | null): NoInfer<Partial<F>>;
  /** The request body for the form's values; the dialog adds the case's `version`. */
  body(values: F, c: Case): CaseActionBody<V>;
  /**
   * Sends the action itself, for one that is not a single JSON call (a file upload, a reply with its
   * documents): resolves with the case as it is afterwards. The dialog's handling of errors still applies.
   */
  send?(values: F, c: Case): Promise<Case>;
  /** The toast after success (it may depend on how the case came out). */
  done: string | ((updated: Case) => string);
}

/** An action as the dialog and the buttons handle it: its form's values are no longer typed. */
export type CaseAction<V extends CaseVerb = CaseVerb> = ActionSpec<V, Values>;

/** An action, or a choice between variants of one verb by the user's role (e.g. dispatch and sub-dispatch). */
export type ActionEntry<V extends CaseVerb = CaseVerb> = CaseAction<V> | ((user: User) => CaseAction<V>);

/** Checks one action's form values against the body its verb takes, then files it with the others. */
export function defineAction<V extends CaseVerb, F extends object = Values>(spec: ActionSpec<V, F>): CaseAction<V> {
  return spec as unknown as CaseAction<V>;
}

export function resolveAction(entry: ActionEntry, user: User): CaseAction {
  return typeof entry === 'function' ? entry(user) : entry;
}
