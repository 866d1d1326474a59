/**
 * The problems a demo plan is made of: the classic aspect families of inspection feedback and,
 * under each, problem topics with their manifestations, topic-specific measures, goal and the
 * institution (制度) that fixing them usually produces. Phrasing follows the style of real
 * plans; the sentences are the project's own.
 *
 * Templates carry tokens filled per problem: {n} {m} counts (m ≤ n), {y} the year before the
 * feedback, {amount} yuan, {wan} 万元, {d} a date before the deadline, {month} a month,
 * {dept} the responsible department, {field} the unit's line of work, {whole} "全局"/"全中心",
 * {age} an average age, {pct} a percentage.
 */

/** Which kind of department answers for a topic; resolved to one of the unit's departments. */
export type DepartmentRole = 'office' | 'party' | 'finance' | 'personnel' | 'business';

export interface ProblemTopic {
  title: string;
  /** Noun phrase for generic sentences: "加强{subject}", "{subject}水平". */
  subject: string;
  manifestations: string[];
  /** Concrete measures specific to the topic. */
  measures: string[];
  goal: string;
  /** The institution a fix adopts or revises, without the unit's name or book-title marks. */
  institution: string;
  /** Records a self-check goes through: "差旅费报销凭证". */
  records: string;
  role: DepartmentRole;
  /** Money moved back when the problem is fixed, recorded as an outcome. */
  funds?: 'funds_returned' | 'funds_recovered' | 'funds_saved';
  /** Amounts run to 万元 rather than a few thousand yuan. */
  isLargeAmount?: boolean;
}

export interface AspectFamily {
  /** Alternative headings for the aspect, without the number marker. */
  titles: string[];
  /** Headings for a problem that groups sub-items of this family. */
  umbrellaTitles: string[];
  topics: ProblemTopic[];
  /** Whether the party secretary leads these problems himself (主体责任). */
  isLedByHead: boolean;
}

