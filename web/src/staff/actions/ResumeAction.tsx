import { defineAction } from './action';

/** Ends a pause: the reply clock runs again, its deadline moved by the paused working days. */
export const resumeAction = defineAction({
  verb: 'resume',
  id: 'resume',
  label: '恢复办理',
  title: '恢复办理',
  confirm: '恢复后答复时限按挂起期间的工作日顺延，计时继续。确定恢复办理？',
  body: () => ({}),
  done: '已恢复办理',
});
