"""The vocabulary of reports in general, in one place: how staff say things and how reports write them.

Nothing here names a particular report, department or question: only units, budget stages, report
kinds, place and organisation suffixes, synonyms and the words every report uses.
"""
from __future__ import annotations

import re
from functools import lru_cache

# The place levels and the end of an organisation's name in a title have one home, index/titles.py,
# which the index reads report titles with too.
from index.titles import CITY, CITY_FALSE_NEXT, COUNTY, MUNICIPALITIES, ORG_END, PROVINCE, TOWN  # noqa: F401

# -- staff wording → report wording ------------------------------------------------------------
# Rewritten in the metric phrase: reports never say "花了".
COLLOQUIAL = [
    # everyday names of a budget's expense lines ("开会的钱" is the 会议费 line)
    (re.compile(r"(?:买|购买|购置)?办公用品(?:的钱|的费用|费用)?"), "办公费"),
    (re.compile(r"出差(?:的钱|的费用|费用|费)?"), "差旅费"),
    (re.compile(r"开会(?:的钱|的费用|费用)"), "会议费"),
    (re.compile(r"培训(?:的钱|的费用)"), "培训费"),
    (re.compile(r"水电(?:的钱|的费用|费用)"), "水电费"),
    (re.compile(r"(?<=[村镇乡区县市省])里|(?<=街道|社区)里"), ""),  # "村里的协管员": the 村 level, not a word 村里
    (re.compile(r"(?<=[车钱费款])里(?![程面])"), " "),  # "买的车里执法用车有几辆": among them, not a word 车里
    (re.compile(r"控制在"), " "),  # "控制在多少次以内": a target's bound, said by its ≤
    (re.compile(r"实际有"), "实有"),
    (re.compile(r"(?:对外)?开放使用|提供使用"), "使用"),  # "场馆开放使用次数": the 场馆使用次数 it is
    # "车辆运行的钱": the line's name is the work and 费 ("运行费", "维修费")
    (re.compile(r"(运行|维修|维护|租赁|接待|印刷|宣传|咨询|取暖)(?:的钱|的费用)"), r"\1费"),
    (re.compile(r"卖了多少钱|卖了多少|卖出(?:了)?多少|卖多少钱|卖多少|销量"), "销售额"),  # sales, not the seller's costs
    # "委托别的单位办事的钱": the 委托业务费 line, as 开会的钱 is 会议费
    (re.compile(r"委托(?:别的|其他|外面的?|第三方)?(?:单位|机构|公司)?(?:办事|做事|干活|办理)?的(?:钱|费用)"), "委托业务费"),
    (re.compile(r"上牌照?|挂牌"), "注册登记"),  # "新车上牌": a vehicle's 注册登记  # "实际有多少人": the report's 实有人数
    # "实际在岗的有多少人": the report's 实有在职人员 ("实际在岗在编" is written so in reports)
    (re.compile(r"实际在[岗职编]的(?:有)?"), "实有在职"),
    (re.compile(r"实际在[岗职编](?=多少|几)"), "实有"),  # "实际在岗多少人": the 实有人数
    (re.compile(r"财政给的钱|财政给的|财政给"), "财政拨款"),
    (re.compile(r"花了多少钱|花了多少|用了多少钱|花了|花费|花多少|开销|花销|用款|用了(?!几|多少[次个回])"), "支出"),
    (re.compile(r"退休的"), "退休人员"),
    (re.compile(r"买(?:新)?车(?:的钱|的费用|钱)"), "购置车辆"),  # "买车的钱": the 公务用车购置费 line
    (re.compile(r"新买|要买|购买|买了|买"), "购置"),
    (re.compile(r"要聘|招聘|聘请|聘了|雇了|雇用|雇"), "聘用"),
    (re.compile(r"比例|占比|比重|百分比|百分之"), "占"),
    # "投资处要争取…": 要 says a plan, not a word of the metric (last: 要买, 要聘 are rewritten above;
    # 主要, 需要, 要求 keep theirs)
    (re.compile(r"(?<![主重需必纪提摘概首只])要(?![求点素闻件务])"), " "),
]
# A metric of one character, all a comparison leaves of "谁车多", in report wording.
BARE_METRICS = {"车": "车辆", "人": "人数", "房": "房屋", "钱": "资金"}
# ... and the unit it is counted in: (unit, counts people).
BARE_UNITS = {"车": ("辆", False), "人": ("count", True), "钱": ("money", False)}
# Report wording a question may mean too: weaker evidence, added beside the metric phrase.
ALTERNATIVES = [
    (re.compile(r"开支"), "支出"),
    (re.compile(r"支出"), "开支"),
    (re.compile(r"编制(?!人数)"), "编制人数"),
    (re.compile(r"三公(?!经费)"), "三公经费"),
    (re.compile(r"救助"), "帮扶"),
    (re.compile(r"帮扶"), "救助"),
    (re.compile(r"临时聘用|临聘|聘用"), "临聘人员"),
    (re.compile(r"机构|科室|股室"), "内设"),
    (re.compile(r"车"), "车辆"),
]