const policyFamily: AspectFamily = {
  titles: [
    '贯彻落实党的路线方针政策和重大决策部署方面',
    '学习贯彻习近平新时代中国特色社会主义思想和党中央决策部署方面',
    '贯彻落实党的理论和路线方针政策及上级决策部署方面',
  ],
  umbrellaTitles: ['贯彻落实上级决策部署不够有力', '履行职能职责存在短板'],
  isLedByHead: false,
  topics: [
    {
      title: '党组理论学习中心组学习不够深入系统',
      subject: '理论武装工作',
      manifestations: [
        '{y}年党组理论学习中心组集中学习{n}次，未达到全年不少于12次的要求',
        '学习以传达文件、领读材料为主，专题研讨发言质量不高，{m}名班子成员未提交研讨材料',
        '{n}名干部学习笔记内容雷同，存在抄写应付现象',
      ],
      measures: [
        '制定党组理论学习中心组年度学习计划，全年集中学习不少于12次、专题研讨不少于4次',
        '建立学习笔记季度抽查通报机制，由{dept}每季度抽查一次并在{whole}通报',
      ],
      goal: '党组理论学习中心组学习规范有序，班子成员运用党的创新理论指导实践的能力明显增强',
      institution: '党组理论学习中心组学习制度',
      records: '中心组学习记录',
      role: 'office',
    },
    {
      title: '“第一议题”制度落实不到位',
      subject: '“第一议题”学习',
      manifestations: [
        '{y}年召开党组会{n}次，其中{m}次未将学习习近平总书记重要讲话和重要指示批示精神列为第一议题',
        '传达学习后未结合本单位实际研究贯彻措施，存在“学归学、做归做”现象',
      ],
      measures: [
        '严格执行“第一议题”制度，党组会首先传达学习习近平总书记最新重要讲话和重要指示批示精神，并研究提出贯彻落实措施',
        '建立“第一议题”学习贯彻落实台账，每季度对照台账检查落实情况',
      ],
      goal: '“第一议题”学习实现常态化，学习成果有效转化为推动工作的具体举措',
      institution: '“第一议题”学习制度',
      records: '党组会议记录',
      role: 'office',
    },
    {
      title: '落实意识形态工作责任制有差距',
      subject: '意识形态工作',
      manifestations: [
        '党组每半年专题研究意识形态工作不到位，{y}年仅研究{m}次',
        '未按要求开展意识形态领域风险研判，对所属微信公众号、工作群等阵地管理不严',
        '意识形态工作责任清单未细化到班子成员，责任落实层层递减',
      ],
      measures: [
        '建立网络阵地管理台账，对{n}个微信公众号、工作群逐一登记，明确管理责任人',
        '党组每半年至少专题研究一次意识形态工作，每季度开展一次意识形态领域风险研判',
      ],
      goal: '意识形态工作责任制全面落实，阵地管理有序，风险研判常态开展',
      institution: '意识形态工作责任制实施细则',
      records: '意识形态工作台账',
      role: 'party',
    },
    {
      title: '推动重点工作落实不力，履行主责主业有差距',
      subject: '重点工作推进',
      manifestations: [
        '{y}年度{n}项重点工作任务未按期完成',
        '对上级部署的{field}工作推进迟缓，年度考核排名靠后',
        '工作调度不及时，对进展滞后的任务缺乏督促措施',
      ],
      measures: [
        '对年度{n}项重点任务逐项明确牵头领导和责任股室，实行周调度、月通报',
        '围绕{field}制定专项推进方案，{d}前完成阶段性目标任务',
      ],
      goal: '重点工作任务全部按期推进，{field}工作进入全市第一方阵',
      institution: '重点工作督查督办制度',
      records: '重点工作任务台账',
      role: 'business',
    },
    {
      title: '服务群众“最后一公里”没有完全打通',
      subject: '服务群众工作',
      manifestations: [
        '政务服务事项网上可办率不高，群众办事仍需多次往返',
        '{y}年受理群众诉求{n}件，其中{m}件未在规定时限内办结',
      ],
      measures: [
        '全面梳理政务服务事项清单，{d}前实现高频事项“一次办”“网上办”',
        '对{y}年以来超期办理的{m}件群众诉求逐件回访，了解群众满意度',
      ],
      goal: '群众办事更加便捷，群众诉求按期办结率达到100%',
      institution: '群众诉求办理工作规程',
      records: '群众诉求办理台账',
      role: 'business',
    },
    {
      title: '防范化解重大风险意识不强',
      subject: '风险防范工作',
      manifestations: [
        '对行业领域安全隐患排查不深入，{n}处隐患未建立整改台账',
        '应急预案长期未修订，未按要求组织应急演练',
      ],
      measures: [
        '{d}前完成行业领域安全隐患全面排查，对排查出的隐患逐一建立台账、限期销号',
        '修订完善应急预案，每半年至少组织一次应急演练',
      ],
      goal: '风险隐患排查整治常态化，隐患整改销号率达到100%',
      institution: '安全隐患排查治理工作制度',
      records: '隐患排查台账',
      role: 'business',
    },
    {
      title: '驻村帮扶工作不够扎实',
      subject: '驻村帮扶工作',
      manifestations: [
        '帮扶干部入户走访记录不全，{n}户帮扶手册信息与实际不符',
        '产业帮扶项目后续管理跟不上，{m}个项目效益不明显',
      ],
      measures: [
        '组织帮扶干部对{n}户帮扶对象逐户走访核实，{d}前完成帮扶手册信息更新',
        '对{m}个产业帮扶项目逐一评估效益，制定后续管护措施',
      ],
      goal: '帮扶措施精准到户，帮扶项目持续发挥效益',
      institution: '驻村帮扶工作管理办法',
      records: '帮扶工作台账',
      role: 'business',
    },
  ],
};

