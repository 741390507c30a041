"""Reading a plan's outline: domains and tasks, from headings and from running prose."""

from __future__ import annotations

from policykg.graph_builder.documents import normalize
from policykg.graph_builder.text.outline import read_outline

HEADINGS = normalize("""
某市推进高质量发展三年行动方案（2024—2026年）

一、总体要求
坚持稳中求进，到2026年地区生产总值突破5000亿元。

二、重点任务
（一）建设现代化产业体系
重点抓好四项工作，实施重点项目30个，总投资120亿元。
1.壮大先进制造业集群。推进新能源汽车产业园建设。
2.发展数字经济。建设城市大数据中心。
（二）提升城市功能品质
1.完善交通网络。建设地铁3号线。
2.优化公共服务。

三、保障措施
加强组织领导。
""")

PROSE = normalize(
    "市政府发布了新一轮行动方案。为加快建设科技强市，市政府将认真抓好三项重点工作，扎实推进总投资300亿元的"
    "40个重点项目。一、打造创新平台。建设光电实验室。二、培育创新主体。三、优化创新生态。"
    "市政府还将致力于推动城乡融合发展，建设美丽宜居城市。为此，将严格抓好两项重点工作，扎实推进25个重点项目。"
    "一、完善基础设施。二、提升乡村治理水平。乡村面貌持续改善。"
    "市政府正在认真抓好两项重点工作，扎实推进总投资80亿元的30个重点项目。"
    "为增进民生福祉，市政府将推动五项重点工作，扎实推进总投资50亿元的12个重点项目。"
)


def test_headings_layout_takes_domains_from_the_task_section():
    outline = read_outline(HEADINGS)
    assert outline.layout == "headings"
    assert [d.title for d in outline.domains] == ["建设现代化产业体系", "提升城市功能品质"]
    first, second = outline.domains
    assert [t.title for t in first.tasks] == ["壮大先进制造业集群", "发展数字经济"]
    assert [t.ordinal for t in second.tasks] == [1, 2]
    assert first.task_count == 4
    assert "保障措施" not in HEADINGS[first.start : second.end]


def test_prose_layout_reads_announcements_titles_and_restatements():
    outline = read_outline(PROSE)
    assert outline.layout == "prose"
    titles = [d.title for d in outline.domains]
    assert titles == ["加快建设科技强市", "推动城乡融合发展，建设美丽宜居城市", "增进民生福祉"]
    science, rural, welfare = outline.domains
    assert [t.title for t in science.tasks] == ["打造创新平台", "培育创新主体", "优化创新生态"]
    assert science.task_count == 3 and rural.task_count == 2 and welfare.task_count == 5
    # The untitled announcement with no restart of numbering restates the rural domain.
    assert len(rural.announcements) == 2
    assert [t.title for t in rural.tasks] == ["完善基础设施", "提升乡村治理水平"]


def test_a_numbering_restart_starts_an_untitled_domain():
    text = normalize(
        "为发展工业，认真抓好两项重点工作，扎实推进10个重点项目。一、做强制造业。二、做优服务业。"
        "一、扩大内需。二、稳定外贸。通过以上措施，经济稳步增长。"
        "同时，还要认真抓好两项重点工作，扎实推进总投资40亿元的20个重点项目。"
    )
    outline = read_outline(text)
    assert [d.title for d in outline.domains] == ["发展工业", None]
    assert [t.title for t in outline.domains[1].tasks] == ["扩大内需", "稳定外贸"]


def test_a_numbered_sentence_right_before_an_announcement_titles_its_domain():
    text = normalize(
        "为发展工业，认真抓好两项重点工作，扎实推进10个重点项目。一、做强制造业。二、做优服务业。"
        "三、深化改革开放，激发市场活力。认真抓好三项重点工作，扎实推进总投资40亿元的20个重点项目。"
    )
    outline = read_outline(text)
    assert [d.title for d in outline.domains] == ["发展工业", "深化改革开放，激发市场活力"]
    assert [t.title for t in outline.domains[0].tasks] == ["做强制造业", "做优服务业"]


def test_text_without_structure_has_no_domains():
    assert read_outline("今天天气很好。我们去公园散步。").domains == ()


