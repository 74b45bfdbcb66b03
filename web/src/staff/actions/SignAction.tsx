import { defineAction } from './action';

/** The owning department signs for a dispatched case: one click, confirmed. */
export const signAction = defineAction({
  verb: 'sign',
  id: 'sign',
  label: '签收',
  title: '签收工单',
  confirm: '确认签收？签收后开始计算答复时限。',
  body: () => ({}),
  done: '已签收',
});