# -- what a metric's words may be written as (coverage of the asked metric) ----------------------
# Each group is one meaning: a word of the question is covered when any word of its group is in the
# figure's label, table row/column or the words just before it.
SYNONYMS: list[set[str]] = [
    {"支出", "开支", "花费", "费用", "用款"},
    {"帮扶", "救助"},
    {"人数", "人员", "名额"},
    {"编制", "编制数", "编制人数", "核定编制"},
    {"车辆", "车", "公务用车", "公车", "机动车"},
    {"临聘", "聘用", "临时聘用", "编外"},
    {"在职", "在编", "在岗"},
    {"收入", "收到"},
    {"资金", "经费", "款"},
    {"拨款", "财政拨款"},
    {"完成", "实际完成", "完成值", "实际完成值"},
    {"目标", "指标值", "年度指标值", "目标值"},
    {"得分", "自评得分", "评分", "分数"},
    {"分值", "指标分值", "权重"},
    {"满意度", "满意率"},
    {"过节", "节日"},
    {"房子", "房屋"},
    {"租金", "租赁费", "租赁费用"},
    {"追加", "年中调整", "追加调整"},  # "年中追加的预算": the 年中调整 a self-evaluation lists
    {"驻京", "在京"},
    {"交警", "交通警察"},
    {"交警支队", "交通管理支队", "交通警察支队"},
    {"租车", "租赁车辆", "车辆租赁", "租用车辆"},
    {"部队", "军队"},
    {"吃住", "食宿"},
    {"出国", "出国（境）", "出国(境)", "出境"},
    {"采购", "政府采购"},
    {"社保", "社会保障"},
    {"下面", "下属", "所属", "下辖"},
    {"资产", "国有资产"},
    {"机关运行", "机关运行经费"},
    {"人员经费", "工资福利", "人员支出"},
    {"公用经费", "日常公用经费", "商品和服务支出", "商品服务支出"},
    {"收支", "收、支", "收入、支出", "收入支出"},  # "收、支预算总计各增加…"
    {"一共", "合计", "总计", "共计"},
    {"下降", "减少", "降低", "减低", "压减", "缩减", "压缩", "少"},
    {"计划", "安排", "拟"},
    {"增长", "增加", "提高", "多"},
    {"管理", "管着", "管辖"},
    {"辅警", "警辅", "警务辅助"},
    {"单价", "单位价值"},
    {"开会", "会议", "召开"},
    {"招待", "接待"},
    {"中职", "中等职业"},
    {"高职", "高等职业"},
    {"医保", "医疗保障", "医疗保险"},
    {"老师", "教师"},
    {"科技", "科学技术"},  # "科技支出" is the 科学技术支出 class
    {"购置", "采购", "购买"},
    {"运维", "运行维护", "运行和维护", "运行维修"},  # "买服务的钱" is the 政府采购服务 line
]
# Words that say "a number" without saying which: they need no covering.
GENERIC_WORDS = {
    "金额", "数额", "总额", "总数", "数量", "数目", "数字", "情况", "多少", "共", "一共", "合计", "总计", "共计",
    "全部", "整体", "全年", "一年", "本年", "当年", "年度", "本年度", "全年度", "部门", "单位", "本部门", "本单位",
    "规模", "具体", "分别", "各", "各是", "各自", "大概", "大约", "目前", "现在", "今年", "去年度", "数",
    "值", "的", "了", "是", "有", "在", "为", "和", "与", "及", "或", "中", "里", "上", "其中", "总",
    "所有", "报告", "该", "这个", "那个", "这项", "该项", "本级", "这一项", "一项", "这", "包括", "包含", "多", "少", "哪个", "最", "最多", "最少", "排名", "排序",
}
# Nouns that say "money" after a named project or purpose ("院前急救经费", "奖补资金"): when the
# figure is an amount and the name alone is long enough to say which, the report may leave them out.
MONEY_NOUNS = {"经费", "资金", "款项", "费用", "钱"}
# A rate per person or per period ("每人每月补多少", "人均培训成本"): said by the figure's own words
# (每人…, 人均…) or its unit ("元/人/年", "/人天"), never by a total's.
PER_WORD = re.compile(r"每人|每名|人均|年均|日均|月均|每户|每生|每(?:个)?月|每年|每天|每日|一个月|一天|每[台辆套件次场条]")
PER_FIGURE = re.compile(r"每人|每名|人均|年均|日均|月均|每户|每生|每(?:个)?月|每年|每天|每日|每[台辆套件次场条]"
                        r"|/\s*(?:人|月|年|天|日|户|生|次|人天|人次|台|辆|套|件|场|条)")