MEASURES = normalize("""
某省关于促进数字经济发展的若干措施

一、总体要求
到2027年，全省数字经济核心产业增加值突破8000亿元。

二、夯实数字基础设施
第一条 建设算力网络。统筹布局算力枢纽节点。
第二条 推进千兆城市建设。每个设区市建成千兆光网。

三、壮大数字产业
第三条 培育软件产业。支持骨干企业做大做强。
第四条 发展智能终端。

四、保障措施
第五条 强化资金保障。
""")


def test_measures_take_their_articles_as_tasks():
    outline = read_outline(MEASURES)
    assert [d.title for d in outline.domains] == ["夯实数字基础设施", "壮大数字产业"]
    infrastructure, industry = outline.domains
    assert [t.title for t in infrastructure.tasks] == ["建设算力网络", "推进千兆城市建设"]
    # Articles are numbered across sections; each section keeps its own.
    assert [(t.ordinal, t.title) for t in industry.tasks] == [(3, "培育软件产业"), (4, "发展智能终端")]


BULLETED_NEWS = normalize("""
某市出台三年行动方案 推进重点项目300个

本报讯 某市近日印发三年行动方案，谋划重点项目300个，总投资900亿元。

■ 数字产业篇：从“跟跑”到“领跑”
数字产业篇安排重点项目120个。其一，做大软件产业。支持软件园扩容。其二，做强集成电路。建设封测基地。

■ 城市建设篇：让城市更宜居
首先，完善路网体系。建设快速路。其次，提升排水能力。最后，优化公园布局。

■ 要素保障：资金跟着项目走
市财政每年安排专项资金。
""")


def test_bulleted_sub_headings_head_domains_titled_before_the_colon():
    outline = read_outline(BULLETED_NEWS)
    assert outline.layout == "headings"
    assert [d.title for d in outline.domains] == ["数字产业篇", "城市建设篇"]
    digital, city = outline.domains
    assert [t.title for t in digital.tasks] == ["做大软件产业", "做强集成电路"]
    assert [(t.ordinal, t.title) for t in city.tasks] == [
        (1, "完善路网体系"),
        (2, "提升排水能力"),
        (4, "优化公园布局"),
    ]
    assert "资金" not in BULLETED_NEWS[city.start : city.end]


def test_topics_title_tasks_where_nothing_numbers_them():
    text = normalize(
        "■ 生态环境篇：守护绿水青山\n"
        "在大气治理方面，推进钢铁企业超低排放改造。在水环境上，实施河湖综合整治。"
        "在此基础上，建设生态廊道。\n"
        "■ 乡村振兴篇：建设和美乡村\n"
        "一是发展特色农业。在种业方面，建设育种基地。二是改善人居环境。\n"
    )
    ecology, rural = read_outline(text).domains
    assert [t.title for t in ecology.tasks] == ["大气治理", "水环境"]
    assert [t.title for t in rural.tasks] == ["发展特色农业", "改善人居环境"]


def test_a_sub_heading_line_titles_the_domain_its_paragraph_announces():
    text = normalize(
        "某市三年行动计划出炉 谋划重点项目200个\n"
        "本报讯 某市近日印发三年行动计划，谋划重点项目200个，总投资900亿元。\n"
        "城市交通领域：打通城市“微循环”\n"
        "交通方面，《行动计划》明确推进重点项目80个、总投资500亿元。\n"
        "乡村振兴领域：让农民腰包鼓起来\n"
        "乡村领域安排重点项目120个，总投资400亿元。\n"
    )
    outline = read_outline(text)
    assert outline.layout == "prose"
    assert [d.title for d in outline.domains] == ["城市交通领域", "乡村振兴领域"]


def test_overall_arrangement_and_scheduling_sections_are_not_domains():
    text = normalize(
        "某县重大项目建设三年行动方案\n"
        "一、总体安排\n全县谋划重点项目150个。\n"
        "二、产业项目\n（一）壮大主导产业。\n（二）发展县域经济。\n"
        "三、工作调度\n（一）实行周调度。\n（二）开展督查。\n"
    )
    assert [d.title for d in read_outline(text).domains] == ["产业项目"]


def test_short_sentences_head_unnumbered_tasks_in_prose():
    text = normalize(
        "某市三年行动计划出炉\n"
        "社会事业领域：办好民生实事\n"
        "社会事业领域安排重点项目60个，总投资300亿元。建设区域医疗高地。支持市人民医院扩容，"
        "新增床位2000张。扩大普惠托育供给。新建托育机构50家。\n"
    )
    [domain] = read_outline(text).domains
    assert [t.title for t in domain.tasks] == ["建设区域医疗高地", "扩大普惠托育供给"]


