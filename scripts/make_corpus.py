#!/usr/bin/env python3
"""Generate a synthetic corpus of Chinese government budget / final-accounts / performance reports,
plus a question set in the eval format (see /work/shared/eval/README.md).

The reports imitate the real ones (部门预算, 部门决算, 部门整体支出绩效评价报告): the title is the first
line, sections are numbered 一、/（一）, and every figure sits in a prose sentence such as
"2022年基本支出164.51万元，较上年增加64.77万元。". Look-alikes are deliberate: the same department
appears in several years and kinds, and all departments share metric names with different values.

Stdlib only. Deterministic: every random choice comes from random.Random seeded with strings built
from --seed, so two runs with the same arguments write byte-identical files.

Example:
    python scripts/make_corpus.py 1000 /tmp/corpus1k --seed 42
    python scripts/make_corpus.py 200 /tmp/small --questions /tmp/small_qa.jsonl --questions-per-report 3
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
from dataclasses import dataclass, field

YEARS = list(range(2019, 2026))
KINDS = ("budget", "final", "perf")  # 部门预算 / 部门决算 / 部门整体支出绩效评价报告

# ---------------------------------------------------------------------------------------------
# Regions: (city prefix, district/county). Names are unique; only Shanghai reports carry "上海市".
# ---------------------------------------------------------------------------------------------
_REGIONS_BY_CITY = {
    "上海市": ["普陀区", "静安区", "徐汇区", "黄浦区", "长宁区", "虹口区", "杨浦区", "闵行区", "宝山区",
             "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区"],
    "衡阳市": ["珠晖区", "雁峰区", "石鼓区", "蒸湘区", "南岳区", "衡阳县", "衡南县", "衡山县", "衡东县", "祁东县"],
    "长沙市": ["芙蓉区", "天心区", "岳麓区", "开福区", "雨花区", "望城区", "长沙县"],
    "株洲市": ["荷塘区", "芦淞区", "石峰区", "天元区", "渌口区", "攸县", "茶陵县", "炎陵县"],
    "湘潭市": ["雨湖区", "岳塘区", "湘潭县"],
    "常德市": ["武陵区", "鼎城区", "安乡县", "汉寿县", "澧县", "临澧县", "桃源县", "石门县"],
    "岳阳市": ["岳阳楼区", "云溪区", "君山区", "岳阳县", "华容县", "湘阴县", "平江县"],
    "郴州市": ["北湖区", "苏仙区", "桂阳县", "宜章县", "永兴县", "嘉禾县"],
    "永州市": ["零陵区", "冷水滩区", "东安县", "双牌县", "道县", "江永县", "宁远县"],
    "南京市": ["玄武区", "秦淮区", "建邺区", "鼓楼区", "浦口区", "栖霞区", "雨花台区", "江宁区", "六合区",
             "溧水区", "高淳区"],
}
REGIONS = [(city, r) for city, rs in _REGIONS_BY_CITY.items() for r in rs]

STREETS = ["万里", "长风新村", "曹杨新村", "石泉路", "宜川路", "甘泉路", "真如", "长征", "桃浦", "江宁路",
           "天平路", "湖南路", "枫林路", "南京西路", "曹家渡", "临汾路", "彭浦新村", "东湖", "苗圃", "广济",
           "和平", "先锋", "人民路", "解放路", "黄沙湾", "天马山", "红湘", "联合", "五一", "青山",
           "望月湖", "橘子洲", "侯家塘", "坡子街", "城南路", "金盆岭", "文化路", "朝阳", "向阳", "东风"]

# ---------------------------------------------------------------------------------------------
# Organisations. type: 行政 / 事业 / 群团. duties: 主要职责; projects: 项目支出 names;
# acts: (sentence template with {n}, unit, question phrase, style) where style "多" writes "300多名".
# ---------------------------------------------------------------------------------------------
_GENERIC_ACTS = [
    ("全年组织开展业务培训，累计培训干部职工{n}人次", "人次", "培训了多少人次", ""),
    ("全年办理人大代表建议和政协提案{n}件，办结率100%", None, None, ""),
    ("全年开展调研督导{n}次，形成调研报告{m}篇", None, None, ""),
]

ORGS = [
    {"name": "总工会", "alias": "工会", "type": "群团",
     "duties": ["指导全区工会工作", "组织和指导各级工会履行维护、建设、参与、教育等社会职能",
                "负责工会经费的收缴、使用和管理以及审查审计工作", "负责劳模的评选、表彰和管理工作",
                "开展困难职工帮扶和职工文体宣传活动"],
     "projects": ["困难职工帮扶支出", "职工服务工作经费", "工会劳模管理费", "工会活动经费",
                  "户外劳动者服务站点补助", "企业基层工会文体设施专项经费"],
     "acts": [("组织开展“冬送温暖·情系职工”春节系列慰问活动，共走访慰问职工{n}人次", "人次", "春节走访慰问了多少人次职工", ""),
              ("开展“夏送清凉”活动，向{n}多名一线职工送上清凉慰问品", "名", "夏送清凉慰问了多少名一线职工", "多"),
              ("因地制宜建立{n}个户外劳动者爱心驿站", "个", "建了几个户外劳动者爱心驿站", ""),
              ("全年开展生活救助{n}人次", "人次", "生活救助帮扶了多少人次", "")]},
    {"name": "财政局", "alias": None, "type": "行政",
     "duties": ["负责编制年度财政预决算并组织执行", "拟订区财政发展规划和财政政策", "负责管理区级各项财政收支",
                "负责政府采购监督管理", "负责组织实施全面预算绩效管理"],
     "projects": ["财政信息化建设经费", "预算绩效评价委托业务费", "政府采购监督管理经费", "财政票据管理经费"],
     "acts": [("全年完成预算绩效目标审核项目{n}个", "个", "审核了多少个绩效目标项目", ""),
              ("开展财会监督专项检查，检查单位{n}家", "家", "财会监督检查了多少家单位", "")]},
    {"name": "教育局", "alias": None, "type": "行政",
     "duties": ["贯彻执行国家和省市教育方针政策", "统筹管理全区各级各类教育", "负责全区教师队伍建设",
                "负责学生资助工作", "指导学校安全和校园周边环境治理"],
     "projects": ["学生资助经费", "教师培训经费", "校舍维修改造经费", "教育信息化经费", "课后服务补助经费"],
     "acts": [("全年发放学生资助资金，资助学生{n}人次", "人次", "资助了多少人次学生", ""),
              ("组织教师培训，参训教师{n}多名", "名", "培训了多少名教师", "多"),
              ("全区共有公办中小学校{n}所", None, None, "")]},
    {"name": "卫生健康委员会", "alias": "卫健委", "type": "行政",
     "duties": ["组织拟订全区卫生健康事业发展规划", "负责疾病预防控制和突发公共卫生事件应急处置",
                "指导基层医疗卫生机构建设", "负责计划生育和家庭发展工作", "推进医药卫生体制改革"],
     "projects": ["基本公共卫生服务经费", "疾病预防控制专项经费", "家庭医生签约服务经费", "计划生育奖励扶助经费"],
     "acts": [("全年开展免费健康体检{n}人次", "人次", "免费体检了多少人次", ""),
              ("签约家庭医生服务居民{n}多名", "名", "家庭医生签约了多少名居民", "多"),
              ("指导{n}家社区卫生服务中心规范化建设", "家", "指导了几家社区卫生服务中心", "")]},
    {"name": "民政局", "alias": None, "type": "行政",
     "duties": ["负责社会救助和最低生活保障工作", "负责养老服务体系建设", "负责社会组织登记和管理",
                "负责婚姻登记和殡葬管理", "指导城乡社区治理"],
     "projects": ["城乡低保资金", "特困人员供养经费", "养老服务补贴", "临时救助资金", "社区治理专项经费"],
     "acts": [("全年发放临时救助{n}人次", "人次", "临时救助了多少人次", ""),
              ("为{n}名高龄老人发放高龄津贴", "名", "给多少名高龄老人发了津贴", ""),
              ("全区登记社会组织{n}家", "家", "登记了多少家社会组织", "")]},
    {"name": "司法局", "alias": None, "type": "行政",
     "duties": ["负责全面依法治区的统筹协调", "负责法治宣传教育和普法工作", "指导人民调解和基层法律服务",
                "负责社区矫正和安置帮教工作", "负责公共法律服务体系建设"],
     "projects": ["法律援助经费", "人民调解专项经费", "社区矫正工作经费", "普法宣传经费"],
     "acts": [("全年办理法律援助案件{n}件", None, None, ""),
              ("人民调解组织调解矛盾纠纷{n}人次", "人次", "调解矛盾纠纷多少人次", ""),
              ("开展法治宣传活动，受教育群众{n}多名", "名", "普法宣传覆盖了多少名群众", "多")]},
    {"name": "社会福利院", "alias": "福利院", "type": "事业",
     "duties": ["负责收养社会孤老、退休孤老和寄养老人", "为在院老人提供生活照料、医疗康复和文化娱乐服务",
                "组织志愿者和专业社工团队开展为老志愿服务"],
     "projects": ["老人护理服务经费", "院舍维修改造经费", "医疗康复设备购置经费", "伙食补助经费"],
     "acts": [("全年在院入住老人{n}名", "名", "在院老人有多少名", ""),
              ("组织志愿服务活动，服务老人{n}人次", "人次", "志愿服务了多少人次老人", "")]},
    {"name": "规划和自然资源局", "alias": "规划资源局", "type": "行政",
     "duties": ["组织编制并监督实施国土空间规划和相关专项规划", "负责自然资源调查监测评价",
                "负责自然资源和不动产确权登记", "负责土地征收征用管理", "负责规划资源领域行政执法"],
     "projects": ["国土空间规划编制经费", "不动产登记业务经费", "自然资源调查监测经费", "规划服务经费"],
     "acts": [("全年办理不动产登记业务{n}件", None, None, ""),
              ("开展土地执法巡查，发现并处置违法用地{n}个", "个", "处置了多少个违法用地", "")]},
    {"name": "人力资源和社会保障局", "alias": "人社局", "type": "行政",
     "duties": ["负责促进就业和职业技能培训", "负责社会保险政策的贯彻实施", "负责劳动保障监察和劳动人事争议调解仲裁",
                "负责机关事业单位人事管理"],
     "projects": ["就业专项资金", "职业技能培训补贴", "劳动保障监察经费", "人才引进专项经费"],
     "acts": [("全年新增城镇就业{n}人", "人", "新增就业多少人", ""),
              ("开展职业技能培训{n}人次", "人次", "技能培训了多少人次", ""),
              ("举办招聘会，参会企业{n}家", "家", "招聘会有多少家企业参加", "")]},
    {"name": "住房和城乡建设局", "alias": "住建局", "type": "行政",
     "duties": ["负责住房保障和房地产市场监管", "负责建筑市场和工程质量安全监管", "负责老旧小区改造",
                "负责城市基础设施建设管理"],
     "projects": ["老旧小区改造经费", "保障性住房建设经费", "建筑工程质量安全监督经费", "物业管理专项经费"],
     "acts": [("完成老旧小区改造{n}个", "个", "改造了多少个老旧小区", ""),
              ("开展建筑工地安全检查{n}次", None, None, "")]},
    {"name": "交通运输局", "alias": "交通局", "type": "行政",
     "duties": ["负责全区公路、水路交通行业管理", "负责农村公路建设和养护", "负责道路运输市场监管",
                "负责交通运输安全生产监督管理"],
     "projects": ["农村公路养护经费", "公交运营补贴", "交通安全隐患整治经费", "公路建设项目经费"],
     "acts": [("完成农村公路提质改造{n}公里", None, None, ""),
              ("开展道路运输执法检查，检查车辆{n}多台次", None, None, "")]},
    {"name": "农业农村局", "alias": None, "type": "行政",
     "duties": ["统筹推进乡村振兴", "负责粮食生产和耕地保护相关工作", "负责农业技术推广", "负责农村人居环境整治"],
     "projects": ["高标准农田建设经费", "农业技术推广经费", "农村人居环境整治经费", "耕地地力保护补贴"],
     "acts": [("培训新型职业农民{n}人次", "人次", "培训了多少人次农民", ""),
              ("扶持农民专业合作社{n}家", "家", "扶持了多少家合作社", "")]},
    {"name": "水务局", "alias": None, "type": "行政",
     "duties": ["负责水资源统一管理和保护", "负责防汛抗旱工作", "负责河湖长制日常工作", "负责农村供水工程管理"],
     "projects": ["防汛抗旱经费", "河道保洁经费", "农村饮水安全工程经费", "水利工程维修养护经费"],
     "acts": [("全年开展河湖巡查{n}人次", "人次", "河湖巡查了多少人次", ""),
              ("完成小型水库除险加固{n}座", None, None, "")]},
    {"name": "生态环境局", "alias": "环保局", "type": "行政",
     "duties": ["负责生态环境监督管理", "负责大气、水、土壤污染防治", "负责生态环境执法", "负责环境监测和信息发布"],
     "projects": ["大气污染防治经费", "环境监测经费", "生态环境执法经费", "污染源普查经费"],
     "acts": [("全年开展环境执法检查，检查企业{n}家", "家", "环境执法检查了多少家企业", ""),
              ("处理环境信访投诉{n}件", None, None, "")]},
    {"name": "市场监督管理局", "alias": "市场监管局", "type": "行政",
     "duties": ["负责市场主体登记注册", "负责食品安全监督管理", "负责产品质量和特种设备安全监管", "负责知识产权保护"],
     "projects": ["食品安全抽检经费", "特种设备检验经费", "消费者权益保护经费", "市场主体登记服务经费"],
     "acts": [("完成食品安全抽检{n}批次", None, None, ""),
              ("检查各类市场主体{n}家", "家", "检查了多少家市场主体", "")]},
    {"name": "应急管理局", "alias": None, "type": "行政",
     "duties": ["负责安全生产综合监督管理", "负责应急预案体系建设", "组织指导防汛抗旱和森林防火", "负责自然灾害救助"],
     "projects": ["安全生产监管经费", "应急物资储备经费", "森林防火经费", "应急救援队伍建设经费"],
     "acts": [("开展安全生产检查，检查企业{n}家", "家", "安全检查了多少家企业", ""),
              ("组织应急演练{n}场次，参演人员{m}人次", None, None, "")]},
    {"name": "审计局", "alias": None, "type": "行政",
     "duties": ["负责区级预算执行和决算草案审计", "负责领导干部经济责任审计", "负责政府投资项目审计", "指导内部审计工作"],
     "projects": ["审计业务经费", "政府投资审计委托业务费", "审计信息化经费"],
     "acts": [("全年完成审计项目{n}个", "个", "完成了多少个审计项目", ""),
              ("审计查出问题金额{n}万余元", "万余元", "审计查出问题金额多少", "")]},
    {"name": "统计局", "alias": None, "type": "行政",
     "duties": ["负责组织实施各项统计调查", "负责国民经济核算", "负责统计数据质量管理", "组织实施经济普查和人口普查"],
     "projects": ["经济普查经费", "统计调查经费", "统计执法检查经费"],
     "acts": [("全年完成统计调查项目{n}个", "个", "完成了几个统计调查项目", ""),
              ("开展统计执法检查，检查调查对象{n}家", "家", "统计执法检查了多少家", "")]},
    {"name": "文化和旅游局", "alias": "文旅局", "type": "行政",
     "duties": ["负责文化事业和文化产业发展", "负责旅游市场监管", "负责文物保护利用", "组织开展群众文化活动"],
     "projects": ["群众文化活动经费", "文物保护经费", "旅游宣传推广经费", "公共文化服务体系建设经费"],
     "acts": [("全年组织送戏下乡演出{n}场", None, None, ""),
              ("开展群众文化活动，参与群众{n}多名", "名", "群众文化活动有多少名群众参与", "多")]},
    {"name": "体育局", "alias": None, "type": "行政",
     "duties": ["推进全民健身工作", "负责竞技体育和青少年体育工作", "负责体育场馆设施管理", "负责体育市场监管"],
     "projects": ["全民健身活动经费", "体育场馆运行经费", "青少年体育训练经费", "参加市级运动会经费"],
     "acts": [("举办全民健身赛事{n}场", None, None, ""),
              ("参加市级比赛获奖牌{n}枚，参赛运动员{m}名", None, None, "")]},
    {"name": "退役军人事务局", "alias": None, "type": "行政",
     "duties": ["负责退役军人移交安置工作", "负责优抚对象抚恤优待", "负责退役军人就业创业扶持", "负责烈士纪念设施管理"],
     "projects": ["优抚对象抚恤补助经费", "退役军人就业培训经费", "烈士纪念设施维护经费", "走访慰问经费"],
     "acts": [("春节期间走访慰问优抚对象{n}人次", "人次", "走访慰问了多少人次优抚对象", ""),
              ("为{n}名退役军人提供就业培训", "名", "培训了多少名退役军人", "")]},
    {"name": "医疗保障局", "alias": "医保局", "type": "行政",
     "duties": ["负责医疗保险基金监督管理", "负责医疗救助工作", "负责药品和医用耗材招标采购政策落实", "负责医保经办服务"],
     "projects": ["医疗救助资金", "医保基金监管经费", "医保经办服务经费"],
     "acts": [("全年实施医疗救助{n}人次", "人次", "医疗救助了多少人次", ""),
              ("检查定点医药机构{n}家", "家", "检查了多少家定点医药机构", "")]},
    {"name": "发展和改革委员会", "alias": "发改委", "type": "行政",
     "duties": ["拟订并组织实施国民经济和社会发展规划", "负责重大项目谋划和固定资产投资管理", "负责价格监督管理",
                "推进重大改革事项"],
     "projects": ["重大项目前期经费", "价格监测经费", "规划编制经费"],
     "acts": [("全年谋划重大项目{n}个", "个", "谋划了多少个重大项目", ""),
              ("开展价格监测，监测点{n}个", "个", "有几个价格监测点", "")]},
    {"name": "商务局", "alias": None, "type": "行政",
     "duties": ["负责内外贸易和招商引资工作", "负责促进消费工作", "负责电子商务发展", "负责商贸流通行业安全管理"],
     "projects": ["招商引资经费", "促消费活动经费", "电子商务发展专项资金"],
     "acts": [("全年引进项目{n}个", "个", "引进了多少个项目", ""),
              ("组织企业参加展会，参展企业{n}家", "家", "多少家企业参展", "")]},
    {"name": "档案馆", "alias": None, "type": "事业",
     "duties": ["负责接收、征集和保管档案资料", "负责档案信息化建设", "负责档案开放和利用服务"],
     "projects": ["档案数字化经费", "档案库房维护经费", "档案征集经费"],
     "acts": [("全年接待档案查阅利用{n}人次", "人次", "档案查阅接待了多少人次", ""),
              ("完成档案数字化{n}万页", None, None, "")]},
    {"name": "图书馆", "alias": None, "type": "事业",
     "duties": ["负责文献资源的收集、整理和保存", "向社会公众免费开放，提供阅读服务", "组织开展全民阅读活动"],
     "projects": ["图书购置经费", "全民阅读推广经费", "免费开放补助经费"],
     "acts": [("全年接待读者{n}人次", "人次", "接待了多少人次读者", ""),
              ("举办阅读推广活动{n}场", None, None, "")]},
    {"name": "妇女联合会", "alias": "妇联", "type": "群团",
     "duties": ["代表和维护妇女儿童合法权益", "组织开展妇女儿童关爱服务", "推动妇女参与经济社会发展"],
     "projects": ["妇女儿童关爱经费", "“两癌”救助经费", "家庭教育指导经费"],
     "acts": [("开展“两癌”救助，救助困难妇女{n}名", "名", "两癌救助了多少名妇女", ""),
              ("组织家庭教育讲座，服务家庭{n}多名", None, None, "")]},
    {"name": "残疾人联合会", "alias": "残联", "type": "群团",
     "duties": ["代表残疾人共同利益，维护残疾人合法权益", "负责残疾人康复、就业和教育工作", "负责残疾人证办理和管理"],
     "projects": ["残疾人康复经费", "残疾人就业补助", "困难残疾人生活补贴", "重度残疾人护理补贴"],
     "acts": [("为{n}名残疾人提供康复服务", "名", "为多少名残疾人提供了康复服务", ""),
              ("发放困难残疾人生活补贴{n}人次", "人次", "发放残疾人生活补贴多少人次", "")]},
    {"name": "科学技术协会", "alias": "科协", "type": "群团",
     "duties": ["开展科学普及工作", "组织科技工作者开展学术交流", "推动基层科普组织建设"],
     "projects": ["科普活动经费", "学会建设经费", "科技馆运行经费"],
     "acts": [("全年开展科普活动{n}场", None, None, ""),
              ("举办科普讲座，受众{n}人次", "人次", "科普讲座有多少人次参加", "")]},
    {"name": "城市管理和综合执法局", "alias": "城管执法局", "type": "行政",
     "duties": ["负责市容环境卫生管理", "负责城市管理领域综合行政执法", "负责生活垃圾分类管理", "负责户外广告设置管理"],
     "projects": ["环卫作业经费", "垃圾分类经费", "市容整治经费", "执法装备购置经费"],
     "acts": [("全年查处违法建设{n}处", None, None, ""),
              ("配置生活垃圾分类投放点{n}个", "个", "设了多少个垃圾分类投放点", "")]},
    {"name": "机关事务管理局", "alias": "机关事务局", "type": "行政",
     "duties": ["负责区级机关事务管理", "负责公务用车管理", "负责公共机构节能工作", "负责机关办公用房管理"],
     "projects": ["办公用房维修经费", "公务用车平台运行经费", "公共机构节能经费", "机关食堂运行经费"],
     "acts": [("全年保障公务用车出车{n}台次", None, None, ""),
              ("完成节能改造项目{n}个", "个", "完成了几个节能改造项目", "")]},
    {"name": "信访局", "alias": None, "type": "行政",
     "duties": ["负责受理群众来信来访", "负责信访事项的交办、转送和督办", "负责矛盾纠纷排查化解"],
     "projects": ["信访专项经费", "信访信息化建设经费", "矛盾纠纷化解经费"],
     "acts": [("全年受理群众来访{n}人次", "人次", "受理了多少人次来访", ""),
              ("化解信访积案{n}个", "个", "化解了多少个信访积案", "")]},
    {"name": "融媒体中心", "alias": None, "type": "事业",
     "duties": ["负责区内新闻宣传和舆论引导", "负责融媒体平台建设和运营", "负责广播电视节目制作播出"],
     "projects": ["新闻宣传经费", "融媒体平台运维经费", "设备购置经费"],
     "acts": [("全年发布新闻稿件{n}条", None, None, ""),
              ("制作专题宣传片{n}部", None, None, "")]},
    {"name": "疾病预防控制中心", "alias": "疾控中心", "type": "事业",
     "duties": ["负责传染病和慢性病预防控制", "负责免疫规划和预防接种管理", "负责突发公共卫生事件监测和处置"],
     "projects": ["免疫规划经费", "传染病防控经费", "检验检测设备购置经费", "健康教育经费"],
     "acts": [("全年完成疫苗接种{n}人次", "人次", "接种了多少人次", ""),
              ("开展健康教育讲座，受众{n}多名", "名", "健康讲座有多少名群众参加", "多")]},
    {"name": "街道办事处", "alias": None, "type": "行政", "street": True,
     "duties": ["加强党的建设，落实基层党建责任制", "统筹社区发展，参与辖区公共服务设施建设规划",
                "组织实施与居民生活密切相关的社区公共服务", "维护社区平安，化解矛盾纠纷", "指导居委会建设"],
     "projects": ["社区治理专项经费", "就业援助基地补贴", "社区公共服务中心运行经费", "网格化管理经费"],
     "acts": [("辖区共有居民委员会{n}个", "个", "有几个居委会", ""),
              ("社区事务受理中心全年办理事项{n}人次", "人次", "社区事务受理中心办理了多少人次", "")]},
]

PROBLEMS = [
    "预算编制的精准度有待进一步提高",
    "部分项目支出进度偏慢，预算执行率不高",
    "绩效目标设置不够细化量化，部分指标可衡量性不强",
    "财政项目资金存在一定的缺口，依靠历年结余才能维持正常工作的开展",
    "资产管理基础工作较为薄弱，资产台账更新不及时",
    "绩效评价结果运用不够充分，与预算安排的衔接有待加强",
    "内部控制制度执行不到位，部分支出审批手续不够完善",
    "专业人员不足，财务人员多为兼职，业务水平有待提升",
]
MEASURES = [
    "进一步加强预算编制管理，提高预算编制的科学性和准确性",
    "加快项目实施进度，确保资金及时发挥效益",
    "细化量化绩效目标，提高绩效指标的可衡量性",
    "严格执行中央八项规定精神，从严控制“三公”经费支出",
    "健全内部控制制度，规范资金审批流程",
    "加强资产管理，定期开展资产清查盘点",
    "强化绩效评价结果运用，将评价结果作为下年度预算安排的重要依据",
    "加强财务人员业务培训，提升财务管理水平",
]
CHANGE_REASONS_UP = ["人员增资和新招录人员进入", "项目调整", "新增专项工作任务", "机构改革职能划入",
                     "绩效奖金和住房公积金基数调整"]
CHANGE_REASONS_DOWN = ["厉行节约，压减非重点、非刚性支出", "部分项目完成后不再安排", "人员退休减少",
                       "严格落实中央八项规定，控制一般性支出"]
SANGONG_REASONS = ["严格落实中央八项规定，控制“三公”经费支出", "厉行节约，从严控制公务接待和公务用车支出",
                   "按照过紧日子要求，压减一般性支出"]


# ---------------------------------------------------------------------------------------------
# Formatting helpers. Money is carried as integers in units of 100元 (0.01万元) so sums stay exact.
# ---------------------------------------------------------------------------------------------

@dataclass
class Style:
    space: bool = False      # "9759.38 万元" vs "9759.38万元"
    commas: bool = False     # "1,212.12万元"


def wan_str(h: int, st: Style) -> str:
    n = f"{h // 100:,}" if st.commas else str(h // 100)
    return f"{n}.{h % 100:02d}{' ' if st.space else ''}万元"


def pct_parts(part: int, whole: int, decimals: bool) -> tuple[str, float | int]:
    """Percentage text (without %) and its value. Integer arithmetic, round half up."""
    if whole <= 0:
        return ("0.00" if decimals else "0"), 0
    if decimals:
        p = (part * 10000 * 2 + whole) // (2 * whole)
        v = p / 100
        return f"{p // 100}.{p % 100:02d}", (int(v) if v == int(v) else v)
    p = (part * 100 * 2 + whole) // (2 * whole)
    return str(p), p


@dataclass
class Figure:
    key: str
    value: int | float
    unit: str
    value_text: str
    phrase: str          # what the question asks about, e.g. "基本支出"


@dataclass
class Report:
    title: str
    region: str
    org: str
    year: int
    kind: str
    lines: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    passages: list[tuple[str, str]] = field(default_factory=list)   # (question phrase, text)

    def fig(self, key: str, value, unit: str, text: str, phrase: str) -> str:
        if all(f.key != key for f in self.figures):
            self.figures.append(Figure(key, value, unit, text, phrase))
        return text

    def money(self, key: str | None, h: int, st: Style, phrase: str = "") -> str:
        t = wan_str(h, st)
        if key:
            self.fig(key, h * 100, "元", t, phrase)
        return t

    def pct(self, key: str | None, part: int, whole: int, st: Style, phrase: str = "", decimals: bool = True) -> str:
        s, v = pct_parts(part, whole, decimals)
        t = f"{s}{' ' if st.space else ''}%"
        if key:
            self.fig(key, v, "%", f"{s}%" if not st.space else t, phrase)
        return t

    @property
    def text(self) -> str:
        return "\n".join([self.title] + self.lines) + "\n"


def split(rng: random.Random, total: int, n: int) -> list[int]:
    """Split integer total into n non-negative parts."""
    if n == 1:
        return [total]
    cuts = sorted(rng.randint(0, total) for _ in range(n - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


# ---------------------------------------------------------------------------------------------
# Department state: deterministic per (seed, region, org, year, kind), independent of N and order,
# so "较上年" figures of one report match the previous year's report of the same kind.
# ---------------------------------------------------------------------------------------------

@dataclass
class Dept:
    city: str
    region: str
    org: dict
    name: str             # org display name, e.g. "财政局" or "万里街道办事处"

    @property
    def full(self) -> str:
        return f"{self.region}{self.name}"


def dept_base(seed: int, d: Dept) -> dict:
    r = random.Random(f"{seed}|base|{d.region}|{d.name}")
    small = d.org["type"] == "群团" or r.random() < 0.3
    staff = r.randint(4, 25) if small else r.randint(15, 160)
    return {"staff": staff, "pay": r.uniform(13.0, 24.0), "pubshare": r.uniform(0.08, 0.3),
            "projmul": r.uniform(0.2, 2.5), "retired": r.randint(0, max(1, staff // 3)),
            "inner": r.randint(1, 3) if small else r.randint(3, 12), "subunits": r.randint(0, 6),
            "sangong": r.randint(0, 3000) if not small else r.randint(0, 600)}


def year_state(seed: int, d: Dept, year: int, kind: str, base: dict) -> dict:
    r = random.Random(f"{seed}|year|{d.region}|{d.name}|{year}|{kind}")
    staff = max(3, base["staff"] + r.randint(-2, 2) + (year - 2019) // 3)
    actual = max(2, staff - r.randint(0, max(1, staff // 8)))
    pay = base["pay"] * (1.03 ** (year - 2019)) * r.uniform(0.96, 1.06)
    personnel = int(actual * pay * 100)          # money in 100元 units (0.01万元)
    public = max(100, int(personnel * base["pubshare"] * r.uniform(0.85, 1.15)))
    project = int((personnel + public) * base["projmul"] * r.uniform(0.75, 1.3))
    sg = int(base["sangong"] * r.uniform(0.6, 1.2))
    abroad = 0 if r.random() < 0.85 else r.randint(1, max(1, sg // 4))
    car_buy = 0 if r.random() < 0.85 else r.randint(1000, 3000)
    rest = max(0, sg - abroad)
    reception = r.randint(0, rest // 3) if rest else 0
    car_run = rest - reception
    return {"staff": staff, "actual": actual, "personnel": personnel, "public": public, "basic": personnel + public,
            "project": project, "total": personnel + public + project, "abroad": abroad, "car_buy": car_buy,
            "car_run": car_run, "reception": reception, "sangong": abroad + car_buy + car_run + reception,
            "retired": max(0, base["retired"] + r.randint(-1, 2)), "temp": r.randint(0, max(1, staff // 5)),
            "inner": base["inner"], "subunits": base["subunits"], "cars": r.randint(0, 8),
            "orgrun": int(public * r.uniform(0.7, 0.95)) if d.org["type"] != "事业" else 0,
            "business_income": 0 if d.org["type"] != "事业" else int((personnel + public) * r.uniform(0.05, 0.4)),
            "proc": int(project * r.uniform(0.05, 0.6)), "score": round(r.uniform(85, 99.5), 1)}


def change_text(rep: Report, key: str | None, cur: int, prev: int, st: Style, label: str, phrase: str) -> str:
    diff = cur - prev
    if diff == 0:
        return f"与{label}持平"
    word = "增加" if diff > 0 else "减少"
    return f"较{label}{word}{rep.money(key, abs(diff), st, phrase.replace('变化', word))}"


def duty_lines(rng: random.Random, d: Dept, numbered: str) -> tuple[list[str], str]:
    duties = list(d.org["duties"])
    k = max(2, len(duties) - rng.randint(0, 1))
    chosen = duties[:k]
    out = []
    for i, t in enumerate(chosen, 1):
        if numbered == "cn":
            out.append(f"（{'一二三四五六七八'[i - 1]}）{t}。")
        else:
            out.append(f"{i}.{t}。")
    out.append(f"{len(chosen) + 1}.完成区委、区政府交办的其他任务。" if numbered != "cn"
               else f"（{'一二三四五六七八九'[len(chosen)]}）完成区委、区政府交办的其他任务。")
    return out, rng.choice(chosen)


# ---------------------------------------------------------------------------------------------
# Report writers
# ---------------------------------------------------------------------------------------------

def is_unit_budget(d: Dept) -> bool:
    return d.org["type"] == "事业"


def make_title(d: Dept, year: int, kind: str) -> str:
    sh = "上海市" if d.city == "上海市" else ""
    if kind == "budget":
        return f"{sh}{d.full}{year}年{'单位' if is_unit_budget(d) else '部门'}预算"
    if kind == "final":
        return f"{sh}{d.full}{year}年度部门决算"
    return f"{d.full}{year}年度部门整体支出绩效评价报告"


def write_budget(seed: int, d: Dept, year: int, base: dict) -> Report:
    title = make_title(d, year, "budget")
    rep = Report(title, d.region, d.name, year, "budget")
    r = random.Random(f"{seed}|rep|{title}")
    st = Style(space=r.random() < 0.25, commas=r.random() < 0.4)
    s = year_state(seed, d, year, "budget", base)
    p = year_state(seed, d, year - 1, "budget", base)
    unit = "单位" if is_unit_budget(d) else "部门"
    sh = "上海市" if d.city == "上海市" else d.city
    L = rep.lines
    L.append(f"预算{'单位' if unit == '单位' else '主管部门'}：{sh}{d.full}")
    L.append("目 录")
    L += [f"一、{unit}主要职能", f"二、{unit}机构设置", "三、名词解释", f"四、{unit}预算编制说明", f"五、{unit}预算表",
          "六、其他相关情况说明"]
    L.append(f"一、{unit}主要职能")
    L.append(f"{sh}{d.full}是{d.region}{'人民政府工作部门' if d.org['type'] == '行政' else '所属单位'}，主要职能包括：")
    dl, duty = duty_lines(r, d, "num")
    L += dl
    rep.passages.append(("主要职能有哪些", duty))
    L.append(f"二、{unit}机构设置")
    if s["subunits"]:
        L.append(f"{sh}{d.full}{unit}预算包括本级以及下属{s['subunits']}家预算单位的综合收支计划。")
        rep.fig("subunits", s["subunits"], "家", f"{s['subunits']}家", "下属预算单位有几家")
    else:
        L.append(f"{sh}{d.full}{unit}预算为本级预算，无下属预算单位。")
    L.append(f"本{unit}设{s['inner']}个内设机构。")
    L.append("三、名词解释")
    L.append("（一）基本支出预算：是预算单位为保障其机构正常运转、完成日常工作任务而编制的年度基本支出计划，包括人员经费和公用经费两部分。")
    L.append("（二）项目支出预算：是预算单位为完成行政工作任务、事业发展目标或政府发展战略、特定目标，在基本支出之外编制的年度支出计划。")
    L.append("（三）“三公”经费：是使用财政拨款安排的因公出国（境）费、公务用车购置及运行费、公务接待费。")
    L.append("（四）机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。")
    L.append(f"四、{year}年{unit}预算编制说明")
    fiscal = s["total"] - s["business_income"]
    pfiscal = p["total"] - p["business_income"]
    income = s["total"]
    L.append(f"{year}年，{sh}{d.full}收入预算{rep.money('income', income, st, '收入预算')}，其中：财政拨款收入"
             f"{rep.money('fiscal_income', fiscal, st, '财政拨款收入预算')}，"
             f"{change_text(rep, None, fiscal, pfiscal, st, f'{year - 1}年预算', '')}；"
             f"事业收入{rep.money('business_income' if s['business_income'] else None, s['business_income'], st, '事业收入预算')}；"
             f"事业单位经营收入{wan_str(0, st)}；其他收入{wan_str(0, st)}。")
    L.append(f"支出预算{wan_str(income, st)}，其中：基本支出{rep.money('basic', s['basic'], st, '基本支出预算')}，"
             f"占{rep.pct(None, s['basic'], income, st)}；项目支出{rep.money('project', s['project'], st, '项目支出预算')}，"
             f"占{rep.pct(None, s['project'], income, st)}。")
    L.append(f"基本支出中，人员经费{rep.money('personnel', s['personnel'], st, '人员经费预算')}，"
             f"日常公用经费{rep.money('public', s['public'], st, '日常公用经费预算')}。")
    reason = r.choice(CHANGE_REASONS_UP if fiscal >= pfiscal else CHANGE_REASONS_DOWN)
    L.append(f"财政拨款收入支出{'增加' if fiscal >= pfiscal else '减少'}的主要原因是{reason}。")
    rep.passages.append(("财政拨款收入支出变化的主要原因是什么", reason))
    L.append(f"五、{unit}预算表")
    L.append(f"（预算表略，详见{year}年{unit}财务收支预算总表、收入预算总表、支出预算总表等。）")
    L.append("六、其他相关情况说明")
    L.append("（一）“三公”经费预算情况说明")
    sg_change = change_text(rep, None, s["sangong"], p["sangong"], st, f"{year - 1}年预算", "")
    L.append(f"{year}年“三公”经费预算数为{rep.money('sangong', s['sangong'], st, '三公经费预算数')}，"
             f"{sg_change.replace('较', '比')}。其中：")
    L.append(f"（一）、因公出国（境）费{rep.money('abroad' if s['abroad'] else None, s['abroad'], st, '因公出国（境）费预算')}。")
    L.append(f"（二）、公务车购置及运行费{wan_str(s['car_buy'] + s['car_run'], st)}，其中：公务用车购置费"
             f"{wan_str(s['car_buy'], st)}；公务用车运行费{rep.money('car_run' if s['car_run'] else None, s['car_run'], st, '公务用车运行费预算')}。")
    L.append(f"（三）、公务接待费{rep.money('reception' if s['reception'] else None, s['reception'], st, '公务接待费预算')}。")
    if s["orgrun"]:
        L.append("（二）机关运行经费预算")
        L.append(f"{year}年{sh}{d.full}财政拨款的机关运行经费预算为{rep.money('orgrun', s['orgrun'], st, '机关运行经费预算')}。")
    L.append("（三）政府采购情况")
    goods, works, serv = split(r, s["proc"], 3)
    L.append(f"{year}年本{unit}政府采购预算{rep.money('proc', s['proc'], st, '政府采购预算')}，其中：政府采购货物预算"
             f"{wan_str(goods, st)}、政府采购工程预算{wan_str(works, st)}、政府采购服务预算{wan_str(serv, st)}。")
    nproj = r.randint(2, 40)
    L.append("（四）绩效目标设置情况")
    L.append(f"按照本区预算绩效管理工作的总体要求，本{unit}开展了{year}年项目预算绩效目标编报工作，编报绩效目标的项目"
             f"{rep.fig('perf_projects', nproj, '个', f'{nproj}个', '编报绩效目标的项目有几个')}，涉及项目预算资金"
             f"{wan_str(s['project'], st)}。")
    L.append("（五）国有资产占有情况")
    L.append(f"截止{year - 1}年12月31日，本{unit}共有车辆{s['cars']}辆，单价50万元以上通用设备0台/套。")
    return rep


def write_final(seed: int, d: Dept, year: int, base: dict) -> Report:
    title = make_title(d, year, "final")
    rep = Report(title, d.region, d.name, year, "final")
    r = random.Random(f"{seed}|rep|{title}")
    st = Style(space=r.random() < 0.6, commas=r.random() < 0.2)
    s = year_state(seed, d, year, "final", base)
    p = year_state(seed, d, year - 1, "final", base)
    sh = "上海市" if d.city == "上海市" else ""
    name = f"{sh}{d.full}"
    L = rep.lines
    L += ["目 录", f"第一部分 {name}概况", "一、主要职能", "二、部门决算单位构成",
          f"第二部分 {name}{year}年度部门决算情况说明", "第三部分 名词解释"]
    L.append(f"第一部分 {name}概况")
    L.append("一、主要职能")
    dl, duty = duty_lines(r, d, "num")
    L += dl
    rep.passages.append(("主要职能有哪些", duty))
    L.append("二、部门决算单位构成")
    L.append(f"从预算单位构成看，{name}部门决算包括：{name}本级决算" +
             (f"、下属{s['subunits']}家行政事业单位决算。" if s["subunits"] else "。"))
    if s["subunits"]:
        rep.fig("subunits", s["subunits"], "家", f"{s['subunits']}家", "下属单位有几家")
    L.append(f"第二部分 {name}{year}年度部门决算情况说明")
    L.append("一、收入支出决算总体情况说明")
    income = s["total"] - r.randint(0, max(1, s["total"] // 200))
    pincome = p["total"]
    L.append(f"{year}年度收入总计{wan_str(income, st)}、支出总计{wan_str(s['total'], st)}。与{year - 1}年度相比，"
             f"收入、支出总计{'增加' if s['total'] >= pincome else '减少'}"
             f"{rep.money('total_change', abs(s['total'] - pincome), st, '支出总计较上年增加' if s['total'] >= pincome else '支出总计较上年减少')}，"
             f"{'增长' if s['total'] >= pincome else '下降'}{rep.pct(None, abs(s['total'] - pincome), max(1, pincome), st)}。"
             f"主要原因：{r.choice(CHANGE_REASONS_UP if s['total'] >= pincome else CHANGE_REASONS_DOWN)}。")
    L.append("二、收入决算情况说明")
    L.append(f"本年收入合计{' ' if st.space else ''}{rep.money('income', income, st, '本年收入合计')}，其中：财政拨款收入"
             f"{' ' if st.space else ''}{rep.money('fiscal_income', income - s['business_income'], st, '财政拨款收入')}，"
             f"占 {pct_parts(income - s['business_income'], income, True)[0]}%。")
    L.append("三、支出决算情况说明")
    L.append(f"本年支出合计 {rep.money('total', s['total'], st, '本年支出合计')}，其中：基本支出 "
             f"{rep.money('basic', s['basic'], st, '基本支出决算')}，占 {rep.pct('basic_pct', s['basic'], s['total'], Style(), '基本支出占本年支出的比例')}；"
             f"项目支出 {rep.money('project', s['project'], st, '项目支出决算')}，占 {pct_parts(s['project'], s['total'], True)[0]}%。")
    L.append("四、一般公共预算财政拨款基本支出决算情况说明")
    L.append(f"一般公共预算财政拨款基本支出 {wan_str(s['basic'], st)}。其中：人员经费 "
             f"{rep.money('personnel', s['personnel'], st, '人员经费决算')}，主要包括：基本工资、津贴补贴、奖金、绩效工资、"
             f"机关事业单位基本养老保险缴费、职业年金缴费、住房公积金、退休费等；公用经费 "
             f"{rep.money('public', s['public'], st, '公用经费决算')}，主要包括：办公费、水费、电费、邮电费、物业管理费、差旅费、"
             f"维修（护）费、培训费、公务接待费、工会经费、福利费等。")
    L.append("五、财政拨款“三公”经费支出决算情况说明")
    budget_sg = s["sangong"] + r.randint(0, max(1, s["sangong"] // 3)) if s["sangong"] else r.randint(0, 300)
    reason = r.choice(SANGONG_REASONS)
    L.append(f"“三公”经费财政拨款支出年初预算为 {rep.money('sangong_budget', budget_sg, st, '三公经费年初预算') if budget_sg else wan_str(0, st)}，"
             f"支出决算为 {rep.money('sangong', s['sangong'], st, '三公经费支出决算')}，完成预算的 "
             f"{pct_parts(s['sangong'], budget_sg, True)[0] if budget_sg else '0.00'}%，其中：因公出国（境）费决算为 "
             f"{wan_str(s['abroad'], st)}；公务用车购置及运行维护费支出决算为 {wan_str(s['car_buy'] + s['car_run'], st)}；"
             f"公务接待费支出决算为 {rep.money('reception' if s['reception'] else None, s['reception'], st, '公务接待费支出决算')}。"
             f"{year}年度“三公”经费支出决算数小于预算数的主要原因：{reason}。")
    rep.passages.append(("三公经费决算数小于预算数的主要原因", reason))
    batches = r.randint(0, 20) if s["reception"] else 0
    if batches:
        persons = batches * r.randint(3, 15)
        L.append(f"国内公务接待支出主要用于接待上级部门及外省市单位调研学习及考察，列明公务接待 {batches} 批次、"
                 f"{rep.fig('reception_persons', persons, '人次', f'{persons} 人次', '公务接待了多少人次')}。")
    L.append(f"{year}年，{name}所属各预算单位开支财政拨款的公务用车保有量为 {s['cars']} 辆。")
    L.append("六、政府性基金预算财政拨款收入支出决算情况说明")
    L.append(f"{name}{year}年度无政府性基金预算财政拨款收入和支出。")
    L.append("七、预算绩效管理情况")
    nproj = r.randint(2, 45)
    score = s["score"]
    L.append(f"编报绩效目标的{year}年度项目{rep.fig('perf_projects', nproj, '个', f'{nproj}个', '编报绩效目标的项目有几个')}，"
             f"涉及预算金额{wan_str(s['project'], st)}；绩效自评平均得分{rep.fig('score', score, '分', f'{score}分', '绩效自评平均得分')}。")
    L.append("八、其他重要事项的情况说明")
    if s["orgrun"]:
        porgrun = p["orgrun"] or s["orgrun"]
        L.append("（一）机关运行经费支出情况")
        L.append(f"机关运行经费支出 {rep.money('orgrun', s['orgrun'], st, '机关运行经费支出')}，比 {year - 1} 年度"
                 f"{'增加' if s['orgrun'] >= porgrun else '减少'} {wan_str(abs(s['orgrun'] - porgrun), st)}。"
                 f"主要原因是严格落实中央八项规定，控制机关运行成本。")
    goods, works, serv = split(r, s["proc"], 3)
    L.append("（二）政府采购支出情况")
    L.append(f"{name} {year} 年度政府采购金额（以合同签订为准）为 {rep.money('proc', s['proc'], st, '政府采购金额')}，"
             f"其中：货物采购金额 {wan_str(goods, st)}、工程采购金额 {wan_str(works, st)}、服务采购金额 {wan_str(serv, st)}。")
    L.append("（三）国有资产占有使用情况说明")
    L.append(f"截至 {year} 年 12 月 31 日，{name}共有车辆 {s['cars']} 辆，单价 100 万元（含）以上设备（不含车辆）0 台（套）。")
    L.append("第三部分 名词解释")
    L.append("一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。")
    L.append("二、基本支出：指单位为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。")
    L.append("三、项目支出：指单位在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。")
    L.append("四、机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。")
    return rep


CN_NUM = "一二三四五六七八九十"


def write_perf(seed: int, d: Dept, year: int, base: dict) -> Report:
    title = make_title(d, year, "perf")
    rep = Report(title, d.region, d.name, year, "perf")
    r = random.Random(f"{seed}|rep|{title}")
    st = Style(space=r.random() < 0.15)
    s = year_state(seed, d, year, "perf", base)
    p = year_state(seed, d, year - 1, "perf", base)
    L = rep.lines
    L.append("根据《中共中央 国务院关于全面实施预算绩效管理的意见》的文件精神，我单位对部门整体支出进行了绩效评价，现报告如下：")
    L.append("一、部门（单位）基本情况")
    L.append("（一）部门职能职责")
    L.append(f"{d.full}的主要工作职责是：")
    dl, duty = duty_lines(r, d, "cn")
    L += dl
    rep.passages.append(("主要职责有哪些", duty))
    L.append("（二）机构设置情况")
    kind = {"行政": "行政单位", "事业": "全额拨款的事业单位", "群团": "全额拨款的群团组织"}[d.org["type"]]
    L.append(f"{d.full}是{kind}，根据编办核定，我单位内设股室"
             f"{rep.fig('inner', s['inner'], '个', str(s['inner']) + '个', '内设几个股室')}。")
    L.append("（三）人员编制情况")
    xz = s["staff"] if d.org["type"] == "行政" else r.randint(0, s["staff"] // 3)
    sy = s["staff"] - xz
    sp = " " if r.random() < 0.4 else ""
    staff_t = f"{s['staff']}人"
    actual_t = f"{s['actual']}{sp}人"
    retired_t = f"{s['retired']}{sp}人"
    temp_t = f"{s['temp']}{sp}人"
    L.append(f"编办核定编制人数{rep.fig('staff', s['staff'], '人', staff_t, '编制人数')}，其中：行政编制{xz}人，"
             f"全额事业编制{sy}人，差额事业编制{sp}0{sp}人，自收自支事业编制{sp}0{sp}人，{year}年末实际在岗在编人数{sp}"
             f"{rep.fig('actual', s['actual'], '人', actual_t, '实际在岗在编人数')}，"
             f"退休人员{sp}{rep.fig('retired', s['retired'], '人', retired_t, '退休人员')}，"
             f"临聘人员{sp}{rep.fig('temp', s['temp'], '人', temp_t, '临聘人员')}，"
             f"现有公务用车{s['cars']}台。")
    L.append("二、一般公共预算支出情况")
    L.append(f"{year}年部门整体支出为{rep.money('total', s['total'], st, '部门整体支出')}，使用方向为基本支出和项目支出。")
    L.append("（一）基本支出情况")
    diff = s["basic"] - p["basic"]
    chg = (f"较上年{'增加' if diff > 0 else '减少'}{rep.money('basic_change', abs(diff), st, '基本支出较上年增加' if diff > 0 else '基本支出较上年减少')}"
           if diff else "与上年持平")
    pers_pct_s, _ = pct_parts(s["personnel"], s["basic"], False)
    pub_pct = 100 - int(pers_pct_s)
    pub_diff = s["public"] - p["public"]
    pub_chg_pct = pct_parts(abs(pub_diff), max(1, p["public"]), False)[0]
    L.append(f"基本支出系保障单位机构正常运转、完成日常工作任务而发生的各项支出，包括用于在职和离退休人员基本工资、津贴补贴等人员经费"
             f"以及办公费、印刷费、水电费、办公设备购置等日常公用经费。{year}年基本支出{rep.money('basic', s['basic'], st, '基本支出')}，{chg}。"
             f"基本支出中人员经费{rep.money('personnel', s['personnel'], st, '人员经费')}，占基本支出的"
             f"{rep.fig('personnel_pct', int(pers_pct_s), '%', pers_pct_s + '%', '人员经费占基本支出的比例')}。"
             f"日常公用经费{rep.money('public', s['public'], st, '日常公用经费')}，占基本支出的{pub_pct}%，较上年"
             f"{'增长' if pub_diff >= 0 else '下降'}"
             f"{rep.fig('public_change_pct', int(pub_chg_pct), '%', pub_chg_pct + '%', '日常公用经费较上年增长' if pub_diff >= 0 else '日常公用经费较上年下降')}，"
             f"主要原因是{r.choice(CHANGE_REASONS_UP if pub_diff >= 0 else CHANGE_REASONS_DOWN)}。")
    if s["sangong"]:
        L.append(f"{year}年“三公”经费支出{rep.money('sangong', s['sangong'], st, '三公经费支出')}，其中公务接待费"
                 f"{wan_str(s['reception'], st)}，公务用车运行维护费{wan_str(s['car_run'] + s['car_buy'], st)}。")
    else:
        L.append(f"{year}年无“三公”经费支出。")
    L.append("（二）项目支出情况")
    projects = list(d.org["projects"])
    r.shuffle(projects)
    k = min(len(projects), r.randint(2, 4))
    parts = [x + 1 for x in split(r, s["project"] - k, k)]
    items = []
    for i, (pn, amt) in enumerate(zip(projects[:k], parts)):
        if amt < 10000 and r.random() < 0.5 and amt > 0:
            # small amounts are often written in 元
            yuan = amt * 100 + r.randint(0, 99)
            t = rep.fig(f"proj{i}", yuan, "元", f"{yuan}元", pn)
        elif amt % 100 == 0 or r.random() < 0.3:
            amt_w = max(1, amt // 100)
            t = rep.fig(f"proj{i}", amt_w * 10000, "元", f"{amt_w}{' ' if st.space else ''}万元", pn)
        else:
            t = rep.money(f"proj{i}", amt, st, pn)
        items.append(f"{i + 1}.{pn}{t}")
    L.append(f"项目支出{wan_str(s['project'], st)}，主要用于：" + "；".join(items) + "。")
    L.append("三、部门整体支出绩效情况")
    acts = list(d.org["acts"]) + _GENERIC_ACTS
    chosen = [a for a in acts if r.random() < 0.7][:4] or acts[:1]
    for i, (tmpl, unit, phrase, style) in enumerate(chosen):
        n = r.randint(3, 60) if unit in ("个", "家", None) else r.randint(20, 3000)
        m = r.randint(2, 50)
        if unit == "万余元":
            sent = tmpl.format(n=n, m=m)
            rep.fig(f"act{i}", n * 10000, "元", f"{n}万余元", phrase)
        elif style == "多":
            n = (n // 10) * 10 or 10
            sent = tmpl.format(n=n, m=m)
            if unit:
                rep.fig(f"act{i}", n, unit, f"{n}多{unit}", phrase)
        else:
            sent = tmpl.format(n=n, m=m)
            if unit:
                rep.fig(f"act{i}", n, unit, f"{n}{unit}", phrase)
        L.append(f"{'一二三四五'[i]}是{sent}。")
    L.append("四、存在的问题")
    probs = r.sample(PROBLEMS, 2)
    L += [f"（{CN_NUM[i]}）{t}。" for i, t in enumerate(probs)]
    rep.passages.append(("存在的问题有哪些", probs[0]))
    L.append("五、改进措施")
    meas = r.sample(MEASURES, 2)
    L += [f"（{CN_NUM[i]}）{t}。" for i, t in enumerate(meas)]
    rep.passages.append(("下一步改进措施是什么", meas[0]))
    L.append("六、绩效评价结论")
    grade = "优" if s["score"] >= 90 else "良"
    score_t = f"{s['score']}分"
    L.append(f"经综合评价，{d.full}{year}年度部门整体支出绩效自评得分"
             f"{rep.fig('score', s['score'], '分', score_t, '绩效自评得分')}，评价等级为“{grade}”。")
    return rep


WRITERS = {"budget": write_budget, "final": write_final, "perf": write_perf}


# ---------------------------------------------------------------------------------------------
# Questions
# ---------------------------------------------------------------------------------------------

KIND_WORD = {"budget": "预算", "final": "决算", "perf": "绩效评价"}
ASK = ["是多少", "多少", "有多少", "是多少钱", "为多少"]


def region_forms(regions: list[str]) -> dict[str, list[str]]:
    """Full name always; short name (without 区) only if it is not part of another region's name."""
    out = {}
    for rg in regions:
        forms = [rg]
        if rg.endswith("区"):
            short = rg[:-2] if rg.endswith("新区") else rg[:-1]
            if len(short) >= 2 and not any(short in o for o in regions if o != rg):
                forms.append(short)
        out[rg] = forms
    return out