const disciplineFamily: AspectFamily = {
  titles: [
    '落实全面从严治党战略部署方面',
    '落实全面从严治党主体责任和监督责任方面',
    '落实全面从严治党“两个责任”和中央八项规定精神方面',
  ],
  umbrellaTitles: ['财务管理不规范，制度执行不严格', '落实中央八项规定精神不够严格'],
  isLedByHead: true,
  topics: [
    {
      title: '党组落实全面从严治党主体责任不到位',
      subject: '全面从严治党主体责任落实',
      manifestations: [
        '党组{y}年专题研究党风廉政建设仅{m}次，研究内容多为传达文件',
        '主体责任清单与班子成员分工不匹配，“一岗双责”落实不到位',
        '对下属单位党风廉政建设检查考核走过场',
      ],
      measures: [
        '修订党组及班子成员全面从严治党主体责任清单，{d}前与各股室负责人签订党风廉政建设责任书{n}份',
        '党组每季度专题研究一次党风廉政建设工作，班子成员每半年向党组报告一次“一岗双责”履行情况',
      ],
      goal: '主体责任清单化、具体化，“一岗双责”压紧压实',
      institution: '全面从严治党主体责任清单',
      records: '党风廉政建设工作台账',
      role: 'party',
    },
    {
      title: '廉政风险防控机制不健全',
      subject: '廉政风险防控',
      manifestations: [
        '廉政风险点排查不全面，{n}个重点岗位未纳入风险防控',
        '对项目审批、资金拨付等关键环节监督不到位',
      ],
      measures: [
        '对{whole}{n}个重点岗位重新排查廉政风险点，逐一制定防控措施并公示',
        '对项目审批、资金拨付实行“双人经办、分管领导审核、主要领导审批”',
      ],
      goal: '廉政风险点排查全覆盖，关键环节监督制约有效',
      institution: '廉政风险防控管理办法',
      records: '廉政风险点排查表',
      role: 'party',
    },
    {
      title: '差旅费报销审核把关不严',
      subject: '差旅费管理',
      manifestations: [
        '{y}年有{n}笔差旅费报销无出差审批单，涉及金额{amount}元',
        '存在超标准报销住宿费、重复领取交通补助问题',
      ],
      measures: [
        '对{y}年以来差旅费报销凭证逐笔核查，违规报销的{amount}元已全部退还',
        '严格执行出差审批制度，无审批单的差旅费一律不予报销',
      ],
      goal: '差旅费报销审核严格规范，违规报销问题不再发生',
      institution: '差旅费管理办法',
      records: '差旅费报销凭证',
      role: 'finance',
      funds: 'funds_returned',
    },
    {
      title: '公务接待管理不规范',
      subject: '公务接待管理',
      manifestations: ['{n}次公务接待无公函、无接待清单', '接待费报销附件不全，存在“一单多用”现象'],
      measures: [
        '严格执行公务接待“一函一单一票”报销制度，对{n}笔不合规接待费用逐笔清理',
        '公务接待实行定点接待，每季度在{whole}公示接待情况',
      ],
      goal: '公务接待全程规范，接待费用逐年下降',
      institution: '公务接待管理办法',
      records: '公务接待报销凭证',
      role: 'office',
      funds: 'funds_saved',
    },
    {
      title: '公务用车管理使用不规范',
      subject: '公务用车管理',
      manifestations: [
        '派车单填写不完整，{y}年有{n}次出车无派车记录',
        '车辆维修保养未执行定点维修，维修费用无明细',
      ],
      measures: [
        '建立公务用车使用登记台账，实行“一车一档”，每月公示用车和费用情况',
        '车辆维修保养一律实行定点维修，维修前报分管领导审批',
      ],
      goal: '公务用车派车、维修、加油全程留痕，管理规范',
      institution: '公务用车管理制度',
      records: '派车单和车辆维修凭证',
      role: 'office',
    },
    {
      title: '“三重一大”决策制度执行不严格',
      subject: '“三重一大”事项决策',
      manifestations: [
        '{y}年有{n}项大额资金支出未经党组会集体研究，涉及金额{wan}万元',
        '个别重大事项先执行后补会议程序，会议记录不完整',
      ],
      measures: [
        '修订“三重一大”事项集体决策制度，明确大额资金支出须经党组会集体研究',
        '对{y}年以来{n}项大额支出逐项倒查，对事后补办手续的情况作出书面说明并在党组会上检讨',
      ],
      goal: '“三重一大”事项全部经集体研究决策，决策程序规范、记录完整',
      institution: '“三重一大”事项集体决策制度',
      records: '党组会议记录和大额支出凭证',
      role: 'office',
      isLargeAmount: true,
    },
    {
      title: '政府采购和合同管理存在漏洞',
      subject: '政府采购和合同管理',
      manifestations: ['{n}个项目化整为零规避政府采购', '合同签订审核不严，{m}份合同未经法律顾问审查'],
      measures: [
        '对{y}年以来签订的{n}份合同全面清查，建立合同管理台账',
        '合同签订前一律经法律顾问审查，{d}前完成采购内控流程梳理',
      ],
      goal: '采购行为依法合规，合同全部纳入台账管理',
      institution: '政府采购内部控制管理办法',
      records: '采购合同',
      role: 'finance',
    },
    {
      title: '违规发放津补贴问题仍有发生',
      subject: '津补贴发放管理',
      manifestations: [
        '{y}年以加班费名义向干部职工发放补贴{amount}元',
        '节日期间违规发放购物卡，未纳入财务统一核算',
      ],
      measures: [
        '对违规发放的津补贴{amount}元全部追缴，{d}前上缴财政',
        '津补贴发放一律经党组会研究，按规定标准通过工资发放',
      ],
      goal: '津补贴发放严格执行规定标准，违规发放问题杜绝',
      institution: '津补贴发放管理规定',
      records: '工资和津补贴发放表',
      role: 'finance',
      funds: 'funds_recovered',
    },
    {
      title: '固定资产管理不规范',
      subject: '固定资产管理',
      manifestations: ['账实不符，{n}件资产未登记入账', '报废资产处置未按程序报批，资产借出无手续'],
      measures: [
        '{d}前完成固定资产全面清查盘点，对{n}件未入账资产补办登记手续',
        '资产借出、报废一律履行审批程序，每年底开展一次全面盘点',
      ],
      goal: '固定资产账实相符，资产处置程序规范',
      institution: '固定资产管理办法',
      records: '固定资产登记台账',
      role: 'finance',
    },
  ],
};

