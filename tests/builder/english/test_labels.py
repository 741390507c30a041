"""English labels: composed from the glossary, CC-CEDICT and pinyin, in the form each class takes."""

from __future__ import annotations

import jieba
import pytest

from policykg.graph_builder.english.labels import Source, english_label, label_origins
from policykg.graph_builder.english.segment import glossary_cover

# (Chinese, ontology class, expected English). Most rows come from plans other than the bundled one.
LABELS = [
    # laboratories and research institutions
    ("泉城实验室", "Laboratory", "Quancheng Laboratory"),
    ("之江实验室", "Laboratory", "Zhijiang Laboratory"),
    ("崂山实验室", "Laboratory", "Laoshan Laboratory"),
    ("广州实验室", "Laboratory", "Guangzhou Laboratory"),
    ("湖北省光谷实验室", "Laboratory", "Hubei Province Guanggu Laboratory"),
    (
        "省部共建有机化学国家重点实验室",
        "Laboratory",
        "Province-Ministry Co-Built Organic Chemistry State Key Laboratory",
    ),
    ("山东省人工智能重点实验室", "Laboratory", "Shandong Province Artificial Intelligence Key Laboratory"),
    (
        "黄河流域(济南)水生生物监测实验室",
        "Laboratory",
        "Yellow River Basin (Jinan) Aquatic Organisms Monitoring Laboratory",
    ),
    ("合肥综合性国家科学中心", "ScientificFacility", "Hefei Comprehensive National Science Center"),
    ("高海拔宇宙线观测站", "ScientificFacility", "High-Altitude Cosmic Ray Observatory"),
    ("国家重大科技基础设施", "ScientificFacility", "National Major Science and Technology Infrastructure"),
    # innovation centres and platforms
    (
        "国家新能源汽车技术创新中心",
        "InnovationCenter",
        "National New Energy Vehicle Technology Innovation Center",
    ),
    (
        "国家先进计算产业创新中心",
        "InnovationCenter",
        "National Advanced Computing Industrial Innovation Center",
    ),
    (
        "长三角国家技术创新中心",
        "InnovationCenter",
        "Yangtze River Delta National Technology Innovation Center",
    ),
    ("黄河技术转移中心", "InnovationPlatform", "Yellow River Technology Transfer Center"),
    ("国家工业互联网大数据中心", "DataCenter", "National Industrial Internet Big Data Center"),
    ("国家健康医疗大数据中心(北方)", "DataCenter", "National Health and Medical Big Data Center (North)"),
    ("国家超级计算长沙中心", "DataCenter", "National Supercomputing Changsha Center"),
    ("国家级互联网骨干直联点", "DataCenter", "National Internet Backbone Direct Connection Point"),
    # hospitals
    (
        "国家中医(肿瘤)区域医疗中心",
        "Hospital",
        "National Traditional Chinese Medicine (Oncology) Regional Medical Center",
    ),
    ("国家肿瘤区域医疗中心", "Hospital", "National Oncology Regional Medical Center"),
    ("市中心医院", "Hospital", "Municipal Central Hospital"),
    ("市妇幼保健院", "Hospital", "Municipal Maternal and Child Health Hospital"),
    ("青岛市市立医院", "Hospital", "Qingdao Municipal Hospital"),
    ("苏州市第一人民医院", "Hospital", "Suzhou First People's Hospital"),
    ("章丘区人民医院", "Hospital", "Zhangqiu District People's Hospital"),
    ("武汉市儿童医院", "Hospital", "Wuhan Children's Hospital"),
    (
        "浙江大学医学院附属第一医院",
        "Hospital",
        "Zhejiang University Medical College First Affiliated Hospital",
    ),
    ("山东省立医院", "Hospital", "Shandong Provincial Hospital"),
    ("国家儿童医学中心", "Hospital", "National Children's Medical Center"),
    # universities
    ("南开大学", "University", "Nankai University"),
    ("山东第一医科大学", "University", "Shandong First Medical University"),
    ("天津职业技术师范大学", "University", "Tianjin Vocational and Technical Normal University"),
    ("西北工业大学太仓校区", "University", "Northwest University of Technology Taicang Campus"),
    ("空天信息大学", "University", "Aerospace Information University"),
    # parks and zones
    ("苏州工业园区", "IndustrialPark", "Suzhou Industrial Park"),
    ("成都天府软件园", "IndustrialPark", "Chengdu Tianfu Software Park"),
    ("宁波国家高新区", "IndustrialPark", "Ningbo National High-Tech Zone"),
    (
        "上海张江高新技术产业开发区",
        "IndustrialPark",
        "Shanghai Zhangjiang High-Tech Industrial Development Zone",
    ),
    (
        "中欧(济南)绿色制造产业园",
        "IndustrialPark",
        "China-Europe (Jinan) Green Manufacturing Industrial Park",
    ),
    (
        "中关村国家自主创新示范区",
        "DemonstrationZone",
        "Zhongguancun National Independent Innovation Demonstration Zone",
    ),
    (
        "中国(山东)自由贸易试验区济南片区",
        "DemonstrationZone",
        "China (Shandong) Pilot Free Trade Zone Jinan Area",
    ),
    ("贵州国家大数据综合试验区", "DemonstrationZone", "Guizhou National Big Data Comprehensive Pilot Zone"),
    (
        "5G+工业互联网融合应用先导区",
        "DemonstrationZone",
        "5G Plus Industrial Internet Integration Application Pilot Zone",
    ),
    ("青岛（国际）海洋科学城", "InnovationPlatform", "Qingdao (International) Ocean Science City"),
    # cultural venues, gene banks, bases, hubs, enterprises
    ("长沙市博物馆", "CulturalVenue", "Changsha Museum"),
    ("陕西历史博物馆", "CulturalVenue", "Shaanxi History Museum"),
    ("市档案馆新馆", "CulturalVenue", "Municipal Archives New Building"),
    ("黄河国家文化公园", "CulturalVenue", "Yellow River National Cultural Park"),
    ("国家作物种质资源库", "GeneBank", "National Crop Germplasm Resource Bank"),
    ("国家南繁育种基地", "Base", "National Nanfan Breeding Base"),
    ("国家骨干冷链物流基地", "Base", "National Backbone Cold Chain Logistics Base"),
    ("国家物流枢纽", "Hub", "National Logistics Hub"),
    ("郑州航空港", "Hub", "Zhengzhou Aviation Port"),
    ("LAOX跨境商品保税中心仓", "Enterprise", "LAOX Cross-Border Commodities Bonded Central Warehouse"),
    # projects
    ("京沪高铁", "TransportProject", "Jinghu High-Speed Railway"),
    ("雄安至商丘高速铁路", "TransportProject", "Xiong'an–Shangqiu High-Speed Railway"),
    ("济南至微山高速公路", "TransportProject", "Jinan–Weishan Expressway"),
    ("城市轨道交通7号线一期", "TransportProject", "Urban Rail Transit Line 7 Phase I"),
    ("杭州地铁3号线二期", "TransportProject", "Hangzhou Metro Line 3 Phase II"),
    ("武汉地铁十二号线", "TransportProject", "Wuhan Metro Line 12"),
    (
        "深圳宝安国际机场三期扩建工程",
        "TransportProject",
        "Shenzhen Bao'an International Airport Phase III Expansion Project",
    ),
    ("广州白云国际机场T3航站楼", "TransportProject", "Guangzhou Baiyun International Airport T3 Terminal"),
    ("济南东站至济阳有轨电车项目", "TransportProject", "Jinan East Station–Jiyang Tram Project"),
    ("青岛港前湾港区", "TransportProject", "Qingdao Port Qianwan Port Area"),
    ("西部陆海新通道", "TransportProject", "Western New Land-Sea Corridor"),
    ("白鹤滩水电站", "EnergyProject", "Baihetan Hydropower Station"),
    ("文登抽水蓄能电站", "EnergyProject", "Wendeng Pumped Storage Power Station"),
    ("山东海上风电基地", "EnergyProject", "Shandong Offshore Wind Power Base"),
    ("太平水库", "WaterProject", "Taiping Reservoir"),
    ("开化水库", "WaterProject", "Kaihua Reservoir"),
    ("宁波舟山港", "Hub", "Ningbo Zhoushan Port"),
    (
        "武汉江夏区100万千瓦分布式光伏项目",
        "EnergyProject",
        "Wuhan Jiangxia District 1 Million kW Distributed Photovoltaic Project",
    ),
    ("京东方第10.5代TFT-LCD生产线", "Project", "Jingdongfang Generation 10.5 TFT-LCD Production Line"),
    ("小浪底水库", "WaterProject", "Xiaolangdi Reservoir"),
    (
        "南水北调东线二期工程",
        "WaterProject",
        "South-to-North Water Diversion Eastern Route Phase II Project",
    ),
    ("珠江三角洲水资源配置工程", "WaterProject", "Pearl River Delta Water Resources Allocation Project"),
    ("吉林一号卫星星座", "Project", "Jilin No. 1 Satellite Constellation"),
    ("AIRSAT卫星星座", "Project", "AIRSAT Satellite Constellation"),
    # places
    ("山东省", "Province", "Shandong Province"),
    ("江苏省", "Province", "Jiangsu Province"),
    ("宁夏回族自治区", "Province", "Ningxia Hui Autonomous Region"),
    ("内蒙古自治区", "Province", "Inner Mongolia Autonomous Region"),
    ("香港特别行政区", "Province", "Hong Kong Special Administrative Region"),
    ("济南市", "City", "Jinan"),
    ("济南", "City", "Jinan"),
    ("西安市", "City", "Xi'an"),
    ("长治市", "City", "Changzhi"),
    ("恩施土家族苗族自治州", "City", "Enshi Tujia Miao Autonomous Prefecture"),
    ("章丘区", "District", "Zhangqiu District"),
    ("天桥区", "District", "Tianqiao District"),
    ("长清区", "District", "Changqing District"),
    ("浦东新区", "District", "Pudong New Area"),
    ("杭州市西湖区", "District", "Hangzhou Xihu District"),
    ("济南市市中区", "District", "Jinan Shizhong District"),
    ("商河县", "County", "Shanghe County"),
    ("沂南县", "County", "Yinan County"),
    ("京津冀", "Region", "Beijing-Tianjin-Hebei"),
    ("粤港澳大湾区", "Region", "Guangdong-Hong Kong-Macao Greater Bay Area"),
    ("淮河生态经济带", "Region", "Huai River Ecological Economic Belt"),
    ("南部山区", "Region", "Southern Mountain Area"),
    ("历城区港沟街道", "Region", "Licheng District Ganggou Subdistrict"),
    ("中共济南市委", None, "CPC Jinan Municipal Party Committee"),
    ("济南市槐荫区人民法院", None, "Jinan Huaiyin District People's Court"),
    ("济南绕城高速公路二环线", "TransportProject", "Jinan Ring Expressway Second Ring Road"),
    # plans
    (
        "济南市深化新旧动能转换推动绿色低碳高质量发展三年行动计划(2023—2025年)",
        "Plan",
        "Jinan Three-Year Action Plan for Deepening the Conversion of Old and New Growth Drivers and "
        "Promoting Green, Low-Carbon and High-Quality Development (2023–2025)",
    ),
    (
        "杭州市数字经济发展三年行动计划(2023-2025年)",
        "Plan",
        "Hangzhou Three-Year Action Plan for Digital Economy Development (2023–2025)",
    ),
    (
        "青岛市“十四五”科技创新规划",
        "Plan",
        "Qingdao 14th Five-Year Plan for Science and Technology Innovation",
    ),
    (
        "关于加快推进新型工业化的实施意见",
        "Plan",
        "Implementation Opinions on Accelerating New Industrialization",
    ),
    (
        "深圳市关于促进人工智能产业发展的若干措施",
        "Plan",
        "Shenzhen Measures for Promoting Artificial Intelligence Industrial Development",
    ),
    # domain and task titles
    ("构建高度创新平台", "Task", "Build High-Level Innovation Platforms"),
    ("二、构筑多维度实验室体系", "Task", "Build Multi-Dimensional Laboratory System"),
    ("（十二）全力推动有效投资", "Task", "Make Every Effort to Promote Effective Investment"),
    ("大力发展战略性新兴产业", "Task", "Vigorously Develop Strategic Emerging Industries"),
    ("持续改善生态环境质量", "Task", "Continuously Improve Ecological Environment Quality"),
    ("培育壮大市场主体", "Task", "Cultivate and Strengthen Market Entities"),
    ("支持创建国家医学中心", "Task", "Support the Creation of National Medical Centers"),
    ("推进数字化", "Task", "Advance Digitalization"),
    ("建设实验室和创新中心", "Task", "Build Laboratories and Innovation Centers"),
    (
        "壮大新能源汽车和智能网联汽车产业",
        "Task",
        "Strengthen New Energy Vehicle and Intelligent Connected Vehicle Industries",
    ),
    (
        "完善创新基础设施和科普设施",
        "Task",
        "Improve Innovation Infrastructure and Popular Science Facilities",
    ),
    ("创新消费新场景", "Task", "Innovate Consumption New Scenarios"),
    ("科技创新领域", "Domain", "Science and Technology Innovation Field"),
    ("加快建设现代化基础设施体系", "Task", "Accelerate the Construction of Modern Infrastructure System"),
    ("全面推进乡村振兴", "Domain", "Comprehensively Advance Rural Revitalization"),
    ("统筹发展和安全", "Domain", "Coordinate Development and Security"),
    (
        "深化新旧动能转换，构建更具韧性的现代产业体系",
        "Domain",
        "Deepen the Conversion of Old and New Growth Drivers, Build More Resilient Modern Industrial System",
    ),
    (
        "发挥中心城市作用，先行一步服务和落实区域战略",
        "Domain",
        "Give Play to Central City Role, Take the Lead in Serving and Implementing Regional Strategy",
    ),
    # target metrics
    ("人才总量", "Target", "total talent pool"),
    ("能耗强度", "Target", "energy consumption intensity"),
    ("常住人口", "Target", "permanent resident population"),
    ("地区生产总值", "Target", "gross regional product"),
    ("新能源汽车保有量", "Target", "number of new energy vehicles"),
    ("高新技术企业数量", "Target", "number of high-tech enterprises"),
    ("国家级和省级集群数量", "Target", "number of national-level and provincial clusters"),
    ("研发经费投入强度", "Target", "R&D expenditure intensity"),
    ("单位GDP能耗", "Target", "energy consumption per unit of GDP"),
    ("蔬菜产量", "Target", "vegetable output"),
    ("宁波舟山港年货物吞吐量", "Target", "Ningbo Zhoushan Port annual cargo throughput"),
    (
        "全社会研发经费支出占地区生产总值比重",
        "Target",
        "share of society-wide R&D expenditure in gross regional product",
    ),
    ("空气质量优良天数比例", "Target", "proportion of days with good air quality"),
    (
        "数字经济核心产业增加值占地区生产总值比重",
        "Target",
        "share of added value of core digital economy industries in gross regional product",
    ),
    # portfolios
    ("重点项目", "ProjectPortfolio", "Key Projects"),
    ("谋划储备项目", "ProjectPortfolio", "Planned Reserve Projects"),
]