def dept_phrase(rng: random.Random, rep_region: str, org: dict, name: str, forms: dict, city: str) -> str:
    rg = rng.choice(forms[rep_region])
    if city == "上海市" and rg == rep_region and rng.random() < 0.2:
        rg = "上海市" + rg
    nm = name
    if org.get("alias") and not org.get("street") and rng.random() < 0.35:
        nm = org["alias"]
    return rg + nm


PERF_ONLY = ("staff", "actual", "retired", "temp", "inner", "personnel_pct", "public_change_pct", "basic_change")


def figure_question(rng: random.Random, rep: Report, f: Figure, who: str) -> str:
    y = f"{rep.year}年" if rng.random() < 0.8 else f"{rep.year}年度"
    phrase = f.phrase
    if any(w in phrase for w in ("多少", "几", "哪些")):
        tail = ""
    elif "较上年" in phrase:
        tail = rng.choice(["多少", "了多少"])
    elif f.unit == "%":
        tail = rng.choice(["是多少", "多少", "是百分之几"])
    elif f.unit == "元":
        tail = rng.choice(["是多少", "多少", "有多少", "是多少钱", "为多少"])
    else:
        tail = rng.choice(["是多少", "多少", "有多少"])
    simple = not any(w in phrase for w in ("较", "占", "几", "多少", "比例", "得分", "有"))
    # the kind hint lets budget / final / performance reports of one department-year be told apart
    if rep.kind == "perf":
        perf_only = f.key in PERF_ONLY or f.key.startswith(("act", "proj"))
        prefix = "" if perf_only and rng.random() < 0.4 else rng.choice(
            ["绩效评价报告中", "绩效报告里", "整体支出绩效评价中"])
        if phrase == "编制人数" and rng.random() < 0.5:
            return f"{who}{y}{prefix}编制多少人"
        if phrase == "退休人员" and rng.random() < 0.5:
            return f"{who}{y}{prefix}有几个退休人员"
        if phrase == "基本支出" and rng.random() < 0.3:
            return f"{who}{y}{prefix}基本支出花了多少钱"
        return f"{who}{y}{prefix}{phrase}{tail}"
    word = "预算" if rep.kind == "budget" else "决算"
    if word in phrase:
        return f"{who}{y}{phrase}{tail}"
    if simple and rng.random() < 0.7:
        return f"{who}{y}{phrase}{word}{tail}"
    prefix = rng.choice([f"{word}中", f"部门{word}中", f"{word}报告里"])
    return f"{who}{y}{prefix}{phrase}{tail}"


