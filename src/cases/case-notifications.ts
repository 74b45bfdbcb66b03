import { shanghaiDate } from '../calendar/deadline-math';
import type { MessageTemplate } from '../config/app-config';
import type { CaseEventType } from './case-event.entity';
import type { PauseReason } from './case-pause.entity';
import { CENTRE_NAME, PAUSE_REASON_NAMES } from './citizen-timeline';

/** The facts of a timeline event a message needs. */
export interface NotifyingEvent {
  type: CaseEventType | 'case.transferred';
  toOwnerDepartmentId: string | null;
  data: Record<string, unknown>;
}

/** A message to write for an event, before it is addressed: which template, with which facts. */
export interface PlannedMessage {
  template: MessageTemplate;
  /** Facts of the event; the recipient's own tracking code (and query code) are added per recipient. */
  params: Record<string, string>;
}

const CLOSINGS: Record<string, string> = {
  answered: '已当场答复',
  not_accepted: '不予受理',
  merged: '已与相同诉求合并办理',
  callback: '已回访',
  transferred: '已转有关部门处理',
};

const TRANSFER_NAMES: Record<string, string> = { '110': '110报警服务台', '119': '119消防救援', '120': '120急救中心', '122': '122交通事故报警台' };

const dateOf = (value: unknown) => (typeof value === 'string' ? shanghaiDate(new Date(value)) : '');
const ownerOf = (e: NotifyingEvent) =>
  e.toOwnerDepartmentId === null ? CENTRE_NAME : typeof e.data.toOwnerName === 'string' ? e.data.toOwnerName : '承办单位';

/**
 * Which events reach the citizen by SMS and e-mail, and with what (CONTRACT.md, "Reaching the citizen"):
 * the receipt with the codes, dispatch, an extension granted, a pause and its end, the reply (with the
 * rating link), a reopening, the close, a transfer. Everything else — notes, reminders, internal steps,
 * a refused extension — stays on the timeline. Pure: the workflow asks it for every event it records.
 */
export function plannedMessage(e: NotifyingEvent): PlannedMessage | null {
  switch (e.type) {
    case 'case.created':
      return { template: 'receipt', params: {} };
    case 'case.dispatched':
    case 'case.owner_decided':
      return { template: 'dispatched', params: { dept: ownerOf(e) } };
    case 'case.extension_decided':
      return e.data.approved === true ? { template: 'extended', params: { date: dateOf(e.data.replyDeadline) } } : null;
    case 'case.paused':
      return { template: 'paused', params: { reason: PAUSE_REASON_NAMES[e.data.reason as PauseReason] ?? PAUSE_REASON_NAMES.other } };
    case 'case.resumed':
      return { template: 'resumed', params: { date: dateOf(e.data.replyDeadline) } };
    case 'case.replied':
      return { template: 'replied', params: { dept: ownerOf(e) } };
    case 'case.reopened':
      return { template: 'reopened', params: {} };
    case 'case.closed':
      return { template: 'closed', params: { result: CLOSINGS[String(e.data.reason ?? e.data.via ?? '')] ?? '已办结' } };
    case 'case.merged':
      return { template: 'closed', params: { result: CLOSINGS.merged } };
    case 'case.transferred':
      return { template: 'transferred', params: { to: TRANSFER_NAMES[String(e.data.transferTo ?? '')] ?? '有关部门' } };
    default:
      return null;
  }
}

/** Messages a confidential (保密) case's citizen still gets: only the codes. */
export const CODES_ONLY: readonly MessageTemplate[] = ['receipt', 'codes'];

/** Whether an SMS can reach the number: mainland mobiles only (a landline cannot take a text). */
export const isMobile = (phone: string | null): phone is string => phone !== null && /^1[3-9][0-9]{9}$/.test(phone);