# A question that names money by what it is for ("用来落实产业强市战略的钱"): the report may say so only
# in the purpose after the number ("630万元，主要用于贯彻落实…"), and that may cover the whole ask.
# One-character names of a department's internal divisions: "投资处", "财务科" name a division, said whole.
DIVISIONS = {"处", "科", "室", "股", "所"}  # 所: 财政所, 司法所 (an office, not the word before it)
# "其他社会福利支出" is the rest of 社会福利, never 社会福利 itself (question.py joins the word to it, scoring.py
# does not let such a label cover the word alone).
OTHER_WORDS = ("其他", "其它")
# A word said inside a wider one that is not it: 离退休 counts 离休 too, so it is no 退休.
WIDER_WORDS = {"退休": ("离退休",)}
# "做电梯维保、法律顾问这些花多少": the work listed, then "这些", names the money by its use too.
PURPOSE_ASK = re.compile(r"用来|用于|用在|拿来|的钱|那笔|[\u4e00-\u9fff]{2}[、和][\u4e00-\u9fff]{2,}(?:这些|这几[项样件个]|等)")
# Words that only say "money" once its use is named ("…这些用的钱", "…这些花多少" → 支出).
MONEY_OF_A_USE = MONEY_NOUNS | {"支出", "用钱"}
# The people an organisation pays, said before their pay ("老师绩效工资", "职工公积金"): the report's
# 工资福利 lines are the pay of its own staff and name no one, so the word needs no covering there.
STAFF_NOUNS = {"老师", "教师", "教职工", "职工", "员工", "工作人员", "在职人员", "干部", "民警", "公务员", "医生",
               "医护人员", "护士", "人员"}
PAY_WORDS = re.compile(r"^(?:交|缴|缴纳|发|发放|给)?(?:绩效工资|工资|薪酬|薪水|奖金|津贴|补贴|公积金|住房公积金|购房补贴|住房补贴|提租补贴|社保|养老保险|医疗保险|职业年金|绩效"
                       r"|差旅费|培训费)")  # their travel and training are the organisation's lines too