FALSE_PHRASES = ["基本支出是多少", "三公经费预算数是多少", "编制多少人", "项目支出多少", "人员经费是多少",
                 "机关运行经费是多少", "政府采购预算多少", "收入预算是多少", "退休人员有几个", "日常公用经费多少"]


def build(n: int, seed: int = 42, questions_per_report: int = 2, max_questions: int = 1000):
    """Return (reports, questions). Each question dict may carry private keys starting with "_"."""
    rng = random.Random(f"{seed}|corpus")
    depts: list[Dept] = []
    for i, (city, region) in enumerate(REGIONS):
        for org in ORGS:
            name = f"{STREETS[i % len(STREETS)]}街道办事处" if org.get("street") else org["name"]
            depts.append(Dept(city, region, org, name))
    capacity = len(depts) * len(YEARS) * len(KINDS)
    if n > capacity:
        raise ValueError(f"N={n} exceeds the {capacity} distinct department/year/kind combinations")
    nd = min(len(depts), max(1, math.ceil(n / 5)))
    while nd * len(YEARS) * len(KINDS) < n:
        nd = min(len(depts), nd * 2)
    chosen = rng.sample(depts, nd)
    pool = [(di, y, k) for di in range(nd) for y in YEARS for k in KINDS]
    picks = sorted(rng.sample(pool, n))
    bases = {}
    reports: list[Report] = []
    meta: list[Dept] = []
    for di, y, k in picks:
        d = chosen[di]
        if di not in bases:
            bases[di] = dept_base(seed, d)
        reports.append(WRITERS[k](seed, d, y, bases[di]))
        meta.append(d)

    # ---- questions
    qr = random.Random(f"{seed}|questions")
    forms = region_forms([rg for _, rg in REGIONS])
    weights = {"basic": 5, "sangong": 5, "staff": 5, "personnel": 3, "project": 3, "public": 3, "orgrun": 3,
               "retired": 3, "income": 3, "total": 3, "proc": 2, "fiscal_income": 2}
    answerable = []
    for rep, d in zip(reports, meta):
        figs = list(rep.figures)
        k = min(questions_per_report, len(figs))
        passage = questions_per_report > 0 and rep.passages and qr.random() < 0.2
        if passage:
            k -= 1
        chosen_f: list[Figure] = []
        while len(chosen_f) < k and figs:
            w = [weights.get(f.key, 1) for f in figs]
            f = qr.choices(figs, weights=w)[0]
            figs.remove(f)
            chosen_f.append(f)
        for f in chosen_f:
            who = dept_phrase(qr, rep.region, d.org, d.name, forms, d.city)
            answerable.append({"q": figure_question(qr, rep, f, who), "doc": rep.title, "value": f.value,
                               "unit": f.unit, "year": rep.year, "value_text": f.value_text})
        if passage:
            qphrase, text = qr.choice(rep.passages)
            who = dept_phrase(qr, rep.region, d.org, d.name, forms, d.city)
            hint = {"budget": f"{rep.year}年{'单位' if is_unit_budget(d) else '部门'}预算中",
                    "final": f"{rep.year}年度部门决算中", "perf": f"{rep.year}年度绩效评价报告中"}[rep.kind]
            answerable.append({"q": f"{who}{hint}{qphrase}", "doc": rep.title, "text": text})
    total = min(max_questions, len(answerable) + math.ceil(len(answerable) / 9))
    n_false = round(total * 0.1) if total >= 2 else 0
    n_ans = min(len(answerable), total - n_false)
    idx = sorted(qr.sample(range(len(answerable)), n_ans))
    questions = [answerable[i] for i in idx]

    present: dict[tuple[str, str], set[int]] = {}
    for rep in reports:
        present.setdefault((rep.region, rep.org), set()).add(rep.year)
    gen_depts = [chosen[i] for i in sorted({di for di, _, _ in picks})]
    for _ in range(n_false):
        if qr.random() < 0.8:
            d = qr.choice(gen_depts)
        else:   # a department with no report at all: same region as a generated one, other organisation
            d0 = qr.choice(gen_depts)
            others = [x for x in depts if x.region == d0.region and (x.region, x.name) not in present]
            d = qr.choice(others) if others else d0
        have = present.get((d.region, d.name), set())
        missing = [y for y in YEARS if y not in have] or [2018]
        y = qr.choice(missing)
        who = dept_phrase(qr, d.region, d.org, d.name, forms, d.city)
        questions.append({"q": f"{who}{y}年{qr.choice(FALSE_PHRASES)}", "found": False,
                          "_region": d.region, "_org": d.name, "_year": y})
    qr.shuffle(questions)
    return reports, questions