const organisationFamily: AspectFamily = {
  titles: [
    '落实新时代党的组织路线方面',
    '落实新时代党的组织路线和党建工作责任制方面',
    '基层党组织建设和干部队伍建设方面',
  ],
  umbrellaTitles: ['基层党组织建设薄弱', '干部队伍建设有短板'],
  isLedByHead: false,
  topics: [
    {
      title: '“三会一课”制度落实不严格',
      subject: '党内组织生活',
      manifestations: [
        '支部{y}年召开支委会{n}次，未达到每月1次的要求',
        '党课以读文件代替，内容空泛，针对性不强',
      ],
      measures: [
        '制定支部年度“三会一课”计划，{d}前补齐组织生活记录并建立规范台账',
        '支部书记每年至少讲1次党课，班子成员到所在支部讲党课',
      ],
      goal: '“三会一课”按时规范开展，组织生活质量明显提高',
      institution: '“三会一课”制度实施细则',
      records: '支部组织生活记录',
      role: 'party',
    },
    {
      title: '党费收缴管理不规范',
      subject: '党费收缴管理',
      manifestations: ['{n}名党员未按规定标准交纳党费', '党费收缴台账登记不及时，收缴凭证缺失'],
      measures: [
        '对{y}年以来党费交纳情况逐人核查，{n}名党员已补交党费{amount}元',
        '每年初由{dept}核定党费交纳基数并公示',
      ],
      goal: '党费按标准足额交纳，收缴台账清晰完整',
      institution: '党费收缴使用管理办法',
      records: '党费收缴台账',
      role: 'party',
      funds: 'funds_recovered',
    },
    {
      title: '民主生活会质量不高',
      subject: '民主生活会',
      manifestations: [
        '批评与自我批评辣味不足，相互批评多为工作建议',
        '会前谈心谈话未全覆盖，问题查摆不深入',
      ],
      measures: [
        '召开巡察整改专题民主生活会，班子成员逐一对照反馈问题作对照检查',
        '会前班子成员之间、班子成员与分管股室负责人之间谈心谈话全覆盖',
      ],
      goal: '民主生活会敢于动真碰硬，批评和自我批评见人见事',
      institution: '领导班子民主生活会制度',
      records: '民主生活会材料',
      role: 'party',
    },
    {
      title: '干部选拔任用程序不规范',
      subject: '干部选拔任用工作',
      manifestations: ['{n}名干部任职前未按规定进行公示', '干部档案材料不全，{m}份档案缺少任职审批表'],
      measures: [
        '对{y}年以来选拔任用的{n}名干部逐人复核程序，{d}前补齐档案材料',
        '干部选拔任用严格执行动议、民主推荐、考察、讨论决定、任职公示等程序',
      ],
      goal: '干部选拔任用程序规范，干部档案真实完整',
      institution: '干部选拔任用工作规程',
      records: '干部人事档案',
      role: 'personnel',
    },
    {
      title: '干部日常管理监督偏松偏软',
      subject: '干部日常管理',
      manifestations: ['考勤制度执行不严，个别干部迟到早退', '对干部“八小时以外”监督缺位'],
      measures: [
        '启用考勤打卡系统，由{dept}每月通报考勤情况',
        '对{m}名迟到早退的干部进行提醒谈话，并在干部职工大会上通报',
      ],
      goal: '干部管理从严从实，工作纪律明显好转',
      institution: '机关干部考勤管理制度',
      records: '考勤记录',
      role: 'personnel',
    },
    {
      title: '干部队伍结构不合理，后备力量不足',
      subject: '干部队伍建设',
      manifestations: ['干部平均年龄{age}岁，35岁以下干部仅{m}名', '专业技术人员占比偏低，后备干部储备不足'],
      measures: [
        '制定年轻干部培养计划，{d}前选派{m}名年轻干部到重点岗位锻炼',
        '结合事业单位公开招聘，补充{field}方面的专业人才',
      ],
      goal: '干部队伍年龄和专业结构逐步优化，后备干部梯次合理',
      institution: '年轻干部培养计划',
      records: '干部花名册',
      role: 'personnel',
    },
    {
      title: '党建与业务工作“两张皮”',
      subject: '党建与业务融合',
      manifestations: ['党建工作与业务工作同部署、同考核落实不够', '党员先锋岗作用发挥不明显'],
      measures: [
        '将党建工作纳入各股室年度考核，权重不低于{pct}%',
        '围绕{field}设立党员先锋岗{n}个，每季度评选一次',
      ],
      goal: '党建与业务深度融合，党员先锋模范作用充分发挥',
      institution: '党建工作与业务工作融合考核办法',
      records: '党建工作考核台账',
      role: 'party',
    },
    {
      title: '发展党员工作不规范',
      subject: '发展党员工作',
      manifestations: ['{n}名发展对象材料时间节点倒置', '入党积极分子培养考察记录不全'],
      measures: [
        '对近三年发展的{n}名党员档案逐一复核，完善培养考察材料',
        '发展党员严格执行“五个阶段二十五个步骤”，每个环节由支部书记审核签字',
      ],
      goal: '发展党员程序规范，档案材料完整',
      institution: '发展党员工作流程',
      records: '党员发展档案',
      role: 'party',
    },
  ],
};