# Verbs and adverbs of a question that say nothing about what is measured ("已经建成多少家驿站",
# "有多少支队伍参加"): never required of a figure.
FUNCTION_WORDS = {
    "已经", "已", "参加", "参与", "包括", "包含", "共有", "拥有", "一共", "现有", "目前", "给", "发给", "得到",
    "获得", "达到", "实现", "一下", "能", "可以", "能够", "到底", "究竟", "大概", "大约", "左右", "一个", "这些",
    "那些", "其", "他们", "我们", "咱们", "本", "该", "多大", "怎样", "如何", "用于", "用在", "属于", "安排了",
    "打算", "准备", "按", "算", "按算", "发", "发放", "上限", "下限", "封顶", "安排", "用来", "拿来", "那笔", "那项", "那一项", "控制在",
    "那边", "这边", "那里", "这里", "出去",
    "下来", "出来", "过来", "自己", "做到", "期间", "最后", "最终", "日常", "至少", "最少", "最多", "起码", "不少于", "不低于", "不超过", "不高于",  # a target's bound, said by its ≥ / ≤
}
# "共有多少辆车" asks what is held; "计划购置车辆30辆" is a purchase. A question about a stock is not
# answered by a flow unless it asks for the flow.
_HOLDING = r"共有|现有|保有|实有|拥有"
STOCK_ASK = re.compile(_HOLDING + r"|有多少|有几")
HELD_WORDS = re.compile(_HOLDING + r"|截至|截止")  # a report stating what is held ("截至…共有车辆")
FLOW_WORDS = re.compile(r"购置|新增|购买|买|采购|更新|报废|处置|调拨|调入|调出|接收|计划|拟|安排|打算|准备")
# Counted things an office holds: "车辆数" asks the fleet, not a planned purchase, unless it says so.
HELD_UNITS = {"辆", "台", "套", "平方米"}
# The question asks the share or the change: its words are the qualifier, not the metric.
SHARE_WORDS = {"占", "占比", "比例", "比重", "百分比"}
CHANGE_WORDS = {"增长", "增加", "下降", "减少", "降低", "减低", "压减", "缩减", "压缩", "提高", "变化", "变动", "上升", "增减", "较上年", "比上年",
                "比去年", "较去年"}
# Reports pair 增加/减少 with the amount and 增长/下降 with the rate ("减少13.52万元，下降8.65%").
RATE_ASK = re.compile(r"增长|下降|上升|增幅|降幅|涨|跌")
AMOUNT_ASK = re.compile(r"增加|减少|减低|压减|缩减|压缩|压了|多了|少了|元|[涨跌]了?多少(?!个百分点)")  # 涨了多少: the amount
# A question about a plan or target, not what was done (a 自评表's 年度指标值 against its 实际完成值).
TARGET_ASK = re.compile(r"目标|指标|计划|要求|(?<!超)标准|预期|预计|至少|起码|不少于|不低于|不超过|不高于|控制在|以内")  # 超标准 is a breach, not a target
# What was spent, not budgeted: "比上年执行数…" states last year's spending.
SPENT_WORDS = re.compile(r"执行|决算|实际")

# 三公经费 is the sum of three lines; a figure of the sum may be labelled by the three.
COMPOSITES = {
    "三公经费": ("因公出国（境）费", "公务用车购置及运行费", "公务接待费"),
}

