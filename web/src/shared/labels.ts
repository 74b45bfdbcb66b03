/** Chinese names for the API's codes, shared by the staff console and the citizen's pages. */
import type { CaseEventType, CaseStatus, Channel, CloseReason, Kind, PauseReason, Priority, Resolution, Role, Satisfaction } from './types';

export const STATUS_LABELS: Record<CaseStatus, string> = {
  received: '待派单',
  dispatched: '待签收',
  returned: '已退回',
  in_progress: '办理中',
  replied: '已答复',
  closed: '已办结',
};

/** What a citizen reads: the same stages in plainer words. */
export const PUBLIC_STATUS_LABELS: Record<CaseStatus, string> = {
  received: '已受理',
  dispatched: '已转交承办单位',
  returned: '重新分派中',
  in_progress: '办理中',
  replied: '已答复',
  closed: '已办结',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  hotline: '热线电话',
  mailbox: '市长信箱',
  web: '网站',
  app: '移动端',
  open311: '开放接口',
};

export const KIND_LABELS: Record<Kind, string> = {
  complaint: '投诉',
  request: '求助',
  consultation: '咨询',
  suggestion: '建议',
  report: '举报',
  praise: '表扬',
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  normal: '一般',
  urgent: '紧急',
  emergency: '重大突发',
};

export const ROLE_LABELS: Record<Role, string> = {
  operator: '话务员',
  handler: '承办人',
  dept_lead: '部门负责人',
  supervisor: '督办员',
  admin: '系统管理员',
};

export const RESOLUTION_LABELS: Record<Resolution, string> = {
  resolved: '已解决',
  explained: '已解释说明',
  unresolvable: '无法解决',
};

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

export const CLOSE_REASON_LABELS: Record<CloseReason, string> = {
  answered: '当场解答',
  not_accepted: '不予受理',
  merged: '合并办理',
  callback: '回访办结',
  rating: '市民评价办结',
  transferred: '转交紧急服务',
};

/** The lines a call may be handed over to (转警 / 转120 …). */
export const TRANSFER_TARGET_LABELS: Record<'110' | '119' | '120' | '122', string> = {
  '110': '110 公安',
  '119': '119 消防',
  '120': '120 急救',
  '122': '122 交通事故',
};

export const FLAG_KIND_LABELS: Record<'abusive' | 'vulnerable', string> = {
  abusive: '恶意骚扰',
  vulnerable: '需关怀',
};

export const EVENT_LABELS: Record<CaseEventType, string> = {
  'case.created': '受理',
  'case.updated': '更正分类',
  'case.dispatched': '派单',
  'case.signed': '签收',
  'case.returned': '退单',
  'case.assigned': '指派',
  'case.noted': '内部备注',
  'case.replied': '答复',
  'case.reopened': '重办',
  'case.closed': '办结',
  'case.merged': '合并',
  'case.reminded': '催办',
  'case.overdue': '超时',
  'case.supervised': '督办',
  'case.extension_requested': '申请延期',
  'case.extension_decided': '延期审批',
  'case.owner_decided': '裁定承办单位',
  'case.rated': '市民评价',
  'case.return_refused': '退单不予认可',
  'case.pause_requested': '申请挂起',
  'case.paused': '挂起',
  'case.pause_refused': '挂起不予批准',
  'case.resumed': '恢复办理',
  'case.transferred': '转交紧急服务',
  'case.attachment_added': '上传附件',
  'case.linked': '关联事件',
};

/** Why a case is paused (挂起); the citizen reads the same category, never the note. */
export const PAUSE_REASON_LABELS: Record<PauseReason, string> = {
  awaiting_citizen: '等待诉求人补充材料',
  legal_proceedings: '涉及诉讼、仲裁等法定程序',
  other_authority: '需其他机关先行处理',
  other: '其他原因',
};