def write(out_dir: str, reports: list[Report], questions: list[dict], questions_path: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    for rep in reports:
        with open(os.path.join(out_dir, rep.title + ".txt"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(rep.text)
    qdir = os.path.dirname(os.path.abspath(questions_path))
    os.makedirs(qdir, exist_ok=True)
    with open(questions_path, "w", encoding="utf-8", newline="\n") as fh:
        for q in questions:
            fh.write(json.dumps({k: v for k, v in q.items() if not k.startswith("_")}, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Write N synthetic Chinese budget/final-accounts/performance reports (UTF-8 .txt, title on the "
                    "first line, file name = title + .txt) into OUT_DIR, plus a question set in the eval format "
                    "(figure, passage and found:false questions; figure questions carry an extra 'value_text' "
                    "field with the figure as written in the report).",
        epilog="example: python scripts/make_corpus.py 1000 /tmp/corpus1k --seed 42 "
               "--questions /tmp/corpus1k_qa.jsonl --questions-per-report 2 --max-questions 500",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("n", metavar="N", type=int, help="number of reports to write")
    ap.add_argument("out_dir", metavar="OUT_DIR", help="directory for the .txt reports (created if missing)")
    ap.add_argument("--seed", type=int, default=42, help="random seed; same seed and arguments give identical files")
    ap.add_argument("--questions", metavar="FILE", default=None,
                    help="where to write the question set (default: OUT_DIR/questions.jsonl)")
    ap.add_argument("--questions-per-report", type=int, default=2, help="candidate questions drawn per report")
    ap.add_argument("--max-questions", type=int, default=1000,
                    help="cap on the total number of questions (deterministic sample; ~10%% are found:false)")
    a = ap.parse_args(argv)
    if a.n < 1:
        ap.error("N must be at least 1")
    if a.questions_per_report < 0 or a.max_questions < 0:
        ap.error("--questions-per-report and --max-questions must be non-negative")
    try:
        reports, questions = build(a.n, a.seed, a.questions_per_report, a.max_questions)
    except ValueError as e:
        ap.error(str(e))
    qpath = a.questions or os.path.join(a.out_dir, "questions.jsonl")
    write(a.out_dir, reports, questions, qpath)
    print(f"wrote {len(reports)} reports to {a.out_dir} and {len(questions)} questions to {qpath}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
