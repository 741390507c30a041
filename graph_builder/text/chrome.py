"""Find a copied web page's chrome: the lines around an article that are not the document's text.

A chrome line is recognised by its shape, from the word classes of data/page_chrome.toml:
- a field line: labelled metadata fields only (来源：某网  发布时间：2023-05-06  责任编辑：某某), each value
  short and without a sentence's punctuation;
- a widget line: share, print and font widgets, dates, numbers and separators, at most one other Han
  character (【打印本页】【关闭窗口】, 分享到：微信 微博, 【字体：大 中 小】);
- a footer line: a short line with a copyright or registration mark (版权所有, ICP备), no sentence in it;
- a breadcrumb: short items joined by > (首页 > 新闻中心 > 正文);
- a newspaper's source line: a paper's 《name》, a date and a page (《某某日报》（2025年01月20日第 10 版）);
- an editor's note: a line that opens with 编者按, or the paragraphs above a ——编者 signature;
- a photo's caption or credit: 图为…, 某某摄（某某视觉）, 某某供图.
Chrome is masked for reading, never deleted, so that offsets still point into the stored text; dates in
a chrome line stay readable (the document's date line is often one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policykg.data import load_settings
from policykg.patterns import HAN, alternation

_MAX_FIELD_LINE = 100
_MAX_WIDGET_LINE = 60
_MAX_FOOTER_LINE = 150
_MAX_VALUE = 24
_MAX_CAPTION = 80
_NOTE_PARAGRAPHS = 3
# A photo's caption and credit: 图为…, 某某摄（某某视觉）, 某某管委会供图.
_CAPTION = re.compile(r"(?:图为|上图|下图|图：|图:)")
_CREDIT = re.compile(r".{1,24}?(?:摄|供图|制图|绘图)(?:\s*[（(][^）)]{1,12}[）)])?")
# The signature under an editors' note: ——编者.
_SIGNATURE = re.compile(r"[—\-－]{1,4}\s*编\s*者")
# A date or a time as pages print them: 2023-05-06, 2023/5/6, 16.03.2015, 2023年5月6日, 14:23:05.
DATE_TIME = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?"
)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_SEPARATORS = re.compile(r"[\s\W_a-zA-Z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_SENTENCE_PUNCT = re.compile(r"[。；！？，]")
_BREADCRUMB = re.compile(r"\s*(?:>>|[>＞»›→])\s*")
_PAPER_LINE = re.compile(
    r"[（(]?《[^》]{2,14}》[）)]?\s*[（(]?\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*"
    r"(?:第\s*\d+\s*版)?\s*[）)]?"
)


@dataclass(frozen=True)
class ChromeLine:
    """A line of page chrome: its offsets (without the line break) and its kind."""

    start: int
    end: int
    kind: str


@cache
def _words() -> dict[str, tuple[str, ...]]:
    settings = load_settings("page_chrome.toml")
    return {key: tuple(settings[key]) for key in ("fields", "widgets", "footers", "notes")}


@cache
def _field_label() -> re.Pattern[str]:
    """A field's label: after a line start, a bracket or a space, or anywhere before its colon."""
    labels = alternation(_words()["fields"])
    return re.compile(
        rf"(?:(?:^|(?<=[\s【\[（(|｜/]))[【\[]?(?:{labels})(?:\s*(?P<colon>[:：])|\s+|[】\]])"
        rf"|(?:{labels})[】\]]?\s*[:：])\s*"
    )


@cache
def _widgets() -> re.Pattern[str]:
    return re.compile(alternation(_words()["widgets"]))


@cache
def _footer() -> re.Pattern[str]:
    return re.compile(alternation(_words()["footers"]))


def find_chrome(text: str) -> list[ChromeLine]:
    """Return the chrome lines of a text, in order."""
    found: list[ChromeLine] = []
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]
    for i, line in enumerate(lines):
        kind = line_kind(line.group(0))
        if kind == "signature":
            # An editors' note signed ——编者: the paragraphs above it, back to other chrome.
            chrome_starts = {c.start for c in found}
            for above in reversed(lines[max(0, i - _NOTE_PARAGRAPHS) : i]):
                if above.start() in chrome_starts or above is lines[0]:
                    break
                found.append(ChromeLine(above.start(), above.end(), "note"))
        if kind:
            found.append(ChromeLine(line.start(), line.end(), kind))
    return sorted(found, key=lambda c: c.start)


