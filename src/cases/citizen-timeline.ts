import { shanghaiDate } from '../calendar/deadline-math';
import type { CaseEventType } from './case-event.entity';
import type { PauseReason } from './case-pause.entity';

/** How the citizen sees the 12345 centre as the holder of their case. */
export const CENTRE_NAME = '12345政务服务便民热线';

/** A public event as the citizen's timeline needs it. */
export interface PublicEvent {
  type: CaseEventType;
  toOwnerDepartmentId: string | null;
  /** The owner's name now (null: the centre); the event's own record of it wins. */
  toOwnerName: string | null;
  data: Record<string, unknown>;
}

/** Who holds the case after the event, by the name it had then (kept in the event), else now. */
export function citizenOwnerName(event: PublicEvent): string {
  if (event.toOwnerDepartmentId === null) return CENTRE_NAME;
  return typeof event.data.toOwnerName === 'string' ? event.data.toOwnerName : (event.toOwnerName ?? CENTRE_NAME);
}

/** The citizen's line for one public event: a standard sentence, and the one free text they may read. */
export interface CitizenLine {
  summary: string;
  /** `publicNote` of the step (the reply's content, a dispatch's word to the citizen …), or null. */
  note: string | null;
}

const CLOSINGS: Record<string, string> = {
  answered: '已当场答复，诉求办结',
  not_accepted: '不予受理',
  merged: '与相同诉求合并办理',
  callback: '已回访，诉求办结',
  rating: '您已评价，诉求办结',
};

/** Who took over a call the centre handed on (转警 / 转120 …), as the citizen reads it. */
export const TRANSFER_TARGET_NAMES: Record<string, string> = {
  '110': '公安110报警服务台',
  '119': '119消防救援指挥中心',
  '120': '120急救指挥中心',
  '122': '122交通事故报警台',
};

/** The reason of a pause as the citizen reads it: its category, never the department's note. */
export const PAUSE_REASON_NAMES: Record<PauseReason, string> = {
  awaiting_citizen: '等待诉求人补充材料',
  legal_proceedings: '涉及诉讼、仲裁等法定程序',
  other_authority: '需其他机关先行处理',
  other: '其他原因',
};

/**
 * What the citizen reads for each public event (CONTRACT.md, "Notes are internal"): a standard sentence
 * made from the event's type and recorded facts, and only the free text staff wrote for the citizen
 * (`data.publicNote`). Staff notes never reach a citizen, nor through a merge another citizen.
 */
export function citizenLine(event: PublicEvent): CitizenLine {
  const owner = citizenOwnerName(event);
  const note = typeof event.data.publicNote === 'string' ? event.data.publicNote : null;
  const deadline = typeof event.data.replyDeadline === 'string' ? shanghaiDate(new Date(event.data.replyDeadline)) : null;
  const summaries: Partial<Record<CaseEventType, string>> = {
    'case.created': '诉求已受理',
    'case.dispatched': `已派单至${owner}`,
    'case.owner_decided': `经督办裁定，由${owner}办理`,
    'case.signed': `${owner}已签收，正在办理`,
    'case.extension_decided': deadline ? `答复期限延长至${deadline}` : '答复期限已调整',
    'case.replied': `${owner}已答复`,
    'case.reopened': '您对答复不满意，已重新交办（重办）',
    'case.closed': CLOSINGS[String(event.data.reason ?? event.data.via ?? '')] ?? '诉求已办结',
    'case.rated': '您已评价，诉求办结',
    'case.merged': CLOSINGS.merged,
    'case.paused': `暂停办理：${PAUSE_REASON_NAMES[event.data.reason as PauseReason] ?? PAUSE_REASON_NAMES.other}`,
    'case.resumed': deadline ? `恢复办理，答复期限顺延至${deadline}` : '恢复办理',
    'case.transferred': `您的诉求已转交${TRANSFER_TARGET_NAMES[String(event.data.transferTo)] ?? '相关紧急服务机构'}处理`,
    'case.attachment_added': event.data.byCitizen ? '您补充了材料' : `${owner}提供了材料`,
  };
  return { summary: summaries[event.type] ?? '办理进展已更新', note };
}