const supervisionFamily: AspectFamily = {
  titles: ['落实巡察、审计等监督发现问题整改方面', '落实上轮巡察和审计反馈问题整改方面'],
  umbrellaTitles: ['整改责任落实不到位'],
  isLedByHead: true,
  topics: [
    {
      title: '上轮巡察反馈问题整改不彻底',
      subject: '巡察整改工作',
      manifestations: ['上轮巡察反馈的{n}个问题中仍有{m}个未整改到位', '部分问题整改后出现反弹'],
      measures: [
        '对上轮巡察反馈的{n}个问题逐项开展“回头看”，{d}前形成整改情况报告',
        '对整改后出现反弹的问题重新制定整改措施，明确责任人和完成时限',
      ],
      goal: '上轮巡察反馈问题全部整改到位，不出现反弹',
      institution: '巡察整改“回头看”工作制度',
      records: '上轮巡察整改台账',
      role: 'office',
    },
    {
      title: '审计发现问题整改不到位',
      subject: '审计整改工作',
      manifestations: ['{y}年审计指出的{n}个问题整改台账未销号', '审计整改报告内容与实际情况不符'],
      measures: [
        '对照审计报告逐条建立整改台账，{d}前完成{n}个问题销号',
        '已追回审计指出的违规资金{amount}元',
      ],
      goal: '审计指出问题全部整改销号，整改资料真实完整',
      institution: '审计整改工作责任制',
      records: '审计整改台账',
      role: 'finance',
      funds: 'funds_recovered',
    },
    {
      title: '整改长效机制建设不够',
      subject: '长效机制建设',
      manifestations: ['对整改中暴露出的制度漏洞未及时建章立制', '举一反三不够，同类问题重复发生'],
      measures: [
        '对整改中发现的制度漏洞进行梳理，新建和修订制度{n}项',
        '每半年对制度执行情况开展一次检查评估',
      ],
      goal: '制度体系健全完善，用制度管人管事管权',
      institution: '制度建设和执行评估办法',
      records: '制度汇编',
      role: 'office',
    },
    {
      title: '信访反映问题办理不及时',
      subject: '信访工作',
      manifestations: ['{n}件信访件超期未办结', '信访办理结果未及时反馈信访人'],
      measures: [
        '对{n}件超期信访件逐件明确包案领导，{d}前全部办结并反馈',
        '建立信访件办理台账，实行周跟踪、月通报',
      ],
      goal: '信访件按期办结率达到100%，群众满意度明显提升',
      institution: '信访事项办理工作规程',
      records: '信访件办理台账',
      role: 'office',
    },
    {
      title: '往来款项清理不及时',
      subject: '往来款项清理',
      manifestations: ['长期挂账往来款{wan}万元未清理', '{n}笔暂付款超过一年未结算'],
      measures: ['成立往来款清理工作小组，已清收欠款{wan}万元', '对{n}笔暂付款逐笔核实，{d}前完成结算或核销'],
      goal: '往来款项账目清晰，长期挂账问题全部清理',
      institution: '往来款项管理办法',
      records: '往来款明细账',
      role: 'finance',
      funds: 'funds_recovered',
      isLargeAmount: true,
    },
  ],
};

/** The aspect families in the order plans list them. */
export const aspectFamilies: AspectFamily[] = [
  policyFamily,
  disciplineFamily,
  organisationFamily,
  supervisionFamily,
];
