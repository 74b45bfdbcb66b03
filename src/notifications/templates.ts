import type { MessageTemplate } from '../config/app-config';

/**
 * The messages, in Chinese, as they are registered with the SMS provider (短信模板) and sent by e-mail.
 * `${name}` marks a variable; `PARAMS` gives their order (Tencent Cloud's templates are positional:
 * {1}, {2}…, in this order). An SMS provider adds the signature (签名) itself.
 */
export const TEMPLATES: Record<MessageTemplate, { subject: string; text: string }> = {
  receipt: {
    subject: '诉求已受理',
    text: '您的诉求已受理，受理编号${code}，查询码${query}。凭受理编号和查询码可查询办理进度、评价答复，请妥善保管。',
  },
  codes: { subject: '受理编号和查询码', text: '您的诉求受理编号${code}，查询码${query}，请妥善保管。' },
  dispatched: { subject: '诉求已派单', text: '您的诉求（编号${code}）已交由${dept}办理。' },
  extended: { subject: '答复期限延长', text: '您的诉求（编号${code}）答复期限已延长至${date}。' },
  paused: { subject: '诉求暂停办理', text: '您的诉求（编号${code}）暂停办理：${reason}。' },
  resumed: { subject: '诉求恢复办理', text: '您的诉求（编号${code}）已恢复办理，答复期限为${date}。' },
  replied: { subject: '诉求已答复', text: '${dept}已答复您的诉求（编号${code}），请查看答复并评价：${link}' },
  reopened: { subject: '诉求重新办理', text: '您对诉求（编号${code}）的答复不满意，已重新交办。' },
  closed: { subject: '诉求已办结', text: '您的诉求（编号${code}）${result}，已办结。感谢您的支持。' },
  transferred: { subject: '诉求已转办', text: '您的诉求（编号${code}）已转${to}处理。' },
};

/** Each template's variables, in order. */
export const PARAMS: Record<MessageTemplate, string[]> = Object.fromEntries(
  Object.entries(TEMPLATES).map(([name, t]) => [name, [...t.text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1])]),
) as Record<MessageTemplate, string[]>;

/** The text of a message with its variables filled in (a missing one stays empty). */
export function render(template: MessageTemplate, params: Record<string, string>): string {
  return TEMPLATES[template].text.replace(/\$\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/** The same, as an e-mail. */
export function renderMail(template: MessageTemplate, params: Record<string, string>): { subject: string; text: string } {
  return {
    subject: `【12345】${TEMPLATES[template].subject}（${params.code ?? ''}）`,
    text: `${render(template, params)}\n\n—— 12345政务服务便民热线 · 市长信箱\n此邮件由系统发送，请勿直接回复。`,
  };
}
