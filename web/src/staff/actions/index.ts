/**
 * The console's case actions, by the verb the server lists in `allowedActions`. A button shows exactly
 * when its verb is listed (and, for the second action on one verb, when the case is the kind it is for);
 * they appear in this order (the next step first). Adding an action to the console is one file in this
 * folder and one line here.
 */
import type { ActionEntry } from './action';
import { assignAction } from './AssignAction';
import { attachmentsAction } from './AttachmentsAction';
import { callbackAction } from './CallbackAction';
import { classifyAndDispatchAction } from './ClassifyAndDispatchAction';
import { closeAction } from './CloseAction';
import { decideOwnerAction } from './DecideOwnerAction';
import { dispatchAction } from './DispatchAction';
import { extensionAction } from './ExtensionAction';
import { extensionDecisionAction } from './ExtensionDecisionAction';
import { notesAction } from './NotesAction';
import { pauseAction } from './PauseAction';
import { pauseDecisionAction } from './PauseDecisionAction';
import { rejectReturnAction } from './RejectReturnAction';
import { replyAction } from './ReplyAction';
import { resumeAction } from './ResumeAction';
import { returnAction } from './ReturnAction';
import { signAction } from './SignAction';
import { superviseAction } from './SuperviseAction';
import { updateAction } from './UpdateAction';

export const CASE_ACTIONS: readonly ActionEntry[] = [
  signAction,
  replyAction,
  dispatchAction,
  classifyAndDispatchAction,
  rejectReturnAction,
  decideOwnerAction,
  extensionDecisionAction,
  pauseDecisionAction,
  resumeAction,
  callbackAction,
  assignAction,
  extensionAction,
  pauseAction,
  updateAction,
  closeAction,
  returnAction,
  superviseAction,
  notesAction,
  attachmentsAction,
];