# -- budget stages ----------------------------------------------------------------------------------
# When a question names one, the figure must carry it (in its label, column, or words before it);
# 预算/决算 are also carried by the report's kind.
STAGES: list[tuple[str, re.Pattern, re.Pattern]] = [
    # (stage, how the question says it, how a figure carries it)
    ("年初预算", re.compile(r"年初预算|年初"), re.compile(r"年初")),
    ("调整预算", re.compile(r"调整(?:后)?预算|预算调整"), re.compile(r"调整")),
    ("全年预算", re.compile(r"全年预算"), re.compile(r"全年预算|调整后预算|预算数")),
    ("执行数", re.compile(r"执行数|执行情况|实际执行|执行金额|执行了|执行率"), re.compile(r"执行|决算|实际支出")),
    ("上年", re.compile(r"(?<![比较与同])(?:上年|上一年|去年)(?!度?(?:增加|减少|增长|下降|相比|同期))"),
     re.compile(r"上年|上一年")),
]
# 预算 or 决算 inside the name of a budget ("一般公共预算财政拨款", "政府性基金预算") is not a stage.
# Names with 预算 inside that are no budget stage: 一般公共预算 (a fund), 预算单位 (an organisation).
FUND_BUDGET = re.compile(r"(?:一般公共|政府性基金|国有资本经营|社会保险基金)预算|预算单位")
BUDGET_WORD = re.compile(r"(预算|决算)(?:数)?")
# Names of where money comes from that are one word to a reader, though jieba cuts them (单位 + 资金).
FUND_NAMES = ["财政专户管理资金", "单位资金"]
# Budget terms of art: one line of every budget, covered only as a whole (or by a synonym), never by
# their words apart — "辅助人员补助经费" holds 人员 and 经费 and is no 人员经费.
# The classes of the government's functional classification of spending (支出功能分类, 类): "教育支出" is
# the class, never any money with 教育 in its name ("促进教育事业…转移支付资金").
FUNCTION_CLASSES = ["一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
                    "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出",
                    "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出", "金融支出",
                    "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出", "灾害防治及应急管理支出"]
TERMS_OF_ART = ["日常公用经费", "人员经费", "公用经费", "基本支出", "项目支出", "机关运行经费", "工资福利支出",
                "商品和服务支出", "资本性支出"] + FUNCTION_CLASSES
# Where the money comes from: column headers of spending tables, never the spending's own 收入.
FUND_SOURCE = re.compile(r"(?:事业|经营|其他|上级补助|附属单位上缴|财政拨款|用事业基金弥补收支差额)收入|单位资金|非财政拨款")

# -- units --------------------------------------------------------------------------------------
COUNT_UNITS = {"人", "名", "人次", "个", "家", "户", "次", "项", "台", "辆", "所", "场", "位", "户次", "批次",
               "台/套", "套", "支", "份", "件", "间", "处", "座", "期", "篇", "条", "张", "批", "天", "部"}
PERSON_UNITS = {"人", "名"}
# Count units that count the same things: "几部电梯" is answered in 部 or 台, never in 次.
UNIT_GROUPS = [{"人", "名", "位"}, {"台", "套", "台/套", "部", "辆"}, {"个", "个数", "家", "所", "处"}, {"次", "场", "批", "批次"}]
# Measures that are no counts: "多少公里" is answered in 公里 or 千米, never in 万元.
MEASURES = {"平方米": "area", "亩": "area", "公里": "length", "千米": "length", "吨": "mass"}
# Count and measure words a question may ask in ("多少条河流", "几座水库"); longer words first.
_ASKED_UNITS = ("平方米|公里|千米|吨|人次|批次|名|人|个人(?!所得|账户|和家庭)|个|家|户|项|次|台|辆|所(?!属)|场(?!地|所)|支(?!出|付)|套|期|"
                 "部(?!门|分)|处(?!室)|座|间|亩|条(?!例)|篇|件|份(?!额)|张|艘|架")
UNIT_IN_QUESTION = re.compile(rf"(?:多少|几)({_ASKED_UNITS}|分)")

# -- question wording ------------------------------------------------------------------------------
QUESTION_WORDS = re.compile(
    rf"(?:多少|几)(?:{_ASKED_UNITS})|请问|一共|总共|共计|合计|是多少钱|是多少|多少钱|多少|几个|几名|几人|几家|几项|几次|几|哪些|有哪些|什么|"
    r"吗|呢|呀|啊|？|\?|了|的|是|为|现有|共有|拥有|保有|(?<!实)有|给|请|告诉我|查一下|查询|一下|情况如何|怎么样|大概|分别|各是|各自|各"
)
YEAR_IN_METRIC = re.compile(r"(?:截至|截止|到)?(?:19|20)\d{2}\s*(?:年度?(?:底|末)?)?")
TOTAL_ASK = re.compile(r"一共|总共|共计|合计|总计|总额|总数|全部")
# "跟上年比", "和去年比": a comparison with last year however it is said
CHANGE_ASK = re.compile(r"增长|下降|增加|减少|较上年|比上年|较去年|比去年|(?:跟|和|同|与)(?:上一?年度?|去年)相?比|变化|变动|提高"
                        r"|降低|减低|压减|缩减|压缩|压了|少了|多了|涨|跌|比(?:19|20)\d{2}年")
