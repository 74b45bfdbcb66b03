import { MESSAGE_TEMPLATES } from '../config/app-config';
import { redact } from './notification-sender';
import { PARAMS, render, renderMail, TEMPLATES } from './templates';

describe('message templates', () => {
  it('has Chinese text for every message, with the tracking code in each', () => {
    for (const name of MESSAGE_TEMPLATES) {
      expect(TEMPLATES[name].text).toMatch(/[\u4e00-\u9fa5]/);
      expect(PARAMS[name]).toContain('code');
    }
  });

  it('orders the variables as the text does (Tencent Cloud’s templates are positional)', () => {
    expect(PARAMS.receipt).toEqual(['code', 'query']);
    expect(PARAMS.replied).toEqual(['dept', 'code', 'link']);
  });

  it('fills in the variables, and leaves a missing one empty', () => {
    expect(render('receipt', { code: 'K7RM4XQ2PA', query: '482913' })).toBe(
      '您的诉求已受理，受理编号K7RM4XQ2PA，查询码482913。凭受理编号和查询码可查询办理进度、评价答复，请妥善保管。',
    );
    expect(render('dispatched', { code: 'K7RM4XQ2PA' })).toBe('您的诉求（编号K7RM4XQ2PA）已交由办理。');
    expect(renderMail('closed', { code: 'K7RM4XQ2PA', result: '已回访' }).subject).toBe('【12345】诉求已办结（K7RM4XQ2PA）');
  });

  it('keeps numbers and addresses out of what is logged', () => {
    expect(redact('isv.MOBILE_NUMBER_ILLEGAL: 13912345678 invalid')).toBe('isv.MOBILE_NUMBER_ILLEGAL: [number] invalid');
    expect(redact('550 user li.na@example.com unknown')).toBe('550 user [address] unknown');
    expect(redact('+86 139 1234 5678')).toBe('[number]');
  });
});
