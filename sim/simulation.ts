import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { auditFigures } from '../scripts/audit-figures';
import { createApp, ready } from '../src/app.factory';
import { addDays, shanghaiDate } from '../src/calendar/deadline-math';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source';
import { migrate } from '../src/database/migrate';
import { seedDemoData } from '../src/demo/demo-seed';
import type { DepartmentFiguresDto } from '../src/stats/dto/stats.dto';
import { replayCase, type TimelineEvent } from '../src/stats/figures-from-timeline';
import { DeadlineSweeper } from '../src/supervision/deadline-sweeper.service';
import { Api, type CaseView, UnexpectedAnswer } from './api';
import { decisionWaits, percentile, realClockLeaks, reminderLateness, sampleInstant, timesToOwner } from './checks';
import { Random, Scheduler, VirtualClock } from './scheduler';

export interface SimulationOptions {
  /** A database that is empty or migrated; the simulation migrates it and seeds the demo city. */
  databaseUrl: string;
  cases: number;
  /** Days of intake, from `start` (Asia/Shanghai); the run goes on afterwards until the cases settle (at most `drainDays`). */
  days: number;
  drainDays: number;
  start: string;
  seed: number;
  /** The sweep's interval on the virtual clock (also the grid the actors act on). */
  sweepSeconds: number;
  /** How often, on the virtual clock, the database is asked the accountability questions. */
  sampleMinutes: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** A broken promise, on purpose: proves the checks can fail. */
  fault?: 'deactivated-owner';
  log: (line: string) => void;
}

export interface Promise_ {
  name: string;
  value: number | string;
  target: string;
  ok: boolean;
}

