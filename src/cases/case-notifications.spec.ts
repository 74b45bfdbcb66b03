import { isMobile, plannedMessage } from './case-notifications';

describe('which events reach the citizen', () => {
  const event = (type: string, data: Record<string, unknown> = {}, toOwnerDepartmentId: string | null = 'd1') => ({ type, data, toOwnerDepartmentId }) as Parameters<typeof plannedMessage>[0];

  it.each([
    ['case.created', {}, { template: 'receipt', params: {} }],
    ['case.dispatched', { toOwnerName: '市水务局' }, { template: 'dispatched', params: { dept: '市水务局' } }],
    ['case.owner_decided', { toOwnerName: '清城区人民政府' }, { template: 'dispatched', params: { dept: '清城区人民政府' } }],
    ['case.extension_decided', { approved: true, replyDeadline: '2026-12-10T15:59:59.000Z' }, { template: 'extended', params: { date: '2026-12-10' } }],
    ['case.paused', { reason: 'legal_proceedings' }, { template: 'paused', params: { reason: '涉及诉讼、仲裁等法定程序' } }],
    ['case.resumed', { replyDeadline: '2026-12-20T15:59:59.000Z' }, { template: 'resumed', params: { date: '2026-12-20' } }],
    ['case.replied', { toOwnerName: '市水务局' }, { template: 'replied', params: { dept: '市水务局' } }],
    ['case.reopened', {}, { template: 'reopened', params: {} }],
    ['case.closed', { reason: 'not_accepted' }, { template: 'closed', params: { result: '不予受理' } }],
    ['case.closed', { via: 'callback' }, { template: 'closed', params: { result: '已回访' } }],
    ['case.merged', {}, { template: 'closed', params: { result: '已与相同诉求合并办理' } }],
    ['case.transferred', { transferTo: '110' }, { template: 'transferred', params: { to: '110报警服务台' } }],
  ])('%s %j', (type, data, expected) => expect(plannedMessage(event(type, data))).toEqual(expected));

  it.each(['case.noted', 'case.reminded', 'case.overdue', 'case.supervised', 'case.signed', 'case.returned', 'case.assigned', 'case.rated', 'case.attachment_added', 'case.pause_requested'])(
    'nothing for %s',
    (type) => expect(plannedMessage(event(type))).toBeNull(),
  );

  it('nothing for a refused extension, which stays internal', () => expect(plannedMessage(event('case.extension_decided', { approved: false }))).toBeNull());

  it('names the centre when it holds the case', () => expect(plannedMessage(event('case.dispatched', {}, null))?.params.dept).toBe('12345政务服务便民热线'));

  it.each([
    ['13912345678', true],
    ['19912345678', true],
    ['07633362345', false],
    ['12345678901', false],
    [null, false],
  ])('%s can take an SMS: %s', (phone, expected) => expect(isMobile(phone)).toBe(expected));
});