def line_kind(line: str) -> str | None:
    """Return the kind of chrome a line is (field, widget, footer, breadcrumb, paper, note, signature,
    caption), or None."""
    stripped = line.strip()
    if not stripped:
        return None
    if stripped.startswith(_words()["notes"]):
        return "note"
    if _SIGNATURE.fullmatch(stripped):
        return "signature"
    if len(stripped) <= _MAX_CAPTION and (_CAPTION.match(stripped) or _CREDIT.fullmatch(stripped)):
        return "caption"
    # A byline and the paper's line printed as one: 本报记者 某某《某某日报》（…第 2 版）.
    paper = _PAPER_LINE.search(stripped)
    if paper and not _PAPER_LINE.fullmatch(stripped):
        rest = (stripped[: paper.start()] + " " + stripped[paper.end() :]).strip()
        if not rest or _is_field_line(rest):
            return "paper"
    if (
        len(stripped) <= _MAX_FOOTER_LINE
        and _footer().search(stripped)
        and not _SENTENCE_PUNCT.search(stripped)
    ):
        return "footer"
    if len(stripped) <= _MAX_WIDGET_LINE and _is_breadcrumb(stripped):
        return "breadcrumb"
    if _PAPER_LINE.fullmatch(stripped):
        return "paper"
    if len(stripped) <= _MAX_FIELD_LINE and _is_field_line(stripped):
        return "field"
    if len(stripped) <= _MAX_WIDGET_LINE and _is_widget_line(stripped):
        return "widget"
    return None


def _is_field_line(line: str) -> bool:
    """True if the line is made of labelled fields only, the first at its start, each value short."""
    labels = list(_field_label().finditer(line))
    if not labels or line[: labels[0].start()].strip("【[（( "):
        return False
    for i, label in enumerate(labels):
        value_end = labels[i + 1].start() if i + 1 < len(labels) else len(line)
        value = _URL.sub("", line[label.end() : value_end]).strip(" 】]）)|｜/")
        if _SENTENCE_PUNCT.search(value) or len(value) > _MAX_VALUE:
            return False
        # Without a colon, a label is followed by a short value only: 编辑 某某, 记者 某某.
        colon = label.group("colon") or label.group(0).rstrip().endswith((":", "：", "】", "]"))
        if not colon and (not value or len(value) > 8):
            return False
    return True


def _is_widget_line(line: str) -> bool:
    """True if only widgets, dates, numbers and separators are left but for one Han character."""
    rest = _URL.sub(" ", DATE_TIME.sub(" ", line))
    # One character (大, 中, 小) is a widget only beside a longer one: 【字体：大 中 小】, not 小计.
    if not any(len(m.group(0)) > 1 for m in _widgets().finditer(rest)):
        return False
    rest = _widgets().sub(" ", rest)
    rest = _SEPARATORS.sub("", rest)
    return len(HAN.findall(rest)) <= 1


def _is_breadcrumb(line: str) -> bool:
    """True if the line is short items joined by > (首页 > 新闻中心 > 正文)."""
    items = _BREADCRUMB.split(line)
    return len(items) >= 3 and all(0 < len(item.strip()) <= 10 for item in items)


# The label of a date field, kept with its date: 发布时间：2023-05-06.
_DATE_LABEL = re.compile(r"(?:发布|成文|发稿|更新|录入)?(?:时间|日期)\s*[:：]?\s*$")


def mask_chrome(text: str, chrome: list[ChromeLine]) -> str:
    """Return the text with chrome lines blanked (same length), their dates and date labels kept."""
    if not chrome:
        return text
    chars = list(text)
    for line in chrome:
        keep = []
        for m in DATE_TIME.finditer(text, line.start, line.end):
            label = _DATE_LABEL.search(text, line.start, m.start())
            keep.append((label.start() if label else m.start(), m.end()))
        for i in range(line.start, line.end):
            if not any(s <= i < e for s, e in keep):
                chars[i] = " "
    return "".join(chars)
