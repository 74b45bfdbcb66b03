/** The demo city: 清远 with its real region codes, a dozen departments, categories and routing rules. */

export const DEMO_PASSWORD = 'demo12345';

export const DEMO_REGIONS: { code: string; name: string; parentCode: string | null }[] = [
  { code: '441800', name: '清远市', parentCode: null },
  { code: '441802', name: '清城区', parentCode: '441800' },
  { code: '441803', name: '清新区', parentCode: '441800' },
  { code: '441821', name: '佛冈县', parentCode: '441800' },
  { code: '441823', name: '阳山县', parentCode: '441800' },
  { code: '441825', name: '连山壮族瑶族自治县', parentCode: '441800' },
  { code: '441826', name: '连南瑶族自治县', parentCode: '441800' },
  { code: '441881', name: '英德市', parentCode: '441800' },
  { code: '441882', name: '连州市', parentCode: '441800' },
];

export const DEMO_DEPARTMENTS: { code: string; name: string; parentCode: string | null }[] = [
  { code: 'rsj', name: '市人力资源和社会保障局', parentCode: null },
  { code: 'sthjj', name: '市生态环境局', parentCode: null },
  { code: 'zjj', name: '市住房和城乡建设局', parentCode: null },
  { code: 'jtj', name: '市交通运输局', parentCode: null },
  { code: 'scjgj', name: '市市场监督管理局', parentCode: null },
  { code: 'cgj', name: '市城市管理和综合执法局', parentCode: null },
  { code: 'swj', name: '市水务局', parentCode: null },
  { code: 'qcq', name: '清城区人民政府', parentCode: null },
  { code: 'qcq.fcjd', name: '凤城街道办事处', parentCode: 'qcq' },
  { code: 'qcq.dljd', name: '东林街道办事处', parentCode: 'qcq' },
  { code: 'yds', name: '英德市人民政府', parentCode: null },
  { code: 'yds.ycjd', name: '英城街道办事处', parentCode: 'yds' },
  { code: 'gaj', name: '市公安局', parentCode: null },
  { code: 'gjj', name: '市住房公积金管理中心', parentCode: null },
];

/** `defaultKind`: the kind of request a call in the category (and the categories below it) usually is. */
export const DEMO_CATEGORIES: { code: string; name: string; parentCode: string | null; defaultKind?: 'consultation' }[] = [
  { code: 'labor', name: '劳动保障', parentCode: null },
  { code: 'labor.wage_arrears', name: '拖欠工资', parentCode: 'labor' },
  { code: 'labor.social_insurance', name: '社会保险', parentCode: 'labor' },
  { code: 'environment', name: '生态环境', parentCode: null },
  { code: 'environment.noise', name: '噪音扰民', parentCode: 'environment' },
  { code: 'environment.pollution', name: '环境污染', parentCode: 'environment' },
  { code: 'transport', name: '交通运输', parentCode: null },
  { code: 'transport.bus', name: '公交服务', parentCode: 'transport' },
  { code: 'transport.taxi', name: '出租车服务', parentCode: 'transport' },
  { code: 'market', name: '市场监管', parentCode: null },
  { code: 'market.consumer', name: '消费维权', parentCode: 'market' },
  { code: 'market.food_safety', name: '食品安全', parentCode: 'market' },
  { code: 'urban', name: '城市管理', parentCode: null },
  { code: 'urban.management', name: '市容市貌', parentCode: 'urban' },
  { code: 'urban.housing', name: '住房建设', parentCode: 'urban' },
  { code: 'water', name: '水务', parentCode: null },
  { code: 'water.supply', name: '供水', parentCode: 'water' },
  { code: 'consultation', name: '咨询', parentCode: null, defaultKind: 'consultation' },
  { code: 'consultation.policy', name: '政策咨询', parentCode: 'consultation' },
  { code: 'consultation.housing_fund', name: '住房公积金', parentCode: 'consultation' },
  { code: 'consultation.household', name: '户籍证件', parentCode: 'consultation' },
];

/** Exactly the contract's rules: every listed category without a rule here waits for the centre. */
export const DEMO_ROUTING_RULES: { categoryCode: string; regionCode: string | null; departmentCode: string }[] = [
  { categoryCode: 'labor.wage_arrears', regionCode: null, departmentCode: 'rsj' },
  { categoryCode: 'environment.noise', regionCode: '441802', departmentCode: 'qcq' },
  { categoryCode: 'environment.noise', regionCode: null, departmentCode: 'sthjj' },
  { categoryCode: 'transport.bus', regionCode: null, departmentCode: 'jtj' },
];

export const DEMO_CENTRE_USERS: { username: string; displayName: string; role: 'admin' | 'operator' | 'supervisor' }[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin' },
  { username: 'op1', displayName: '话务员一', role: 'operator' },
  { username: 'sup1', displayName: '督办员一', role: 'supervisor' },
];

/** Reply templates (常用语): the centre's (departmentCode null) and some departments'. */
export const DEMO_REPLY_TEMPLATES: { departmentCode: string | null; title: string; body: string; categoryCodes: string[] }[] = [
  {
    departmentCode: null,
    title: '回访开场',
    body: '您好，这里是12345政务服务便民热线，您之前反映的问题承办单位已经答复，现在对办理情况进行回访，请问您对办理结果是否满意？',
    categoryCodes: [],
  },
  {
    departmentCode: null,
    title: '直接答复结束语',
    body: '以上是相关政策的答复，如还有疑问，可以再次拨打12345热线，感谢您的来电。',
    categoryCodes: [],
  },
  {
    departmentCode: null,
    title: '不予受理：非政务诉求',
    body: '您反映的问题属于民事纠纷，不属于行政机关职责范围，建议通过协商、人民调解或向人民法院起诉解决。',
    categoryCodes: [],
  },
  {
    departmentCode: 'swj',
    title: '停水抢修答复',
    body: '经核查，停水系供水管道突发爆裂抢修所致，供水企业已完成抢修并恢复供水，今后计划停水将提前24小时发布通知。',
    categoryCodes: ['water.supply'],
  },
  {
    departmentCode: 'qcq',
    title: '夜间施工噪音答复',
    body: '经现场核查，该工地未取得夜间施工证明，执法人员已责令其停止22时后的施工作业，并将加强夜间巡查。',
    categoryCodes: ['environment.noise'],
  },
];