@pytest.mark.parametrize(("zh", "kind", "expected"), LABELS)
def test_labels_english_label(zh: str, kind: str | None, expected: str) -> None:
    assert english_label(zh, kind) == expected


def test_labels_table_covers_the_genre() -> None:
    kinds = {kind for _, kind, _ in LABELS}
    assert len(LABELS) >= 80
    assert {"Laboratory", "Hospital", "University", "Plan", "Task", "Target", "City", "County"} <= kinds


# --- the bundled document ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cover"),
    [
        ("国家技术创新中心", ["国家技术创新中心"]),
        ("市博物馆新馆", ["市", "博物馆", "新馆"]),
        ("珠江三角洲水资源配置工程", ["珠江三角洲", "水资源", "配置", "工程"]),
        ("泉城实验室", ["泉城", "实验室"]),
        ("郑州航空港", ["郑州", "航空港"]),
        ("", []),
    ],
)
def test_labels_glossary_cover_prefers_long_entries(text: str, cover: list[str]) -> None:
    assert [piece for piece, _ in glossary_cover(text)] == cover


def test_labels_origins_name_their_sources() -> None:
    sources = {o.zh: o.source for o in label_origins("泉城实验室", "Laboratory")}
    assert sources == {"泉城": Source.PINYIN, "实验室": Source.GLOSSARY}
    sources = {o.zh: o.source for o in label_origins("国家海洋实验室", "Laboratory")}
    assert sources["海洋"] is Source.CEDICT


def test_labels_do_not_change_the_global_segmenter() -> None:
    before = jieba.lcut("泉城实验室争创国家实验室基地")
    english_label("泉城实验室", "Laboratory")
    assert jieba.lcut("泉城实验室争创国家实验室基地") == before
    assert "一刻钟便民生活圈" not in jieba.dt.FREQ


@pytest.mark.parametrize(
    ("zh", "kind"),
    [
        ("", None),
        ("。", "Task"),
        ("()", None),
        ("2025", "Target"),
        ("ABC", None),
        ("Café中心", None),
        ("Ω实验室", "Laboratory"),
        ("\U00020000实验室", "Laboratory"),
        ("①号线", "TransportProject"),
        ("的", None),
    ],
)
def test_labels_odd_input_gives_plain_ascii(zh: str, kind: str | None) -> None:
    label = english_label(zh, kind)
    assert label.isascii()
    assert label == label.strip()
    assert bool(label) == any(c.isalnum() for c in zh)
