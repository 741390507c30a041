"""Page chrome is recognised by line shape and masked for reading, keeping every offset."""

from __future__ import annotations

import pytest

from policykg.graph_builder.text.chrome import find_chrome, line_kind, mask_chrome
from policykg.graph_builder.text.reading import half_width, reading_text, simplified


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("来源：某某日报 发布时间：2024-03-05 09:30 作者：王明", "field"),
        ("来源:某某网日期:2013-01-02 08:15阅读量:356", "field"),
        ("本文来源： 发改委", "field"),
        ("责任编辑：李华", "field"),
        ("编辑 张小青", "field"),
        ("（编辑：赵一）", "field"),
        ("【法宝引证码】 CLI.1.234567", "field"),
        ("原文链接：https://example.org/a/b.html", "field"),
        ("数据来源：某某县委宣传部", "field"),
        ("【字体：大 中 小】", "widget"),
        ("分享到：微信 微博 QQ空间", "widget"),
        ("扫一扫在手机打开当前页", "widget"),
        ("【打印本页】【关闭窗口】", "widget"),
        ("版权所有：某某市人民政府办公厅 ICP备00000000号", "footer"),
        ("首页 > 新闻中心 > 政务要闻", "breadcrumb"),
        ("当前位置：首页-> 政务公开-> 部门文件", "breadcrumb"),
        ("《某某日报》（2024年03月05日第 02 版）", "paper"),
        ("编者按：今年以来，各地加快项目建设，现将有关情况摘编如下。", "note"),
    ],
)
def test_chrome_lines_are_known_by_their_shape(line, kind):
    assert line_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "某某市2024年重点项目建设实施方案",
        "全年计划实施重点项目120个，总投资850亿元。",
        "来源广泛的社会资本参与项目建设",
        "记者：今年的重点项目有哪些新的特点？",
        "促进大中小企业融通发展",
        "小计 24 4398 17328",
        "为企业提供技术支持、品牌推广等服务。",
        "二、重点任务",
        "时间节点安排",
        "2024年3月5日",
    ],
)
def test_the_documents_own_lines_are_not_chrome(line):
    assert line_kind(line) is None


def test_masking_keeps_length_and_the_date_of_a_date_line():
    text = "某某市召开重点项目推进会\n来源：某某网 发布时间：2024-03-05 09:30\n会议强调，要加快项目建设。\n责任编辑：李华"
    masked = mask_chrome(text, find_chrome(text))
    assert len(masked) == len(text)
    assert "发布时间：2024-03-05" in masked and "09:30" in masked
    assert "来源" not in masked and "李华" not in masked
    assert masked.splitlines()[0] == "某某市召开重点项目推进会"
    assert masked.splitlines()[2] == "会议强调，要加快项目建设。"


def test_the_reading_form_keeps_every_offset():
    text = "濟南市推進重點項目建設，全年投資增長１２．５％。\n分享到：微信 微博"
    reading = reading_text(text)
    assert len(reading) == len(text)
    assert reading.startswith("济南市推进重点项目建设，全年投资增长12.5%。")
    assert reading.endswith(" " * len("分享到：微信 微博"))


def test_simplified_text_is_left_as_it_is():
    # A simplified text whose few characters t2s would touch (乾, 著) is not converted.
    text = "乾坤湾景区建设显著加快，著力推进项目落地。"
    assert simplified(text) == text


def test_half_width_keeps_full_width_punctuation():
    assert half_width("增长５％，达到１２．５万人（２０２５年）") == "增长5%，达到12.5万人（2025年）"
