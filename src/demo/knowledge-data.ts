/**
 * The demo city's knowledge base (知识库): what 清远's departments tell callers about the questions the
 * 12345 centre hears every day — 社保, 公积金, 户籍, 供水, 噪音, 公交, 欠薪, 消费维权 … Each entry is owned by
 * the department that answers for it and names the document it rests on (文号). The texts are written
 * for an operator to read out; they are demo content, not legal advice.
 *
 * `key` is the entry's stable name in the seed (and in test/fixtures/knowledge-phrasings.ts).
 */
export interface DemoKnowledgeEntry {
  key: string;
  title: string;
  /** Words callers use for it (常见说法), space-separated: searched like the title. */
  keywords: string;
  body: string;
  categoryCodes: string[];
  /** Null: the whole city. */
  regionCode: string | null;
  departmentCode: string;
  sourceRef: string | null;
  /** Days before the seed's day (negative: in the future); default: in force since long ago. */
  effectiveDaysAgo?: number;
  /** Set for an entry that has expired: days ago. */
  expiredDaysAgo?: number;
  /** Set for an entry already due for review (its dept_lead's console shows it): days ago. */
  reviewDueDaysAgo?: number;
}

export const DEMO_KNOWLEDGE: DemoKnowledgeEntry[] = [
  // ---- 社保 (市人力资源和社会保障局) ----
  {
    key: 'ss-flexible-pension',
    title: '灵活就业人员（个体户、自由职业者）参加企业职工养老保险',
    keywords: '个体户 自由职业 自己交社保 个人缴纳养老保险 灵活就业',
    body:
      '本市户籍或持有本市居住证的灵活就业人员，可以个人身份参加企业职工基本养老保险。办理方式：携带身份证到户籍地或居住地社保经办窗口登记，或在“粤人社”“粤省事”小程序自助办理。缴费基数可在全省统一的缴费基数上下限之间自选，费率20%，个人全额缴纳，可按月、按季或按年缴费，委托银行代扣。',
    categoryCodes: ['labor.social_insurance'],
    regionCode: null,
    departmentCode: 'rsj',
    sourceRef: '粤人社规〔2023〕1号',
  },
  {
    key: 'ss-card',
    title: '社会保障卡申领、挂失和补换卡',
    keywords: '社保卡丢了 补卡 换卡 挂失 办社保卡',
    body:
      '社保卡遗失的，先拨打12333或通过“粤省事”小程序、合作银行网点办理临时挂失，再携带身份证到社保卡服务网点或合作银行网点申请补卡。即时制卡网点可当场领卡，其他网点一般15个工作日内制卡。首次申领社保卡可在合作银行网点办理，第三代社保卡同时具有金融功能。',
    categoryCodes: ['labor.social_insurance'],
    regionCode: null,
    departmentCode: 'rsj',
    sourceRef: '清人社发〔2022〕45号',
  },
  {
    key: 'ss-unemployment',
    title: '失业保险金申领条件与办理',
    keywords: '失业金 失业补助 被裁员 被辞退 没工作了',
    body:
      '非因本人意愿中断就业、失业前参加失业保险并累计缴费满一年、已办理失业登记并有求职要求的人员，可以申领失业保险金。离职后持身份证和社保卡，通过“广东人社”网上服务平台、“粤省事”或到参保地社保经办窗口申请，无需单位证明。领取期限按累计缴费年限计算，最长24个月，每月标准为本市最低工资标准的90%。',
    categoryCodes: ['labor.social_insurance'],
    regionCode: null,
    departmentCode: 'rsj',
    sourceRef: '粤人社规〔2019〕37号',
  },
  {
    key: 'ss-pension-transfer',
    title: '养老保险关系跨省转移接续',
    keywords: '社保转移 外省社保转回来 社保关系转入 换城市工作',
    body:
      '在外省参保后回清远工作的，可以把基本养老保险关系转入本市。由本人或新参保单位向清远的社保经办机构提出转入申请，也可通过国家社会保险公共服务平台或“掌上12333”线上申请，经办机构向原参保地发联系函，原参保地办理转出后转入本市，一般45个工作日内办结，个人账户储存额随同转移。',
    categoryCodes: ['labor.social_insurance'],
    regionCode: null,
    departmentCode: 'rsj',
    sourceRef: '人社部规〔2016〕5号',
  },
  {
    key: 'ss-residents-pension',
    title: '城乡居民基本养老保险缴费档次和缴费时间',
    keywords: '农村养老保险 居民养老保险 新农保 一年交多少',
    body:
      '年满16周岁、不在校、未参加职工养老保险的本市城乡居民可参加城乡居民养老保险。个人缴费档次为每年180元至4800元共若干档，多缴多得，政府按档次给予缴费补贴；每年缴费期一般为1月至12月，可通过村（社区）代办员、税务“粤税通”小程序或银行缴纳。年满60周岁、累计缴费满15年的，按月领取养老金。',
    categoryCodes: ['labor.social_insurance'],
    regionCode: null,
    departmentCode: 'rsj',
    sourceRef: '清府办〔2021〕12号',
  },
  {
    key: 'ss-pension-certification',
    title: '退休人员养老金领取资格认证',
    keywords: '养老金认证 刷脸认证 年审 退休工资停发',
    body:
      '领取养老金的退休人员每年需要进行一次待遇领取资格认证，没有固定的认证月份，在上次认证后的12个月内完成即可。可以用“广东人社”APP、“粤省事”小程序刷脸认证，也可由子女帮助在手机上操作；行动不便的老人可申请社区上门认证。逾期未认证的，养老金会暂停发放，认证后补发。',
    categoryCodes: ['labor.social_insurance'],
    regionCode: null,
    departmentCode: 'rsj',
    sourceRef: '人社厅发〔2018〕107号',
  },
  {
    key: 'ss-medical-remote',
    title: '医保异地就医备案和报销',
    keywords: '异地就医 外地住院报销 医保备案 异地医保',
    body:
      '参加本市医保的人员到省外或省内其他城市住院，先办理异地就医备案：可在“国家医保服务平台”APP、“粤医保”小程序或参保地医保经办窗口办理，异地长期居住人员需填写承诺书。备案后在就医地的联网定点医院住院可以直接结算；未备案的先自费，回参保地按规定手工报销，报销比例会降低。',
    categoryCodes: ['labor.social_insurance', 'consultation.policy'],
    regionCode: null,
    departmentCode: 'rsj',
    sourceRef: '医保发〔2022〕22号',
  },
  {
    key: 'labor-wage-arrears',
    title: '被拖欠工资怎么投诉：劳动保障监察',
    keywords: '欠薪 拖欠工资 讨薪 工钱不给 包工头不给钱',
    body:
      '用人单位或包工头拖欠工资的，劳动者可以向用工所在地的人力资源和社会保障局劳动保障监察机构投诉，也可拨打12345。投诉时请提供：本人身份证、用人单位名称和地址、工作起止时间、被拖欠的工资数额和月份，以及劳动合同、考勤记录、工资条、聊天记录等证据。工程建设领域欠薪实行总包单位代付和工资保证金制度。',
    categoryCodes: ['labor.wage_arrears'],
    regionCode: null,
    departmentCode: 'rsj',
    sourceRef: '国务院令第724号《保障农民工工资支付条例》',
  },
  {
    key: 'labor-contract',
    title: '用人单位不签劳动合同怎么办',
    keywords: '不签合同 劳动合同 二倍工资 不买社保',
    body:
      '用人单位自用工之日起应当与劳动者订立书面劳动合同。超过一个月不满一年未签订的，劳动者可以要求单位每月支付二倍工资；满一年未签的，视为已订立无固定期限劳动合同。可以向劳动保障监察机构投诉，或在一年内向劳动人事争议仲裁委员会申请仲裁。单位还应依法为劳动者缴纳社会保险。',
    categoryCodes: ['labor.wage_arrears', 'labor.social_insurance'],
    regionCode: null,
    departmentCode: 'rsj',
    sourceRef: '《中华人民共和国劳动合同法》第十条、第八十二条',
  },

  // ---- 公积金 (清远市住房公积金管理中心) ----
  {
    key: 'hf-purchase',
    title: '购买自住住房提取住房公积金',
    keywords: '公积金买房 首付 购房提取 取公积金',
    body:
      '职工在本市购买新建商品房、二手房的，可以提取本人及配偶的住房公积金账户余额用于支付购房款，首付款也可以提取。所需材料：身份证、购房合同或不动产权证书、购房发票或契税完税凭证，已婚的提供结婚证。可在“清远公积金”微信公众号、“粤省事”或公积金服务大厅办理，审核通过后一般3个工作日内到账。',
    categoryCodes: ['consultation.housing_fund'],
    regionCode: null,
    departmentCode: 'gjj',
    sourceRef: '清公积金〔2023〕5号',
  },
  {
    key: 'hf-rent',
    title: '租房提取住房公积金',
    keywords: '租房提取 交房租 租房子用公积金',
    body:
      '职工本人及配偶在本市无自有住房且租房自住的，可以按月或按年提取住房公积金支付房租，每年提取额度不超过规定的租房提取限额；有备案租赁合同的可按实际租金提取。无需提供租房发票，在“清远公积金”公众号或“粤省事”上填写租房信息即可申请，资金转入本人银行卡。',
    categoryCodes: ['consultation.housing_fund'],
    regionCode: null,
    departmentCode: 'gjj',
    sourceRef: '清公积金〔2023〕6号',
  },
  {
    key: 'hf-loan',
    title: '住房公积金贷款申请条件和可贷额度',
    keywords: '公积金贷款 贷款额度 能贷多少 组合贷',
    body:
      '正常连续缴存住房公积金满6个月的职工，在本市购买自住住房可以申请住房公积金贷款。单方缴存最高可贷50万元，双方缴存最高可贷70万元，具体额度按账户余额倍数、还款能力和房价核定，贷款期限最长30年。首套房公积金贷款利率低于商业贷款，可以申请组合贷款。',
    categoryCodes: ['consultation.housing_fund'],
    regionCode: null,
    departmentCode: 'gjj',
    sourceRef: '清公积金〔2024〕2号',
  },
  {
    key: 'hf-leave',
    title: '离职或离开本市后住房公积金提取和转移',
    keywords: '辞职 离职 换工作 去外地工作 公积金转移 账户封存',
    body:
      '职工与单位终止劳动关系后，住房公积金账户封存满6个月且未重新就业的，可以申请提取；到外地工作的，可以通过全国住房公积金小程序申请异地转移接续，把账户余额和缴存年限转到新工作地，无需回清远办理。户口迁出本市、出境定居的，也可以申请销户提取。',
    categoryCodes: ['consultation.housing_fund'],
    regionCode: null,
    departmentCode: 'gjj',
    sourceRef: '清公积金〔2023〕5号',
  },
  {
    key: 'hf-flexible',
    title: '灵活就业人员自愿缴存住房公积金',
    keywords: '个体户 做生意 自由职业 没有单位 自己交公积金',
    body:
      '年满16周岁、在本市灵活就业的个体工商户、自由职业者，可以自愿缴存住房公积金。开户需本人身份证和银行卡，在公积金服务大厅或“清远公积金”公众号办理，月缴存额可在规定上下限之间自定，缴存满6个月可享受公积金贷款等权益。',
    categoryCodes: ['consultation.housing_fund'],
    regionCode: null,
    departmentCode: 'gjj',
    sourceRef: '清公积金〔2022〕9号',
  },

  // ---- 户籍 (市公安局) ----
  {
    key: 'hukou-newborn',
    title: '新生儿入户（出生登记）',
    keywords: '上户口 报户口 出生登记 小孩入户',
    body:
      '婴儿出生后，监护人可以随父亲或母亲申报常住户口。所需材料：《出生医学证明》、父母双方身份证和户口簿、父母结婚证。可在户籍所在地派出所户籍窗口办理，也可在“粤省事”“广东公安”小程序申请“出生一件事”，网上提交后到派出所领取户口簿。建议在出生后一个月内办理。',
    categoryCodes: ['consultation.household'],
    regionCode: null,
    departmentCode: 'gaj',
    sourceRef: '粤公通字〔2020〕88号',
  },
  {
    key: 'id-card',
    title: '居民身份证丢失补领和异地办理',
    keywords: '身份证丢了 补办身份证 换身份证 临时身份证',
    body:
      '身份证丢失后可在“广东公安”小程序或派出所办理挂失，再携带户口簿到任一派出所户籍窗口或出入境办证大厅申请补领，现场采集指纹和照片。全国范围内可以异地补领、换领。补领工本费40元，一般20个工作日内制证，可邮寄到家；急需乘车的可申请临时身份证或乘坐火车办理临时乘车证明。',
    categoryCodes: ['consultation.household'],
    regionCode: null,
    departmentCode: 'gaj',
    sourceRef: '《中华人民共和国居民身份证法》',
  },
  {
    key: 'hukou-settle',
    title: '清远市区落户条件（购房、就业、人才落户）',
    keywords: '落户 迁户口 买房入户 人才落户',
    body:
      '本市已全面放开城镇落户限制：在清城区、清新区有合法稳定住所（含购房、租房）的人员，本人及其配偶、子女、父母可以申请落户；在本市就业并参加社保的人员可在单位集体户或社区公共户落户；大中专毕业生和技能人才可凭毕业证书直接落户。材料：身份证、户口簿、不动产权证书或租赁合同、劳动合同或社保证明。',
    categoryCodes: ['consultation.household'],
    regionCode: null,
    departmentCode: 'gaj',
    sourceRef: '清府〔2020〕31号',
  },
  {
    key: 'hukou-join-relative',
    title: '投靠亲属迁入户口（夫妻、父母子女投靠）',
    keywords: '户口迁移 夫妻投靠 老婆户口 子女随迁',
    body:
      '夫妻一方户口在本市的，另一方可以申请投靠落户；未成年子女可以投靠父母落户；父母可以投靠在本市落户的子女。由迁入地派出所受理，提供结婚证或亲属关系证明、双方身份证和户口簿。全省已实行户口迁移“一站式”办理，不需要回迁出地开具准迁证。',
    categoryCodes: ['consultation.household'],
    regionCode: null,
    departmentCode: 'gaj',
    sourceRef: '粤公通字〔2020〕88号',
  },
  {
    key: 'residence-permit',
    title: '居住证办理条件和材料',
    keywords: '居住证 暂住证 外地人 居住登记',
    body:
      '离开常住户口所在地，在本市居住半年以上，有合法稳定就业、合法稳定住所或连续就读条件之一的，可以申领居住证。先在居住地社区或出租屋管理服务中心办理居住登记，满半年后携带身份证、住所证明（租房合同或房产证）和就业或就读证明申领。居住证可享受子女入学、公共服务等待遇，每年签注一次。',
    categoryCodes: ['consultation.household'],
    regionCode: null,
    departmentCode: 'gaj',
    sourceRef: '国务院令第663号《居住证暂行条例》',
  },

  // ---- 供水 (市水务局) ----
  {
    key: 'water-outage',
    title: '停水通知查询和临时停水处理',
    keywords: '停水 没水 停水通知 什么时候来水',
    body:
      '计划停水会提前24小时在供水企业公众号、小区公告栏和媒体上发布通知，写明停水区域和恢复时间。突发管道爆裂抢修造成的临时停水，供水企业会尽快抢修并安排送水车。市民可关注供水企业公众号或拨打供水服务热线查询停水原因和恢复时间；超过通知时间仍未恢复供水的，可以再次来电反映。',
    categoryCodes: ['water.supply'],
    regionCode: null,
    departmentCode: 'swj',
    sourceRef: '《城市供水条例》第二十二条',
  },
  {
    key: 'water-quality',
    title: '自来水发黄、浑浊或有异味怎么办',
    keywords: '黄水 水浑 水有异味 水质 能不能喝',
    body:
      '停水恢复后或管网冲洗时，水龙头短时间出现黄水、浑浊，一般是管道内铁锈和沉积物被冲起，放水几分钟后即可变清。如果长时间发黄、有异味或怀疑水质有问题，请暂停饮用并报告供水企业，供水企业会上门取样检测，并对小区二次供水水池进行清洗。二次供水设施由物业负责定期清洗消毒。',
    categoryCodes: ['water.supply'],
    regionCode: null,
    departmentCode: 'swj',
    sourceRef: '《生活饮用水卫生标准》GB 5749-2022',
  },
  {
    key: 'water-meter',
    title: '水费异常、水表走字快申请校验',
    keywords: '水费高 水表坏了 水表不准 校表',
    body:
      '水费突然增加的，先关闭家中所有用水设备查看水表是否仍在走动，排查是否有漏水。怀疑水表计量不准的，可以向供水企业申请水表校验，由法定计量检定机构检定；检定不合格的免费更换水表并退补水费，检定合格的校验费由申请人承担。家中内部管道漏水造成的水量由用户承担。',
    categoryCodes: ['water.supply'],
    regionCode: null,
    departmentCode: 'swj',
    sourceRef: '《广东省城乡供水条例》',
  },
  {
    key: 'water-new-connection',
    title: '新装自来水（用水报装）办理流程',
    keywords: '开通自来水 装水表 用水报装 新房通水',
    body:
      '新建住宅、商铺需要开通自来水的，可在供水企业营业厅、公众号或广东政务服务网申请用水报装。居民用户提供身份证、不动产权证书或购房合同即可，无外线工程的当场受理、3个工作日内装表通水；需要新建外线管道的，由供水企业现场勘查后确定方案，费用按规定收取。',
    categoryCodes: ['water.supply'],
    regionCode: null,
    departmentCode: 'swj',
    sourceRef: '粤发改价格〔2021〕58号',
    reviewDueDaysAgo: 3,
  },
  {
    key: 'water-price',
    title: '居民阶梯水价标准',
    keywords: '水价 水费怎么算 阶梯水价 多少钱一吨',
    body:
      '本市城区居民生活用水实行阶梯水价，按户每月用水量分三级计价：第一级每户每月不超过22立方米，第二级22至30立方米，第三级30立方米以上，第二、三级水价分别为第一级的1.5倍和3倍。家庭人口在5人以上的，可凭户口簿向供水企业申请增加阶梯水量基数。水费账单含污水处理费。',
    categoryCodes: ['water.supply'],
    regionCode: '441802',
    departmentCode: 'swj',
    sourceRef: '清发改价格〔2019〕33号',
    reviewDueDaysAgo: 12,
  },

  // ---- 噪音 (市生态环境局、市城市管理和综合执法局) ----
  {
    key: 'noise-construction-night',
    title: '夜间建筑施工噪声：时间规定和夜间施工许可',
    keywords: '工地夜间施工 半夜施工 打桩 几点不准施工',
    body:
      '城市建成区内每日22时至次日6时，禁止进行产生噪声的建筑施工作业；因生产工艺要求（如混凝土连续浇筑）或抢修抢险必须连续施工的，须取得夜间施工证明并提前公告附近居民。未取得证明夜间施工的，市民可拨打12345或生态环境部门热线投诉，执法人员会到现场调查处理，可责令停止施工并处罚款。',
    categoryCodes: ['environment.noise'],
    regionCode: null,
    departmentCode: 'sthjj',
    sourceRef: '《中华人民共和国噪声污染防治法》第四十三条',
  },
  {
    key: 'noise-social-life',
    title: '广场舞、商铺音响等社会生活噪声找谁管',
    keywords: '广场舞 音响太吵 高音喇叭 商铺喇叭',
    body:
      '公园、广场等公共场所开展广场舞等娱乐健身活动，应当遵守规定的时段和音量，不得干扰周边居民；商铺不得用高音广播喇叭招揽顾客。这类社会生活噪声由公安机关、城管执法部门按职责处理，市民可以拨打110或12345反映，街道和社区会协调活动时间、音量，并可以设置噪声监测屏。',
    categoryCodes: ['environment.noise'],
    regionCode: null,
    departmentCode: 'cgj',
    sourceRef: '《中华人民共和国噪声污染防治法》第六十四条',
  },
  {
    key: 'noise-decoration',
    title: '住宅装修噪声的时间规定',
    keywords: '装修太吵 电钻 装修时间 周末装修',
    body:
      '在已交付使用的住宅楼内进行室内装修，应当在规定时间内进行：工作日8时至12时、14时至18时，周末和法定节假日全天不得进行产生噪声的装修作业。违反规定的，可以先向物业服务企业反映，由物业劝阻；劝阻无效的可以拨打110或12345，由公安机关处理。',
    categoryCodes: ['environment.noise'],
    regionCode: null,
    departmentCode: 'cgj',
    sourceRef: '《广东省实施〈中华人民共和国噪声污染防治法〉办法》',
  },

  // ---- 公交、出租 (市交通运输局) ----
  {
    key: 'bus-senior-card',
    title: '老年人免费乘坐公交车和长者卡办理',
    keywords: '老人坐公交免费 长者卡 老年卡 敬老卡',
    body:
      '年满65周岁的老年人可以免费乘坐本市市区公交车，60至64周岁的享受半价优惠。凭身份证到公交IC卡服务网点办理长者卡，现场拍照，一般7个工作日内领卡；外地户籍老人持本市居住证也可以办理。乘车时刷长者卡即可，长者卡需每年年审一次。',
    categoryCodes: ['transport.bus'],
    regionCode: null,
    departmentCode: 'jtj',
    sourceRef: '清交〔2021〕77号',
  },
  {
    key: 'bus-route',
    title: '公交线路、首末班时间查询和公交服务投诉',
    keywords: '公交线路 末班车 首班车 公交投诉 几点收车',
    body:
      '公交线路走向、站点和首末班时间可以在“清远公交”微信公众号、地图APP实时公交中查询。对公交车不按站停靠、甩站、司机服务态度差、开车玩手机等问题，请记下线路号、车牌号和时间，拨打12345或公交企业服务热线投诉，交通运输部门会督促公交企业核查处理并回复。',
    categoryCodes: ['transport.bus'],
    regionCode: null,
    departmentCode: 'jtj',
    sourceRef: '《城市公共汽车和电车客运管理规定》',
  },
  {
    key: 'taxi-lost-property',
    title: '出租车上遗失物品怎么找、出租车投诉',
    keywords: '东西落在出租车上 失物 的士 出租车投诉',
    body:
      '在出租车上遗失物品的，请提供乘车时间、上下车地点、车牌号或支付记录（发票、网约车订单），拨打12345或出租车企业电话，交通运输部门会协助联系司机查找。出租车拒载、不打表、绕路多收费的，同样记下车牌号和时间投诉，查实后对司机和企业依法处罚。',
    categoryCodes: ['transport.taxi'],
    regionCode: null,
    departmentCode: 'jtj',
    sourceRef: '《巡游出租汽车经营服务管理规定》',
  },

  // ---- 消费维权、食品安全 (市市场监督管理局) ----
  {
    key: 'consumer-online-return',
    title: '网购七天无理由退货',
    keywords: '退货 不给退 网购 七天无理由',
    body:
      '通过网络、电视、电话购买的商品，除定制商品、鲜活易腐品、已拆封的音像制品和计算机软件、交付的报纸期刊等以外，消费者有权自收到商品之日起七日内无理由退货，商品应当完好。经营者应当在收到退回商品之日起七日内退还货款。商家拒绝的，可以拨打12315或通过全国12315平台投诉。',
    categoryCodes: ['market.consumer'],
    regionCode: null,
    departmentCode: 'scjgj',
    sourceRef: '《中华人民共和国消费者权益保护法》第二十五条',
  },
  {
    key: 'consumer-prepaid',
    title: '预付卡（健身、美容、培训）商家关门跑路怎么维权',
    keywords: '办卡 跑路 关门 退钱 预付卡',
    body:
      '办理预付卡的商家停业、关门或老板联系不上的，请保存好预付卡、合同、付款凭证和聊天记录，向经营场所所在地市场监管部门投诉，涉及金额较大、人数较多的可以向公安机关报案；也可以向人民法院起诉要求退还余额。办卡前注意查看商家是否备案，单张卡金额不宜过大。',
    categoryCodes: ['market.consumer'],
    regionCode: null,
    departmentCode: 'scjgj',
    sourceRef: '《单用途商业预付卡管理办法（试行）》',
  },
  {
    key: 'food-safety-report',
    title: '食品安全投诉举报：餐馆卫生、过期食品',
    keywords: '过期食品 吃坏肚子 后厨 卫生差 举报饭店',
    body:
      '发现餐馆后厨卫生差、使用过期食材、超市销售过期食品或“三无”食品的，可以拨打12315或12345投诉举报，请说明商家名称、地址、发现问题的时间，保留购物小票、照片和剩余食品。因食品安全问题受到损害的，可以要求经营者赔偿损失，还可以要求支付价款十倍或损失三倍的赔偿金。',
    categoryCodes: ['market.food_safety'],
    regionCode: null,
    departmentCode: 'scjgj',
    sourceRef: '《中华人民共和国食品安全法》第一百四十八条',
  },

  // ---- 城市管理 (市城市管理和综合执法局) ----
  {
    key: 'urban-illegal-building',
    title: '举报违法建设（违章搭建）',
    keywords: '违建 私搭乱建 铁皮房 加建',
    body:
      '小区内私自搭建铁皮房、加建楼层、占用公共绿地等违法建设，可以拨打12345或向所在街道、城管执法部门举报，请提供具体地址、栋号和照片。执法部门核实后依法责令限期拆除，逾期不拆的依法强制拆除。小区内的违建也可以先向物业和业主委员会反映。',
    categoryCodes: ['urban.management', 'urban.housing'],
    regionCode: null,
    departmentCode: 'cgj',
    sourceRef: '《广东省城乡规划条例》',
  },
  {
    key: 'urban-street-vendor',
    title: '占道经营、流动摊贩的管理',
    keywords: '摆摊 小贩 走鬼 乱摆卖 占道',
    body:
      '占用人行道、机动车道摆卖影响通行的，由城管执法部门依法劝导和处理；本市在部分路段设置了疏导点和临时摆卖区，引导摊贩入场经营。市民反映占道经营问题，请说明具体路段和时段，城管执法中队会安排巡查。',
    categoryCodes: ['urban.management'],
    regionCode: null,
    departmentCode: 'cgj',
    sourceRef: '《城市市容和环境卫生管理条例》第十四条',
  },
  {
    key: 'urban-property-fee',
    title: '物业费涨价、物业服务纠纷',
    keywords: '物业费 涨价 物业乱收费 物业不作为',
    body:
      '住宅前期物业服务收费实行政府指导价，业主大会成立后物业服务费由业主和物业企业协商，物业企业调整收费应经业主大会或业主共同决定，不得擅自涨价。对物业乱收费、服务不到位的，可以向住房和城乡建设部门或市场监管部门反映，也可以通过业主委员会协商解决。',
    categoryCodes: ['urban.housing'],
    regionCode: null,
    departmentCode: 'zjj',
    sourceRef: '《物业管理条例》第四十条',
  },

  // ---- an entry no longer in force: never offered at intake ----
  {
    key: 'bus-spring-festival-2025',
    title: '2025年春节期间公交运营时间调整',
    keywords: '春节公交 过年公交',
    body: '2025年春节期间（1月28日至2月4日），市区公交线路首班车推迟半小时发车，末班车提前至20时。',
    categoryCodes: ['transport.bus'],
    regionCode: null,
    departmentCode: 'jtj',
    sourceRef: '清交〔2025〕3号',
    effectiveDaysAgo: 700,
    expiredDaysAgo: 300,
  },
];