SHARE_ASK = re.compile(r"占|比例|比重|占比")

# -- places and organisations --------------------------------------------------------------------------
ORG_SUFFIXES = ("委员会", "办事处", "办公室", "人民政府", "联合会", "总工会", "工会", "协会", "管理局", "支队", "大队",
                "厅", "局", "委", "办", "院", "中心", "所", "站", "会", "部", "队", "馆", "处", "室", "学校", "校")
ORG_WORD = re.compile(r"[\u4e00-\u9fa5（）()]{1,14}?(?:" + "|".join(ORG_SUFFIXES) + r")")
# The province or city written before a name ("上海市普陀区…"): it goes with the name.
PLACE_PREFIX = r"(?:[\u4e00-\u9fa5]{2,3}?省)?(?:[\u4e00-\u9fa5]{2,3}?市)"
PLACE_WORD = re.compile(f"(?:{PROVINCE}|{CITY}|{COUNTY}|{TOWN})")
# The party committee's departments: 中共…区委宣传部, asked as 区委宣传部.
PARTY_PREFIX = re.compile(r"^中共")
COMMITTEE_LEVEL = {"省": "省委", "自治区": "区委", "市": "市委", "州": "州委", "区": "区委", "县": "县委", "旗": "旗委"}

# Short names staff use for departments (the official ending on the left).
SHORT_NAMES = {
    "卫生健康委员会": ["卫健委", "卫健局", "卫生健康委"], "人力资源和社会保障局": ["人社局"],
    "住房和城乡建设局": ["住建局"], "交通运输局": ["交通局"], "生态环境局": ["环保局", "生态局"],
    "市场监督管理局": ["市场监管局"], "文化和旅游局": ["文旅局"], "医疗保障局": ["医保局"],
    "发展和改革委员会": ["发改委", "发改局"], "规划和自然资源局": ["规划资源局", "规土局", "自然资源局"],
    "妇女联合会": ["妇联"], "残疾人联合会": ["残联"], "科学技术协会": ["科协"],
    "城市管理和综合执法局": ["城管执法局", "城管局"], "机关事务管理局": ["机关事务局"],
    "疾病预防控制中心": ["疾控中心"], "社会福利院": ["福利院"], "退役军人事务局": ["退役军人局", "退役军人事务"],
    "农业农村局": ["农业局", "农委"], "应急管理局": ["应急局"], "教育委员会": ["教委"],
    "科学技术局": ["科技局"], "工业和信息化局": ["工信局"], "社会工作部": ["社工部"],
    "人民政府办公室": ["政府办", "政府办公室", "市政府办"], "商务委员会": ["商务委", "商委"],
    "公安局交通管理支队": ["交警支队", "交管支队"], "信访局": ["信访办"],
}

# -- report kinds ----------------------------------------------------------------------------------
# (word in a question, the kind it picks); the first that appears wins.
KIND_HINTS = [("绩效自评", "绩效评价"), ("自评", "绩效评价"), ("绩效报告", "绩效评价"), ("绩效评价", "绩效评价"),
              ("整体支出", "绩效评价"), ("绩效目标", "预算"), ("决算", "决算"), ("预算", "预算")]

# A year in a question that is a comparison base or a date, not the report's own year.
YEAR = re.compile(r"(20\d{2}|19\d{2})(?!\d)")
BASE_BEFORE = re.compile(r"(?:比|较|与|截至|截止|同|上年|至)\s*$")
BASE_AFTER = re.compile(r"^\s*年度?(?:底|末|当年|预算执行数|执行数|相比|同期)")


@lru_cache(maxsize=4096)
def synonyms_of(word: str) -> frozenset[str]:
    """The word and every word that means the same in reports."""
    out = {word}
    for group in SYNONYMS:
        if word in group:
            out |= group
    return frozenset(out)