export interface SimulationReport {
  options: Omit<SimulationOptions, 'databaseUrl' | 'log'>;
  virtual: { from: string; to: string };
  wallSeconds: number;
  cases: { logged: number; byChannel: Record<string, number>; byPriority: Record<string, number>; closed: number; openAtEnd: number };
  actions: Record<string, number>;
  requests: number;
  /** Mean wall milliseconds from request to answer, by route. */
  meanMsByRoute: Record<string, number>;
  sweeps: number;
  /** Wall milliseconds per sweep. */
  sweepMs: { p50: number | null; p99: number | null; max: number | null };
  samples: number;
  deactivation: { department: string; at: string | null; refused: number; openWhenRefused: number[]; reOwned: number };
  figures: {
    unaccountableOpen: { deactivatedOwner: number; centreOverdueUnreminded: number; worstInstant: string | null };
    returnedFourthTime: number;
    awaitingDecision: { cases: number; longerThanOneWorkingDay: number; longestWorkingDays: number | null; maxWaitingAtOnce: number };
    overdueNotRemindedWithinOneSweep: { sampled: number; remindersLate: number; reminders: number; maxLateMinutes: number; duplicates: number };
    timeToOwnerHours: { p50: number | null; p95: number | null; firstDispatchP50: number | null; firstDispatchP95: number | null; cases: number };
    replyOnTime: { rate: number | null; replies: number; onTime: number };
    auditFigures: { cases: number; differences: number; notRecomputable: number; firstDifferences: string[] };
    realClockLeaks: { column: string; rows: number }[];
  };
  unexpectedAnswers: { action: string; status: number; code: string | undefined; count: number; example: string }[];
  /** The first cases a sample found overdue and not reminded, with their timelines: what to look at. */
  overdueUnremindedCases: { id: string; sampledAt: string; status: string; currentDeadline: string | null; timeline: string[] }[];
  promises: Promise_[];
  ok: boolean;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

/** A civil time in Asia/Shanghai. */
const local = (date: string, hours: number, minutes = 0) => new Date(Date.parse(`${date}T00:00:00+08:00`) + hours * HOUR + minutes * MINUTE);
const hourOf = (t: Date) => ((t.getTime() + 8 * HOUR) % DAY) / HOUR;

/** Calls by hour of day (Asia/Shanghai), a 12345 centre's usual curve: quiet nights, two peaks. */
const HOURLY = [0.6, 0.35, 0.25, 0.2, 0.2, 0.35, 0.9, 2.2, 4.8, 6.9, 7.2, 6.4, 4.6, 4.4, 6.3, 6.8, 6.5, 5.6, 4.3, 3.9, 3.6, 3, 2.1, 1.2];

const REGIONS: [string, number][] = [
  ['441802', 30], ['441803', 12], ['441881', 18], ['441821', 8], ['441823', 8], ['441882', 10], ['441825', 4], ['441826', 4], ['441800', 6],
];

const CATEGORIES: [string, number][] = [
  ['labor.wage_arrears', 9], ['labor.social_insurance', 6], ['environment.noise', 12], ['environment.pollution', 5], ['transport.bus', 6],
  ['transport.taxi', 3], ['market.consumer', 10], ['market.food_safety', 4], ['urban.management', 11], ['urban.housing', 7],
  ['water.supply', 8], ['consultation.policy', 8], ['consultation.housing_fund', 3], ['consultation.household', 4], ['market.tourism', 4],
];

const TITLES: Record<string, string[]> = {
  'labor.wage_arrears': ['工地拖欠农民工工资', '公司拖欠两个月工资', '离职后工资未结清'],
  'labor.social_insurance': ['单位未缴纳社保', '社保转移接续咨询'],
  'environment.noise': ['夜间施工噪音扰民', '广场舞音响过大', '商铺外放音乐噪音'],
  'environment.pollution': ['工厂排放异味', '河道有污水排放'],
  'transport.bus': ['公交车未按站停靠', '公交司机态度差'],
  'transport.taxi': ['出租车拒载', '出租车绕路多收费'],
  'market.consumer': ['预付卡商家跑路', '网购商品质量问题', '商家拒绝退款'],
  'market.food_safety': ['餐馆卫生条件差', '超市出售过期食品'],
  'urban.management': ['占道经营影响通行', '小区门口垃圾堆放', '违章搭建'],
  'urban.housing': ['楼盘延期交房', '小区电梯故障无人维修'],
  'water.supply': ['小区停水未通知', '自来水发黄', '水压不足'],
  'consultation.policy': ['咨询生育补贴政策', '咨询人才引进补贴'],
  'consultation.housing_fund': ['公积金提取咨询', '公积金贷款额度咨询'],
  'consultation.household': ['户口迁移办理', '身份证补办流程'],
  'market.tourism': ['景区门票价格不符', '旅行团强制购物'],
};

/** Which department is really in charge (属地管理 where a county has its own unit). */
function rightDepartment(category: string, region: string, afterReform: boolean): string {
  switch (category) {
    case 'labor.wage_arrears':
    case 'labor.social_insurance':
    case 'consultation.policy':
      return 'rsj';
    case 'environment.noise':
      return region === '441802' ? 'qcq' : 'sthjj';
    case 'environment.pollution':
      return 'sthjj';
    case 'transport.bus':
    case 'transport.taxi':
      return 'jtj';
    case 'market.consumer':
    case 'market.food_safety':
      return 'scjgj';
    case 'market.tourism':
      return afterReform ? 'scjgj' : 'wlj';
    case 'urban.management':
      return region === '441802' ? 'qcq' : region === '441881' ? 'yds' : 'cgj';
    case 'urban.housing':
      return 'zjj';
    case 'water.supply':
      return 'swj';
    case 'consultation.housing_fund':
      return 'gjj';
    case 'consultation.household':
      return 'gaj';
    default:
      throw new Error(`no department for ${category}`);
  }
}

const TOP_LEVEL = ['rsj', 'sthjj', 'zjj', 'jtj', 'scjgj', 'cgj', 'swj', 'qcq', 'yds', 'gaj', 'gjj'];
const CHILD_UNITS: Record<string, string[]> = { qcq: ['qcq.fcjd', 'qcq.dljd'], yds: ['yds.ycjd'] };

interface Person {
  token: string;
  userId: string;
}

export async function simulate(o: SimulationOptions): Promise<SimulationReport> {
  const wallStart = Date.now();
  const rootRandom = new Random(o.seed);
  const tickMs = o.sweepSeconds * 1000;
  const sampleMs = o.sampleMinutes * MINUTE;
  const startAt = local(o.start, 0);
  const intakeEnd = local(addDays(o.start, o.days), 0);
  const drainEnd = local(addDays(o.start, o.days + o.drainDays), 0);
  const period = { from: o.start, to: addDays(o.start, o.days - 1) };

  // The database: migrated, the demo city seeded (departments, staff, categories, rules), nothing else.
  const setup = await new DataSource({ ...dataSourceOptions(o.databaseUrl), logging: false }).initialize();
  await migrate(setup);
  await seedDemoData(setup);
  // A simulation's database need not survive a crash: commits do not wait for the disk (the sweep alone
  // commits thousands of times a month). Nothing the app sees changes.
  const [{ name }] = (await setup.query('SELECT current_database() AS name')) as { name: string }[];
  await setup.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
  await setup.destroy();

  const clock = new VirtualClock(new Date(startAt.getTime() - 15 * HOUR)); // the afternoon before: setting up
  const config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error' }),
    sweepIntervalSeconds: 0, // the simulation sweeps on the virtual clock
    hotspotIntervalSeconds: 0, // hotspots are looked for after intakes
    loginRateLimitPerMinute: 100_000,
    publicRateLimitPerMinute: 100_000,
    lookupFailuresPerHour: 100_000,
  };
  const app: NestFastifyApplication = await createApp({
    config,
    databaseUrl: o.databaseUrl,
    clock,
    applicationName: 'hotline12345-simulate',
    logStream: pino.destination(2),
  });
  await app.init();
  await ready(app);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const api = new Api(`http://127.0.0.1:${port}`, o.concurrency);
  const sweeper = app.get(DeadlineSweeper);
  const db = new Client({ connectionString: o.databaseUrl });
  await db.connect();

  const actions = new Map<string, number>();
  const count = (name: string) => actions.set(name, (actions.get(name) ?? 0) + 1);
  const unexpected = new Map<string, { action: string; status: number; code: string | undefined; count: number; example: string }>();