def test_chapters_head_domains_and_their_sections_tasks():
    text = normalize(
        "某市国民经济和社会发展第十四个五年规划纲要\n"
        "第一章 发展基础\n“十三五”时期，全市经济持续增长。\n"
        "第二章 构建现代产业体系\n"
        "第一节 做强先进制造业\n推动汽车产业转型。\n"
        "第二节 发展现代服务业\n建设区域物流中心。\n"
        "第三章 推进城乡融合发展\n"
        "第一节 优化城镇布局\n"
        "第四章 保障措施\n加强组织领导。\n"
    )
    outline = read_outline(text)
    assert [d.title for d in outline.domains] == ["构建现代产业体系", "推进城乡融合发展"]
    assert [t.title for t in outline.domains[0].tasks] == ["做强先进制造业", "发展现代服务业"]


def test_dashes_lead_tasks_on_lines_of_their_own():
    text = normalize(
        "某区集成电路产业三年行动方案\n"
        "一、强化创新策源\n"
        "——建设公共测试平台。支持企业共建联合实验室。\n"
        "——引育高端人才。每年引进领军人才10人。\n"
        "二、壮大产业集群\n"
        "——发展芯片设计。建设设计产业园。\n"
    )
    first, second = read_outline(text).domains
    assert [t.title for t in first.tasks] == ["建设公共测试平台", "引育高端人才"]
    assert [t.title for t in second.tasks] == ["发展芯片设计"]


def test_sections_that_run_on_in_their_paragraphs_are_the_domains_of_a_task_section():
    text = normalize(
        "某县关于推进县域经济高质量发展的实施意见\n"
        "一、主要目标\n到2027年，全县地区生产总值突破800亿元。\n"
        "二、重点任务\n"
        "（一）壮大特色产业。一是发展竹木加工，二是培育电商直播基地，三是做强茶叶品牌。\n"
        "（二）补齐基础设施短板。推进县城污水管网改造。\n"
        "三、组织保障\n加强统筹协调。\n"
    )
    industry, infrastructure = read_outline(text).domains
    assert (industry.title, infrastructure.title) == ("壮大特色产业", "补齐基础设施短板")
    assert [t.title for t in industry.tasks] == ["发展竹木加工", "培育电商直播基地", "做强茶叶品牌"]


def test_bare_slogan_and_phrase_lines_head_domains_of_a_news_report():
    text = normalize(
        "某省出台乡村振兴三年行动方案\n"
        "本报讯 记者获悉，《方案》谋划重大项目500个，总投资900亿元。\n"
        "织密城乡交通网络\n"
        "交通领域安排项目200个。一是建设农村公路。加快县乡道改造。二是发展城乡公交。\n"
        "在特色产业发展方面\n"
        "第一，培育茶叶产业。建设加工园区。第二，壮大林下经济。\n"
        "与此同时，做强乡村旅游。\n"
        "另外，《方案》还要求各地结合实际出台配套措施，推动项目早开工、早见效。\n"
        "强化组织保障\n"
        "各市要设立乡村振兴基金。\n"
    )
    outline = read_outline(text)
    assert outline.layout == "headings"
    assert [d.title for d in outline.domains] == ["织密城乡交通网络", "特色产业发展"]
    roads, industry = outline.domains
    assert [t.title for t in roads.tasks] == ["建设农村公路", "发展城乡公交"]
    # A short paragraph opened by 与此同时 carries the numbering on; a long one does not.
    assert [(t.ordinal, t.title) for t in industry.tasks] == [
        (1, "培育茶叶产业"),
        (2, "壮大林下经济"),
        (3, "做强乡村旅游"),
    ]
    assert "基金" not in text[industry.start : industry.end]


def test_bare_lines_do_not_head_a_document_with_numbered_headings():
    text = normalize(HEADINGS.replace("一、总体要求", "某市人民政府办公厅\n\n一、总体要求"))
    assert [d.title for d in read_outline(text).domains] == ["建设现代化产业体系", "提升城市功能品质"]


def test_numbering_that_reads_as_no_number_is_no_marker() -> None:
    # 十十 is no numeral: the line is prose, not a heading, and reading it must not fail.
    outline = read_outline("某市产业发展行动方案\n十十、加强平台建设\n一、推进产业升级\n（一）建设产业园。\n")
    assert [d.title for d in outline.domains] == ["推进产业升级"]
