import { Clock } from '../../src/common/clock';
import { DEMO_PASSWORD } from '../../src/demo/demo-data';
import type { TestApp } from '../setup/test-app';

/** Real time, shifted: a spec makes cases "two days ago" so that some are overdue today. */
export class ShiftedClock extends Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

export interface SeededCase {
  id: string;
  trackingCode: string;
  queryCode: string;
}

/** The cases of a shift that the browser specs open again. */
export interface ShiftCity {
  departments: Record<string, string>;
  /** Urgent, two days old, still at the centre: overdue. */
  stale: SeededCase;
  /** At the centre, waiting for dispatch (a consultation). */
  policy: SeededCase;
  /** In progress at 市市场监督管理局, overdue, its extension request (5 working days) pending. */
  consumer: SeededCase;
  /** Replied by 清城区, waiting for the callback (and the citizen's rating). */
  noise: SeededCase;
  /** Returned by 市住房和城乡建设局, in the return review. */
  stalls: SeededCase;
  /** Returned three times: the supervisor's to decide. */
  disputed: SeededCase;
  /** In progress at 市生态环境局, its pause request pending. */
  pollution: SeededCase;
  /** Called back and closed (市交通运输局): in the figures. */
  bus: SeededCase;
}

/** A signed-in API client of the demo city, by username. */
export function demoClient(t: TestApp) {
  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    if (!tokens.has(username)) {
      const res = await t.http().post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username} → ${res.status}`);
      tokens.set(username, res.body.accessToken);
    }
    return tokens.get(username)!;
  };
  const call = async (username: string, method: 'get' | 'post' | 'put', path: string, body?: object) => {
    const res = await t.http()[method](path).set('Authorization', `Bearer ${await token(username)}`).send(body);
    if (res.status >= 300) throw new Error(`${method} ${path} as ${username} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return { token, call };
}

/**
 * A shift's worth of cases, made through the API as the staff would make them, so that every screen of
 * both consoles has something on it: overdue cases, a pending extension and pause, a return to review, a
 * dispute, a callback due, a closed case in the figures, a supervised case on the public list.
 */
export async function seedShift(t: TestApp, clock: ShiftedClock): Promise<ShiftCity> {
  const { call } = demoClient(t);
  const departments: Record<string, string> = {};
  const walk = (nodes: { id: string; code: string; children: never[] }[]) =>
    nodes.forEach((d) => {
      departments[d.code] = d.id;
      walk(d.children);
    });
  walk(await call('op1', 'get', '/api/departments'));

  const intake = (categoryCode: string, regionCode: string, title: string, content: string, extra: object = {}): Promise<SeededCase> =>
    call('op1', 'post', '/api/cases', {
      channel: 'hotline',
      kind: 'complaint',
      priority: 'normal',
      categoryCode,
      regionCode,
      title,
      content,
      address: '清远市清城区',
      citizen: { name: '市民', phone: '13800138000' },
      publicConsent: true,
      ...extra,
    });
  const act = (username: string, id: string, verb: string, body: object = {}) => call(username, 'post', `/api/cases/${id}/${verb}`, body);

  // Two days ago: urgent cases whose hour-counted deadlines have long passed.
  clock.offsetMs = -2 * 24 * 3_600_000;
  const stale = await intake('water.supply', '441803', '清新区某村自来水浑浊发黄', '近一周自来水浑浊发黄，烧开后有沉淀，担心水质安全。', { priority: 'urgent' });
  const consumer = await intake('market.consumer', '441802', '预付卡健身房突然关门无法退费', '办了三千元年卡，健身房突然关门，老板联系不上。', { priority: 'urgent', kind: 'report' });
  await act('op1', consumer.id, 'dispatch', { departmentId: departments.scjgj });
  await act('h.scjgj', consumer.id, 'sign');
  await act('lead.scjgj', consumer.id, 'extension', { workingDays: 5, reason: '涉及会员二百余人，需会同公安核查经营者下落，申请延期五个工作日。' });
  clock.offsetMs = 0;

  // Today.
  const policy = await intake('consultation.policy', '441800', '咨询灵活就业人员社保缴费政策', '想了解灵活就业人员如何缴纳养老保险，缴费基数怎么确定。', { kind: 'consultation' });
  const pollution = await intake('environment.pollution', '441821', '佛冈县某工厂夜间排放刺鼻气体', '工厂夜里排放刺鼻气体，附近居民开窗就闻到，影响睡眠。');
  await act('op1', pollution.id, 'dispatch', { departmentId: departments.sthjj });
  await act('h.sthjj', pollution.id, 'sign');
  await act('lead.sthjj', pollution.id, 'pause', { reason: 'other_authority', note: '需等待第三方检测机构出具检测报告' });
  const bus = await intake('transport.bus', '441803', '建议延长 12 路公交末班车时间', '清新区到市区的 12 路末班车太早，建议延长到晚上十点。', { kind: 'suggestion' });
  await act('h.jtj', bus.id, 'sign');
  await act('h.jtj', bus.id, 'reply', { content: '已调整 12 路末班车至 21:30，下月起执行。', resolution: 'resolved' });
  await act('op1', bus.id, 'callback', { satisfaction: 'satisfied', resolved: true });
  const noise = await intake('environment.noise', '441802', '夜间施工噪音扰民', '工地每晚十一点后仍在施工，影响居民休息。');
  await act('h.qcq', noise.id, 'sign');
  await act('h.qcq', noise.id, 'reply', { content: '已责令施工单位夜间停工，并安排巡查。', resolution: 'resolved' });
  const stalls = await intake('urban.management', '441802', '人行道长期被摊贩占用', '某路段人行道被摊贩长期占用，行人只能走机动车道。');
  await act('op1', stalls.id, 'dispatch', { departmentId: departments.zjj });
  await act('h.zjj', stalls.id, 'return', { reason: '占道经营属城市管理部门职责，请改派市城管执法局。', suggestedDepartmentId: departments.cgj });
  const disputed = await intake('urban.management', '441802', '老旧小区加装电梯补贴无人受理', '申请老旧小区加装电梯补贴半年，住建、街道、区政府互相推诿。');
  for (const code of ['zjj', 'qcq', 'cgj']) {
    await act('op1', disputed.id, 'dispatch', { departmentId: departments[code] });
    await act(`h.${code}`, disputed.id, 'return', { reason: '不属于本单位职责范围。' });
  }
  await act('sup1', stale.id, 'supervise', { note: '群众反映水质问题两日未派单', requirement: '请于今日内派单并回复' });
  return { departments, stale, policy, consumer, noise, stalls, disputed, pollution, bus };
}