  try {
    // ——— the city's staff sign in; the admin adds the department the reform will abolish ———
    const op = await api.login('op1');
    const sup = await api.login('sup1');
    const admin = await api.login('admin');
    const as = <T>(who: Person, method: string, path: string, body?: unknown, accept?: number[]) => api.call<T>(who.token, method, path, body, accept);

    const wlj = await as<{ id: string }>(admin, 'POST', '/api/admin/departments', { code: 'wlj', name: '市文化广电旅游体育局' });
    for (const [username, role] of [['h.wlj', 'handler'], ['lead.wlj', 'dept_lead']]) {
      await as(admin, 'POST', '/api/admin/users', { username, displayName: `${username} 模拟`, password: 'demo12345', role, departmentId: wlj.id });
    }
    await as(admin, 'POST', '/api/admin/categories', { code: 'market.tourism', name: '旅游投诉', parentCode: 'market' });
    const tourismRule = await as<{ id: string }>(admin, 'POST', '/api/admin/routing-rules', { categoryCode: 'market.tourism', departmentId: wlj.id, autoDispatch: true });

    const departments = new Map<string, string>(); // code → id
    for (const d of await as<{ id: string; code: string; active: boolean }[]>(admin, 'GET', '/api/admin/departments')) departments.set(d.code, d.id);
    const codeOf = new Map([...departments].map(([code, id]) => [id, code]));
    const handlers = new Map<string, Person>();
    const leads = new Map<string, Person>();
    for (const code of [...TOP_LEVEL, ...Object.values(CHILD_UNITS).flat(), 'wlj']) {
      handlers.set(code, await api.login(`h.${code}`));
      leads.set(code, await api.login(`lead.${code}`));
    }

    // The working calendar, as the admin sees it (weekends, holidays, make-up days).
    const calendar = await as<{ date: string; kind: 'workday' | 'holiday' }[]>(
      admin,
      'GET',
      `/api/admin/calendar?from=${addDays(o.start, -7)}&to=${addDays(o.start, o.days + o.drainDays + 60)}`,
    );
    const workdays = new Map(calendar.map((d) => [d.date, d.kind === 'workday']));
    const isWorkday = (date: string) => workdays.get(date) ?? true;

    /** When an office open on working days 08:30–17:30 gets to it: `t`, or the next opening (plus a little). */
    const office = (t: Date, r: Random): Date => {
      const date = shanghaiDate(t);
      const h = hourOf(t);
      if (isWorkday(date) && h >= 8.5 && h < 17.5) return t;
      let next = h < 8.5 ? date : addDays(date, 1);
      while (!isWorkday(next)) next = addDays(next, 1);
      return new Date(local(next, 8, 30).getTime() + r.between(0, 75) * MINUTE);
    };
    /** `hours` of office time after `t`. */
    const officeHours = (t: Date, hours: number): Date => {
      let cur = office(t, new Random(0));
      let left = hours * HOUR;
      for (;;) {
        const closes = local(shanghaiDate(cur), 17, 30).getTime();
        if (cur.getTime() + left <= closes) return new Date(cur.getTime() + left);
        left -= closes - cur.getTime();
        cur = office(new Date(closes + MINUTE), new Random(0));
      }
    };
    /** Operators take calls round the clock; normal cases are dispatched from 07:30 to 22:00. */
    const centre = (t: Date, urgent: boolean, r: Random): Date => {
      const h = hourOf(t);
      if (urgent || (h >= 7.5 && h < 22)) return t;
      const date = h >= 22 ? addDays(shanghaiDate(t), 1) : shanghaiDate(t);
      return new Date(local(date, 7, 30).getTime() + r.between(0, 60) * MINUTE);
    };
    /** A moment inside [from, deadline): a fraction of the way, moved into office time, kept before the deadline when it can be. */
    const within = (from: Date, deadline: Date, r: Random, urgent: boolean, lo = 0.05, hi = 0.7): Date => {
      const t = new Date(from.getTime() + r.between(lo, hi) * (deadline.getTime() - from.getTime()));
      if (urgent) return t;
      const o2 = office(t, r);
      return o2 < deadline ? o2 : new Date(Math.max(from.getTime() + tickMs, deadline.getTime() - r.between(10, 120) * MINUTE));
    };

    const scheduler = new Scheduler(clock, tickMs);
    const now = () => clock.now();
    const reformAt = local(addDays(o.start, Math.floor(o.days / 2)), 10);
    let reformed = false;
    const deactivation: SimulationReport['deactivation'] = { department: 'wlj 市文化广电旅游体育局', at: null, refused: 0, openWhenRefused: [], reOwned: 0 };

    /** An action that must be accepted; anything else is counted and ends this case's story. */
    const act = async <T = CaseView>(name: string, who: Person | null, method: string, path: string, body?: unknown): Promise<T> => {
      count(name);
      try {
        return await api.call<T>(who?.token ?? null, method, path, body);
      } catch (error) {
        if (error instanceof UnexpectedAnswer) {
          const key = `${error.action} ${error.status} ${error.code ?? ''}`;
          const seen = unexpected.get(key) ?? { action: error.action, status: error.status, code: error.code, count: 0, example: error.message.slice(0, 300) };
          seen.count++;
          unexpected.set(key, seen);
        }
        throw error;
      }
    };

    // ——— one story per case ———
    const story = async (r: Random): Promise<void> => {
      const category = r.weighted(CATEGORIES);
      const region = r.weighted(REGIONS);
      const priority = r.weighted([['normal', 93], ['urgent', 6], ['emergency', 1]] as const);
      const urgent = priority !== 'normal';
      const kind = category.startsWith('consultation') ? 'consultation' : r.weighted([['complaint', 55], ['request', 35], ['suggestion', 5], ['report', 5]] as const);
      const title = r.pick(TITLES[category]);
      const phone = `13${String(r.int(0, 999_999_999)).padStart(9, '0')}`;
      const letter = !urgent && r.chance(0.08);
      const disputed = !urgent && !category.startsWith('consultation') && r.chance(0.012);
      const body = { title, content: `${title}。地址附近，市民来电反映，请核实处理。`, address: `${r.int(1, 300)}号附近` };

      let c: CaseView;
      if (letter) {
        // The mayor's mailbox: the citizen writes (sometimes without a category); an operator classifies it.
        const classified = r.chance(0.5);
        const receipt = await act<{ trackingCode: string; queryCode: string }>('letter', null, 'POST', '/api/public/letters', {
          phone, ...body, regionCode: region, ...(classified ? { categoryCode: category } : {}),
        });
        await scheduler.until(centre(new Date(now().getTime() + r.between(10, 120) * MINUTE), false, r));
        const found = await act<{ items: CaseView[] }>('find letter', op, 'GET', `/api/cases?q=${receipt.trackingCode}`);
        c = { ...found.items[0], queryCode: receipt.queryCode };
        if (c.status === 'received' && !classified) {
          c = { ...(await act('classify', op, 'PATCH', `/api/cases/${c.id}`, { kind, categoryCode: category, regionCode: region })), queryCode: receipt.queryCode };
        }
      } else {
        const onTheSpot = category.startsWith('consultation') && r.chance(category === 'consultation.policy' ? 0.6 : 0.35);
        c = await act<CaseView>(onTheSpot ? 'intake (answered on the spot)' : 'intake', op, 'POST', '/api/cases', {
          channel: 'hotline', kind, priority, categoryCode: category, regionCode: region, ...body,
          citizen: { name: '市民', phone },
          ...(onTheSpot ? { answeredOnTheSpot: { knowledgeEntryIds: [], answer: '已按现行政策当场答复。' } } : {}),
        });
        if (onTheSpot) return;
      }
      const queryCode = c.queryCode!;
      if (c.status === 'received' && !urgent && r.chance(0.012)) {
        await scheduler.until(centre(new Date(now().getTime() + r.between(5, 90) * MINUTE), false, r));
        await act('close (not accepted)', op, 'POST', `/api/cases/${c.id}/close`, { reason: 'not_accepted', note: '不属于政务服务范围' });
        return;
      }

      let right = rightDepartment(category, region, reformed);
      const tried = new Set<string>();
      let reopened = false;
      let returnedWrongly = false;
      for (;;) {
        // ——— at the centre: dispatch, review a return, or wait for the supervisor's decision ———
        if (c.status === 'received' || c.status === 'returned') {
          if (c.returnCount > 2) {
            // Returned three times: only a supervisor's binding decision gives it an owner.
            const late = r.chance(0.08);
            await scheduler.until(late ? officeHours(now(), r.between(9, 20)) : officeHours(now(), r.between(0.3, 5)));
            right = rightDepartment(category, region, reformed);
            c = await act('decide-owner', sup, 'POST', `/api/cases/${c.id}/decide-owner`, { departmentId: departments.get(right), note: '经协调，由该单位主办' });
            continue;
          }
          const wait = priority === 'emergency' ? r.between(2, 8) : priority === 'urgent' ? r.between(5, 40) : r.between(10, 150);
          await scheduler.until(centre(new Date(now().getTime() + wait * MINUTE), urgent, r));
          right = disputed ? right : rightDepartment(category, region, reformed);
          let target = right;
          if (disputed || (c.returnCount === 0 && tried.size === 0 && r.chance(0.07))) {
            // A wrong guess (or a case nobody will own): the first choice is some other unit.
            const others = TOP_LEVEL.filter((d) => d !== right && !tried.has(d));
            target = r.pick(others);
          }
          tried.add(target);
          c = await act('dispatch', op, 'POST', `/api/cases/${c.id}/dispatch`, { departmentId: departments.get(target), note: '请按职责办理' });
          continue;
        }
        if (c.status === 'closed') return;
        const ownerCode = c.owner.type === 'department' ? codeOf.get(c.owner.departmentId)! : '';
        const lead = leads.get(ownerCode)!;
        const handler = handlers.get(ownerCode)!;

        if (c.status === 'dispatched') {
          const parentCode = ownerCode.includes('.') ? ownerCode.split('.')[0] : ownerCode;
          const mine = parentCode === right || ownerCode === right;
          if ((!mine || disputed) && !c.finalOwner) {
            // "Not ours": returned with a suggestion, within hours.
            await scheduler.until(urgent ? new Date(now().getTime() + r.between(10, 60) * MINUTE) : officeHours(now(), r.between(0.3, 6)));
            c = await act('return', handler, 'POST', `/api/cases/${c.id}/return`, {
              reason: '不属于本单位职责', ...(disputed ? {} : { suggestedDepartmentId: departments.get(right) }),
            });
            // The centre reviews the return: this one stands (it was a wrong dispatch); it dispatches again.
            continue;
          }
          if (!c.finalOwner && !returnedWrongly && c.returnCount === 0 && !ownerCode.includes('.') && r.chance(0.03)) {
            returnedWrongly = true;
            // Returned although it is theirs: the centre refuses the return (派单异议审核).
            await scheduler.until(officeHours(now(), r.between(0.5, 8)));
            c = await act('return (wrongly)', handler, 'POST', `/api/cases/${c.id}/return`, { reason: '建议由属地处理' });
            await scheduler.until(centre(new Date(now().getTime() + r.between(20, 180) * MINUTE), false, r));
            c = await act('reject-return', op, 'POST', `/api/cases/${c.id}/reject-return`, { note: '经核实属于该单位职责，退单不成立' });
            continue;
          }
          const children = CHILD_UNITS[ownerCode];
          if (children && !urgent && r.chance(0.4)) {
            // 分级负责: the district passes it down to a street office.
            await scheduler.until(officeHours(now(), r.between(0.2, 3)));
            c = await act('sub-dispatch', lead, 'POST', `/api/cases/${c.id}/dispatch`, { departmentId: departments.get(r.pick(children)), note: '请街道核实处理' });
            continue;
          }
          const deadline = new Date(c.signDeadline!);
          const signAt = r.chance(0.07) ? new Date(deadline.getTime() + r.between(0.5, 30) * HOUR) : within(now(), deadline, r, urgent, 0.02, 0.5);
          await scheduler.until(urgent ? signAt : office(signAt, r));
          c = await act('sign', handler, 'POST', `/api/cases/${c.id}/sign`);
          continue;
        }

        if (c.status === 'in_progress') {
          // Extensions and pauses, now and then, before the answer.
          if (!c.paused && !urgent && r.chance(0.04)) {
            const deadline = new Date(c.replyDeadline!);
            await scheduler.until(within(now(), deadline, r, false, 0.3, 0.7));
            if (c.status === 'in_progress' && now() < deadline) {
              const asked = r.int(3, 10);
              c = await act('extension', lead, 'POST', `/api/cases/${c.id}/extension`, { workingDays: asked, reason: '需现场勘查并协调多方' });
              await scheduler.until(officeHours(now(), r.between(0.5, 6)));
              const approve = r.chance(0.75);
              const granted = Math.min(asked, r.int(2, 5));
              c = await act(approve ? 'extension approved' : 'extension refused', sup, 'POST', `/api/cases/${c.id}/extension/decision`, approve ? { approve, workingDays: granted } : { approve });
            }
          }
          if (!c.paused && !urgent && r.chance(0.025)) {
            const deadline = new Date(c.replyDeadline!);
            const askAt = within(now(), deadline, r, false, 0.1, 0.5);
            await scheduler.until(askAt);
            if (now() < new Date(c.replyDeadline!)) {
              const withUntil = r.chance(0.5);
              const until = withUntil ? local(addDays(shanghaiDate(now()), r.int(2, 5)), 9) : undefined;
              c = await act('pause', lead, 'POST', `/api/cases/${c.id}/pause`, {
                reason: r.pick(['awaiting_citizen', 'other_authority', 'legal_proceedings'] as const), note: '待当事人补充材料', ...(until ? { until: until.toISOString() } : {}),
              });
              await scheduler.until(officeHours(now(), r.between(0.5, 4)));
              const approve = r.chance(0.85);
              c = await act(approve ? 'pause approved' : 'pause refused', sup, 'POST', `/api/cases/${c.id}/pause/decision`, { approve });
              if (approve && until) {
                // Ends by itself at `until` (the sweep); the department goes on after that.
                await scheduler.until(officeHours(until, r.between(0.5, 4)));
                c = await act('read', handler, 'GET', `/api/cases/${c.id}`);
              } else if (approve) {
                await scheduler.until(officeHours(now(), r.between(8, 30)));
                c = await act('resume', lead, 'POST', `/api/cases/${c.id}/resume`, { note: '材料已补齐' });
              }
            }
          }
          const deadline = new Date(c.replyDeadline!);
          const late = r.chance(0.09);
          const replyAt = late ? new Date(Math.max(deadline.getTime(), now().getTime()) + r.between(2, 72) * HOUR) : now() >= deadline ? now() : within(now(), deadline, r, urgent, 0.15, 0.85);
          await scheduler.until(urgent ? replyAt : office(replyAt, r));
          const resolution = r.weighted([['resolved', 80], ['explained', 17], ['unresolvable', 3]] as const);
          c = await act('reply', handler, 'POST', `/api/cases/${c.id}/reply`, {
            content: '经核实，已责令相关责任方整改，问题已处理。', resolution, ...(resolution === 'unresolvable' ? { reason: '涉及历史遗留问题，暂无法解决' } : {}),
          });
          continue;
        }

        if (c.status === 'replied') {
          const satisfaction = reopened
            ? r.weighted([['satisfied', 70], ['basically_satisfied', 30]] as const)
            : r.weighted([['satisfied', 78], ['basically_satisfied', 12], ['unsatisfied', 10]] as const);
          const resolved = satisfaction !== 'unsatisfied' || r.chance(0.4);
          if (satisfaction === 'unsatisfied' && !resolved) reopened = true;
          if (r.chance(letter ? 0.6 : 0.2)) {
            // The citizen rates online, with the query code read to them at intake.
            await scheduler.until(new Date(now().getTime() + r.between(1, 30) * HOUR));
            await act('rating (citizen)', null, 'POST', `/api/public/cases/${c.trackingCode}/rating`, { verify: queryCode, satisfaction, resolved });
            c = await act('read', op, 'GET', `/api/cases/${c.id}`);
          } else {
            const deadline = new Date(c.callbackDeadline!);
            const at2 = r.chance(0.03) ? new Date(deadline.getTime() + r.between(1, 20) * HOUR) : within(now(), deadline, r, false, 0.05, 0.8);
            await scheduler.until(centre(at2, false, r));
            c = await act('callback', op, 'POST', `/api/cases/${c.id}/callback`, { satisfaction, resolved, note: '电话回访' });
          }
          continue;
        }
        return;
      }
    };

    // ——— the month's calls: days weighted by the calendar, hours by the daily curve ———
    const dates: string[] = [];
    for (let d = 0; d < o.days; d++) dates.push(addDays(o.start, d));
    const dayWeights = dates.map((date) => [date, isWorkday(date) ? 1 : 0.55] as const);
    const hourWeights = HOURLY.map((w, h) => [h, w] as const);
    const intakes: Date[] = [];
    for (let i = 0; i < o.cases; i++) {
      const date = rootRandom.weighted(dayWeights);
      const hour = rootRandom.weighted(hourWeights);
      intakes.push(new Date(local(date, hour).getTime() + rootRandom.between(0, 60) * MINUTE));
    }
    intakes.sort((a, b) => a.getTime() - b.getTime());
    for (const at of intakes) {
      const r = rootRandom.fork();
      scheduler.start(at, () => story(r));
    }

    // ——— the reform: the tourism bureau's duties pass to market supervision, and it is deactivated ———
    scheduler.start(reformAt, async () => {
      await act('routing rule moved', admin, 'DELETE', `/api/admin/routing-rules/${tourismRule.id}`);
      await act('routing rule moved', admin, 'POST', '/api/admin/routing-rules', { categoryCode: 'market.tourism', departmentId: departments.get('scjgj'), autoDispatch: true });
      reformed = true;
      for (;;) {
        const answer = await api.call<{ status?: number; code?: string; message?: string }>(admin.token, 'PATCH', `/api/admin/departments/${wlj.id}`, { active: false }, [409]);
        count('deactivate department');
        if (answer.status !== 409) {
          deactivation.at = now().toISOString();
          return;
        }
        deactivation.refused++;
        const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE owner_department_id = $1 AND status <> 'closed'`, [wlj.id]);
        deactivation.openWhenRefused.push(rows[0].n);
        await scheduler.until(office(local(addDays(shanghaiDate(now()), 1), 10), new Random(0)));
      }
    });

    if (o.fault === 'deactivated-owner') {
      // Behind the app's back: a department holding an open case is switched off in the database.
      scheduler.start(local(addDays(o.start, Math.floor(o.days / 2)), 15), async () => {
        await db.query(
          `UPDATE departments SET active = false WHERE id = (
             SELECT owner_department_id FROM cases WHERE status IN ('dispatched', 'in_progress') AND owner_department_id <> $1 LIMIT 1)`,
          [wlj.id],
        );
      });
    }

    // ——— the month, tick by tick: the actors, then the sweep, then (hourly) the questions ———
    let sweeps = 0;
    const sweepMs: number[] = [];
    const phaseMs = { actors: 0, samples: 0 };
    let samples = 0;
    const worst = { deactivated: 0, centre: 0, overdue: 0, fourth: 0, at: null as string | null, awaitingMax: 0 };
    const awaitingSeen = new Map<string, Date>();
    const overdueIds = new Set<string>();
    const unremindedCases: SimulationReport['overdueUnremindedCases'] = [];
    let t = Math.ceil(startAt.getTime() / tickMs) * tickMs;
    let lastLog = Date.now();
    for (; t <= drainEnd.getTime(); t += tickMs) {
      const actorsStarted = performance.now();
      await scheduler.runTo(t);
      phaseMs.actors += performance.now() - actorsStarted;
      const sweepStarted = performance.now();
      await sweeper.sweep();
      sweepMs.push(performance.now() - sweepStarted);
      sweeps++;
      if (t % sampleMs === 0) {
        const sampleStarted = performance.now();
        const f = await sampleInstant(db, new Date(t), tickMs);
        phaseMs.samples += performance.now() - sampleStarted;
        samples++;
        for (const id of f.overdueUnreminded) {
          if (!overdueIds.has(id) && unremindedCases.length < 10) unremindedCases.push(await unremindedCase(db, id, f.at));
          overdueIds.add(id);
        }
        for (const a of f.awaitingDecision) awaitingSeen.set(a.id, a.since);
        const bad = f.heldByDeactivated.length + f.centreOverdueUnreminded.length;
        if (bad > worst.deactivated + worst.centre) worst.at = f.at;
        worst.deactivated = Math.max(worst.deactivated, f.heldByDeactivated.length);
        worst.centre = Math.max(worst.centre, f.centreOverdueUnreminded.length);
        worst.overdue = Math.max(worst.overdue, f.overdueUnreminded.length);
        worst.fourth = Math.max(worst.fourth, f.returnedFourTimes.length);
        worst.awaitingMax = Math.max(worst.awaitingMax, f.awaitingDecision.length);
      }
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        o.log(
          `  ${new Date(t).toISOString().slice(0, 16)}Z virtual · ${scheduler.stories} stories running · ${[...api.requests.values()].reduce((a, b) => a + b, 0)} requests · ` +
            `wall s in actors ${Math.round(phaseMs.actors / 1000)}, sweeps ${Math.round(sweepMs.reduce((a, b) => a + b, 0) / 1000)}, samples ${Math.round(phaseMs.samples / 1000)}`,
        );
      }
      if (t >= intakeEnd.getTime() && scheduler.stories === 0) break;
    }
    // A story that failed on anything but an API answer is the simulator's own bug: say so.
    const bug = scheduler.failures.find((f) => !(f instanceof UnexpectedAnswer));
    if (bug) throw bug;
    const end = clock.now();

    // ——— after the month: the whole record ———
    const lateness = await reminderLateness(db);
    const owners = await timesToOwner(db);
    const waits = await decisionWaits(db);
    const workingDaysBetween = (from: Date, to: Date) => {
      // Working days whose end (23:59:59 Shanghai) fell after `from` and by `to`, plus the fraction of the day in hand.
      let n = 0;
      for (let d = shanghaiDate(from); local(d, 0) < to; d = addDays(d, 1)) if (isWorkday(d) && local(addDays(d, 1), 0).getTime() - 1000 <= to.getTime() && local(addDays(d, 1), 0) > from) n++;
      return n;
    };
    // Longer than one working day: decided (or still waiting) after the end of the working day following the third return.
    const decisionDeadline = (since: Date) => {
      let d = addDays(shanghaiDate(since), 1);
      while (!isWorkday(d)) d = addDays(d, 1);
      return new Date(local(addDays(d, 1), 0).getTime() - 1000);
    };
    const longWaits = waits.filter((w) => (w.decidedAt ?? end) > decisionDeadline(w.since));
    const longest = waits.length ? Math.max(...waits.map((w) => workingDaysBetween(w.since, w.decidedAt ?? end))) : null;

    // Reply on time, from the timeline itself (the deadline in force at each first reply).
    const { rows: events } = await db.query<TimelineEvent>(
      `SELECT case_id AS "caseId", type, at, from_owner_department_id AS "fromOwnerDepartmentId",
              to_owner_department_id AS "toOwnerDepartmentId", to_status AS "toStatus", data
         FROM case_events ORDER BY case_id, seq`,
    );
    const byCase = new Map<string, TimelineEvent[]>();
    for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
    let replies = 0;
    let onTime = 0;
    for (const timeline of byCase.values()) {
      for (const held of replayCase(timeline)?.held.values() ?? []) {
        if (held.repliedAt && held.replyOnTime !== null) {
          replies++;
          if (held.replyOnTime) onTime++;
        }
      }
    }

    // `npm run audit:figures` for the month, at this virtual instant, against the API's own answer.
    const published = await as<DepartmentFiguresDto[]>(sup, 'GET', `/api/stats/departments?from=${period.from}&to=${period.to}`);
    const audit = await auditFigures(db, period, end, config.scoreWeights, published);
    const leaks = await realClockLeaks(db, new Date(startAt.getTime() - DAY), end);

    const { rows: tally } = await db.query<{ channel: string; priority: string; status: string; n: number }>(
      `SELECT channel, priority, status, count(*)::int AS n FROM cases GROUP BY 1, 2, 3`,
    );
    const sum = (pick: (r: (typeof tally)[number]) => string) =>
      tally.reduce<Record<string, number>>((acc, r) => ({ ...acc, [pick(r)]: (acc[pick(r)] ?? 0) + r.n }), {});
    const { rows: reOwned } = await db.query<{ n: number }>(
      `SELECT count(DISTINCT case_id)::int AS n FROM case_events WHERE from_owner_department_id = $1 AND to_owner_department_id IS DISTINCT FROM $1 AND at >= $2`,
      [wlj.id, reformAt],
    );
    deactivation.reOwned = reOwned[0].n;

    const round = (x: number | null, digits = 2) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
    const figures: SimulationReport['figures'] = {
      unaccountableOpen: { deactivatedOwner: worst.deactivated, centreOverdueUnreminded: worst.centre, worstInstant: worst.at },
      returnedFourthTime: worst.fourth,
      awaitingDecision: { cases: waits.length, longerThanOneWorkingDay: longWaits.length, longestWorkingDays: longest, maxWaitingAtOnce: worst.awaitingMax },
      overdueNotRemindedWithinOneSweep: {
        sampled: overdueIds.size,
        remindersLate: lateness.lateBeyond(tickMs),
        reminders: lateness.reminders,
        maxLateMinutes: round(lateness.maxLateMs / MINUTE, 1)!,
        duplicates: lateness.duplicates,
      },
      timeToOwnerHours: {
        p50: round(percentile(owners.stood, 50)),
        p95: round(percentile(owners.stood, 95)),
        firstDispatchP50: round(percentile(owners.first, 50)),
        firstDispatchP95: round(percentile(owners.first, 95)),
        cases: owners.stood.length,
      },
      replyOnTime: { rate: replies ? round(onTime / replies, 4) : null, replies, onTime },
      auditFigures: {
        cases: audit.cases,
        differences: audit.differences.length,
        notRecomputable: audit.notRecomputable,
        firstDifferences: audit.differences.slice(0, 5).map((d) => `${d.department} ${d.field}: published ${String(d.published)}, timeline ${String(d.fromTimeline)}`),
      },
      realClockLeaks: leaks,
    };
    const serverErrors = [...unexpected.values()].filter((u) => u.status >= 500).reduce((s, u) => s + u.count, 0);
    const promises: Promise_[] = [
      { name: 'open cases held by a deactivated department (any sampled instant)', value: worst.deactivated, target: '0', ok: worst.deactivated === 0 },
      { name: 'open cases at the centre past the dispatch deadline, not reminded (any sampled instant)', value: worst.centre, target: '0', ok: worst.centre === 0 },
      { name: 'cases returned a fourth time', value: worst.fourth, target: '0', ok: worst.fourth === 0 },
      {
        name: 'overdue cases not reminded within one sweep (sampled, and every reminder on record)',
        value: overdueIds.size + lateness.lateBeyond(tickMs),
        target: '0',
        ok: overdueIds.size === 0 && lateness.lateBeyond(tickMs) === 0,
      },
      { name: 'reminders written twice for one deadline', value: lateness.duplicates, target: '0', ok: lateness.duplicates === 0 },
      { name: 'audit:figures differences (the month, at the end)', value: audit.differences.length, target: '0', ok: audit.differences.length === 0 && audit.notRecomputable === 0 },
      { name: 'server errors (5xx) answered to the actors', value: serverErrors, target: '0', ok: serverErrors === 0 },
      {
        name: 'stories that ended on an unexpected answer',
        value: scheduler.failures.length,
        target: '0',
        ok: scheduler.failures.length === 0,
      },
    ];
    const report: SimulationReport = {
      options: { cases: o.cases, days: o.days, drainDays: o.drainDays, start: o.start, seed: o.seed, sweepSeconds: o.sweepSeconds, sampleMinutes: o.sampleMinutes, concurrency: o.concurrency, fault: o.fault },
      virtual: { from: startAt.toISOString(), to: end.toISOString() },
      wallSeconds: Math.round((Date.now() - wallStart) / 100) / 10,
      cases: { logged: tally.reduce((s, r) => s + r.n, 0), byChannel: sum((r) => r.channel), byPriority: sum((r) => r.priority), closed: sum((r) => r.status).closed ?? 0, openAtEnd: tally.filter((r) => r.status !== 'closed').reduce((s, r) => s + r.n, 0) },
      actions: Object.fromEntries([...actions].sort((a, b) => b[1] - a[1])),
      requests: [...api.requests.values()].reduce((a, b) => a + b, 0),
      meanMsByRoute: Object.fromEntries(
        [...api.requests].map(([shape, n]) => [shape, Math.round((api.waited.get(shape) ?? 0) / n)] as const).sort((a, b) => b[1] - a[1]),
      ),
      sweeps,
      sweepMs: { p50: round(percentile(sweepMs, 50)), p99: round(percentile(sweepMs, 99)), max: round(percentile(sweepMs, 100)) },
      samples,
      deactivation,
      figures,
      unexpectedAnswers: [...unexpected.values()],
      overdueUnremindedCases: unremindedCases,
      promises,
      ok: promises.every((p) => p.ok),
    };
    return report;
  } finally {
    await db.end();
    await app.close();
  }
}

/** A case a sample found overdue and not reminded: its state and its timeline, one line per event. */
async function unremindedCase(db: Client, id: string, sampledAt: string): Promise<SimulationReport['overdueUnremindedCases'][number]> {
  const { rows: [c] } = await db.query<{ status: string; deadline: Date | null }>(
    `SELECT status, current_deadline AS deadline FROM cases WHERE id = $1`,
    [id],
  );
  const { rows: events } = await db.query<{ type: string; at: Date; toStatus: string | null; data: Record<string, unknown> | null }>(
    `SELECT type, at, to_status AS "toStatus", data FROM case_events WHERE case_id = $1 ORDER BY seq`,
    [id],
  );
  return {
    id,
    sampledAt,
    status: c.status,
    currentDeadline: c.deadline?.toISOString() ?? null,
    timeline: events.map((e) => `${e.at.toISOString()} ${e.type}${e.toStatus ? ` → ${e.toStatus}` : ''}${e.data?.deadline ? ` (deadline ${String(e.data.deadline)})` : ''}${e.data?.deadlines ? ` ${JSON.stringify(e.data.deadlines)}` : ''}`),
  };
}
