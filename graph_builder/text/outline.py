"""Find a plan's outline: its domains (领域) and their numbered tasks (重点工作).

Two layouts occur in the genre. Official documents put numbered headings on lines of their own
(一、 or 第三章 for domains; （一）, 第一节, 第一条 or 1. for tasks; sections such as 总体要求
or 保障措施 are not domains, and a 重点任务 section's sub-headings are). News rewrites head
domains with bulleted or bracketed lines (◆研发平台板块：…, 【科技创新】) and lead tasks with
其一, 首先, —— or 在…方面. Rewrites in running prose announce each domain with a statement
such as "认真抓好六项重点工作，扎实推进……的90个重点项目", titled by the clause before it or by
a sub-heading line above it (交通枢纽领域：…), and number its tasks inline (一、…。二、…。),
restarting the numbering for the next domain. When the announcing sentence holds no title, a
numbered sentence or a statement of purpose (为…, 致力于…) right before it is the title. A second
announcement with no title and no restart restates the current domain. Words that shape this
(section names, connectors, lead-ins) are in data/outline.json. This module sees text only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache

import cn2an

from policykg.data import data_path
from policykg.graph_builder.text.clauses import clauses

_CN_DIGITS = "一二两三四五六七八九十"
_NUM = rf"[0-9]+|[{_CN_DIGITS}]+"
_MARKERS = {
    "cn": re.compile(rf"(?:^|(?<=[。；！？\n]))[ \t]*(?P<n>[{_CN_DIGITS}]+)、"),
    "paren_cn": re.compile(rf"(?:^|(?<=[。；！？\n]))[ \t]*[（(](?P<n>[{_CN_DIGITS}]+)[)）]"),
    "arabic": re.compile(r"(?:^|(?<=[。；！？\n]))[ \t]*(?P<n>[0-9]{1,2})[.．、](?![0-9])"),
    "paren_arabic": re.compile(r"(?:^|(?<=[。；！？\n]))[ \t]*[（(](?P<n>[0-9]{1,2})[)）]"),
    # News rewrites head each domain with a bracketed line: 【科技创新】
    "bracket": re.compile(r"(?:^|(?<=\n))[ \t]*【(?P<n>)(?=[^】\n]{2,40}】[ \t]*(?:\n|$))"),
    # News rewrites number tasks in prose: 一是…；二是… and 第一，…
    "shi": re.compile(rf"(?:^|(?<=[。；！？\n，]))[ \t]*(?P<n>[{_CN_DIGITS}]+)是"),
    "di": re.compile(rf"(?:^|(?<=[。；！？\n]))[ \t]*第(?P<n>[{_CN_DIGITS}]+)[，、]"),
    # Five-year plans head chapters and sections: 第三章 构建现代产业体系 / 第一节 做强先进制造业
    "chapter": re.compile(rf"(?:^|(?<=\n))[ \t]*第(?P<n>[{_CN_DIGITS}百]+)(?:章|篇|部分)"),
    "section": re.compile(rf"(?:^|(?<=\n))[ \t]*第(?P<n>[{_CN_DIGITS}百]+)节"),
    # Measures (若干措施) number their articles across sections: 第十二条 建设…。
    "article": re.compile(rf"(?:^|(?<=\n))[ \t]*第(?P<n>[{_CN_DIGITS}百]+)条[ \t]"),
    # …or with a short slogan or phrase on a line of its own: 畅通城乡交通网络 / 在乡村振兴方面
    # (not the first line, which is the headline)
    "line": re.compile(r"(?<=\n)(?P<n>)(?=[\u4e00-\u9fff“”]{4,20}\n)"),
    # News rewrites head each domain with a bulleted line: ◆研发平台板块：…
    "bullet": re.compile(r"(?:^|(?<=\n))[ \t]*[◆■●▲▶►◇□★☆](?P<n>)(?=[^\n]{2,40}(?:\n|$))"),
    # …and number tasks in prose with 其一，…, 首先，…其次，…, 一方面，…另一方面，…
    "qi": re.compile(rf"(?:^|(?<=[。；！？\n]))[ \t]*其(?P<n>[{_CN_DIGITS}]+)[，、]"),
    "sequence": re.compile(r"(?:^|(?<=[。；！？\n]))[ \t]*(?P<n>首先|其次|再次|最后|一方面|另一方面)[，、]"),
    # …or lead each with a dash on a line of its own: ——强化创新策源。支持…
    "dash": re.compile(r"(?:^|(?<=\n))[ \t]*(?P<n>)——(?=[^—\n])"),
    # …or introduce them by topic: 在推进长江大保护方面，… / 在能源保障上，…
    "topic": re.compile(
        r"(?:^|(?<=[。；！？\n]))[ \t]*在(?P<n>(?![此这该其])[^，。；！？的\n]{2,16}?)(?:方面|上)，"
    ),
}
# A short sentence that heads what follows it in its paragraph: 。建设国家医学高地。支持…
_SENTENCE_HEAD = re.compile(r"(?:^|(?<=[。！？\n]))[ \t]*(?P<t>[\u4e00-\u9fff“”]{4,12})。")
_NEXT_SHI = re.compile(rf"[，；][ \t]*[{_CN_DIGITS}]+是")
_SEQUENCE = {"首先": 1, "一方面": 1, "其次": 2, "另一方面": 2, "再次": 3, "最后": 4}
_COUNTED_STYLES = ("bracket", "bullet", "line", "topic", "dash")
_TITLED_HEADINGS = ("bracket", "bullet")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PROSE_NUMBERED = ("shi", "di", "qi")
_PROSE_TASK_STYLES = ("cn", "paren_cn", "shi", "di", "qi", "dash", "topic")
_ORDER = [
    "bracket",
    "bullet",
    "line",
    "chapter",
    "cn",
    "section",
    "paren_cn",
    "article",
    "arabic",
    "paren_arabic",
    "circled",
    "shi",
    "di",
    "dash",
    "qi",
    "sequence",
    "topic",
]
_SENTENCE_END = "。！？!?\n"


@dataclass(frozen=True)
class Marker:
    """A list-numbering marker: where it is, its style, its number and whether it starts a line."""

    start: int
    end: int
    style: str
    value: int
    starts_line: bool


@dataclass(frozen=True)
class OutlineTask:
    """A numbered task: its number, title (and its offsets) and the text range it covers."""

    ordinal: int
    title: str
    title_start: int
    title_end: int
    start: int
    end: int


@dataclass(frozen=True)
class OutlineDomain:
    """A domain: number, title (None when the text lost it), range, task count and tasks."""

    ordinal: int
    title: str | None
    title_start: int
    title_end: int
    start: int
    end: int
    task_count: int | None = None
    tasks: tuple[OutlineTask, ...] = ()
    announcements: tuple[tuple[int, int], ...] = field(default=())


@dataclass(frozen=True)
class Outline:
    """The domains of a plan and the layout they were read from ("headings" or "prose")."""

    layout: str
    domains: tuple[OutlineDomain, ...]


@cache
def _words() -> dict[str, list[str]]:
    return json.loads(data_path("outline.json").read_text(encoding="utf-8"))


@cache
def _announcement() -> re.Pattern[str]:
    nouns = "|".join(sorted(_words()["task_count_nouns"], key=len, reverse=True))
    verbs = r"(?:抓好|推进|推动|实施|开展|落实|做好|完成|部署|聚焦|围绕)"
    return re.compile(
        rf"(?P<verb>(?:认真|严格|扎实|全力|重点|着力)?{verbs})?(?P<n>{_NUM})项(?P<noun>{nouns})"
        rf"|(?P<verb2>(?:扎实)?推进)?(?:总投资[^，。；]{{1,14}}的)?(?:共|有)?(?P<m>{_NUM})[个项](?:重点|重大)项目"
        rf"|(?:共|将|拟)?(?:推进|安排|谋划|实施|布局|建设)?(?:重点|重大)项目(?:共|有)?(?P<m2>{_NUM})[个项]"
    )


def _number(text: str) -> int:
    return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))


def find_markers(text: str) -> list[Marker]:
    """Return every list-numbering marker in the text, in order."""
    markers = []
    for style, pattern in _MARKERS.items():
        for count, m in enumerate(pattern.finditer(text), 1):
            start = m.start("n") - (1 if style.startswith("paren") or style in _ONE_CHAR_BEFORE else 0)
            line_start = start == 0 or text[:start].rstrip(" \t").endswith("\n")
            value = _marker_value(style, m["n"], count)
            markers.append(Marker(start, m.end(), style, value, line_start))
    for i, char in enumerate(text):
        if char in _CIRCLED:
            markers.append(Marker(i, i + 1, "circled", _CIRCLED.index(char) + 1, False))
    return sorted(markers, key=lambda m: m.start)


_ONE_CHAR_BEFORE = ("di", "bracket", "bullet", "article", "qi", "topic", "chapter", "section")


@cache
def _continuer() -> re.Pattern[str]:
    """Return the pattern of a short paragraph that carries prose tasks on (data/outline.json)."""
    words = "|".join(sorted(_words()["task_continuers"], key=len, reverse=True))
    return re.compile(rf"(?<=\n)[ \t]*(?:{words})，(?=[^。；，\n]{{4,20}}。)")


def _marker_value(style: str, numeral: str, count: int) -> int:
    """Return a marker's number: its numeral, its place in a sequence, or its count in the text."""
    if style in _COUNTED_STYLES:
        return count
    if style == "sequence":
        return _SEQUENCE[numeral]
    return _number(numeral)


def _sentence_end(text: str, start: int) -> int:
    ends = [text.find(c, start) for c in _SENTENCE_END]
    ends = [e for e in ends if e >= 0]
    return min(ends) if ends else len(text)


def _title_after(text: str, marker: Marker) -> tuple[str, int, int]:
    """Return the title that follows a marker: up to the sentence end, or its first clause if long."""
    if marker.style == "topic":
        # 在推进长江大保护方面， titles its task by what it is about.
        topic = _MARKERS["topic"].match(text, marker.start)
        return topic["n"], topic.start("n"), topic.end("n")
    start = marker.end
    end = _sentence_end(text, start)
    # 一是推进…，二是建设…: an item listed with commas ends where the next one starts.
    following = _NEXT_SHI.search(text, start, end)
    if following:
        end = following.start()
    if marker.style in _TITLED_HEADINGS:
        # ◆研发平台板块：由“单点突破”向“体系作战”转变 is titled by what precedes the colon.
        colon = text.find("：", start, end)
        if 2 <= colon - start <= 12:
            end = colon
    semicolon = text.find("；", start, end)
    if semicolon > 0:
        end = semicolon
    if end - start > 40:
        comma = text.find("，", start, end)
        if comma > 0:
            end = comma
    title = text[start:end].strip().rstrip("：:】")
    return title, start, start + len(text[start:end].rstrip().rstrip("：:】"))


def _clean_title(title: str) -> str:
    """Strip lead-ins (重点提出了, 为), connectors and trailers (的工作) from a domain title."""
    words = _words()
    changed = True
    while changed and title:
        changed = False
        for lead in sorted(words["title_leadins"] + words["connectors"], key=len, reverse=True):
            if lead in title[:12] and title.find(lead) <= 8 and _only_connectors(title[: title.find(lead)]):
                title = title[title.find(lead) + len(lead) :].lstrip("，,：:、 ")
                changed = True
                break
    for trailer in words["title_trailers"]:
        if title.endswith(trailer) and len(title) > len(trailer) + 4:
            title = title[: -len(trailer)]
    return title.strip("，。；、 ")


def _only_connectors(text: str) -> bool:
    """True if a clause holds only connectors or a short subject (武汉, 武汉将, 我市要)."""
    text = text.strip("，,；;、 。")
    if len(text) <= 3 or (len(text) <= 5 and text.endswith(("将", "要", "也", "还", "正在", "计划"))):
        return True
    for word in sorted(_words()["connectors"], key=len, reverse=True):
        text = text.replace(word, "")
    return len(text.strip("，,；;、 。")) == 0


class OutlineReader:
    """Read the outline of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.markers = find_markers(text)

    def read(self) -> Outline:
        """Return the outline, from headings if the text has them, else from running prose."""
        headings = [m for m in self.markers if m.starts_line and self._is_heading_line(m)]
        # Bare short lines head sections only where nothing numbered or bulleted does.
        if any(m.style not in ("shi", "di", "line") for m in headings):
            headings = [m for m in headings if m.style != "line"]
        # Prose numbering (一是, 第一) titles tasks, not sections, unless nothing else heads the text.
        if any(m.style not in ("shi", "di") for m in headings):
            headings = [m for m in headings if m.style not in ("shi", "di")]
        if len({m.style for m in headings}) >= 1 and len(headings) >= 2:
            domains = self._from_headings(headings)
            if domains:
                return Outline("headings", tuple(domains))
        return Outline("prose", tuple(self._from_prose()))

    # -- headings ---------------------------------------------------------------------------------

    def _is_heading_line(self, marker: Marker) -> bool:
        line_end = self.text.find("\n", marker.end)
        line = self.text[marker.end : line_end if line_end >= 0 else len(self.text)].strip()
        return 0 < len(line) <= 40 and "。" not in line.rstrip("。")

    def _from_headings(self, headings: list[Marker]) -> list[OutlineDomain]:
        words = _words()
        levels = sorted(
            {m.style for m in headings}, key=lambda s: min(m.start for m in headings if m.style == s)
        )
        top = [m for m in headings if m.style == levels[0]]
        domain_markers: list[Marker] = []
        for i, marker in enumerate(top):
            title, _, _ = _title_after(self.text, marker)
            end = top[i + 1].start if i + 1 < len(top) else len(self.text)
            inline = self._inline_sections(marker, end) if len(levels) == 1 else []
            if any(w in title for w in words["task_container_sections"]) and (len(levels) > 1 or inline):
                domain_markers += inline or [
                    m for m in headings if m.style == levels[1] and marker.start < m.start < end
                ]
            elif not any(w in title for w in words["non_domain_sections"]):
                domain_markers.append(marker)
        domains = []
        for i, marker in enumerate(domain_markers):
            end = self._section_end(marker, domain_markers, i)
            title, title_start, title_end = self._heading_title(marker)
            tasks = self._tasks_in(title_end, end, exclude_style=marker.style)
            count = self._task_count(marker.start, end)
            domains.append(
                OutlineDomain(
                    len(domains) + 1, title, title_start, title_end, marker.start, end, count, tasks
                )
            )
        return domains

    def _heading_title(self, marker: Marker) -> tuple[str, int, int]:
        """Return a heading's title; a bare line loses its lead-in and trailer (在…方面, 围绕…)."""
        title, start, end = _title_after(self.text, marker)
        if marker.style != "line":
            return title, start, end
        cleaned = _clean_title(title)
        at = title.find(cleaned)
        if len(cleaned) < 4 or at < 0:
            return title, start, end
        return cleaned, start + at, start + at + len(cleaned)

    def _inline_sections(self, marker: Marker, end: int) -> list[Marker]:
        """Return the sub-sections of a section that run on in their paragraphs: （一）提升市场能级。一是…"""
        below = [
            m
            for m in self.markers
            if marker.start < m.start < end
            and m.starts_line
            and _ORDER.index(m.style) > _ORDER.index(marker.style)
        ]
        if not below:
            return []
        style = min({m.style for m in below}, key=_ORDER.index)
        chosen = [m for m in below if m.style == style]
        return chosen if len(chosen) >= 2 and style in ("paren_cn", "section", "arabic") else []

    def _section_end(self, marker: Marker, markers: list[Marker], i: int) -> int:
        following = [m.start for m in self.markers if m.start > marker.start and m.style == marker.style]
        ends = [markers[i + 1].start] if i + 1 < len(markers) else []
        heading_ends = [
            m.start
            for m in self.markers
            if m.starts_line
            and m.start > marker.start
            and m.style != marker.style
            and self._outranks(m, marker)
        ]
        candidates = ends + following[:1] + heading_ends[:1]
        return min(candidates) if candidates else len(self.text)

    def _outranks(self, other: Marker, marker: Marker) -> bool:
        return _ORDER.index(other.style) < _ORDER.index(marker.style)

    def _tasks_in(self, start: int, end: int, exclude_style: str | None = None) -> tuple[OutlineTask, ...]:
        inside = [m for m in self.markers if start <= m.start < end and m.style != exclude_style]
        if not inside:
            return ()
        style = min({m.style for m in inside}, key=_ORDER.index)
        chosen = [m for m in inside if m.style == style]
        if style in _PROSE_NUMBERED:
            chosen += self._continuers(chosen[-1], end)
        tasks = []
        for i, marker in enumerate(chosen):
            task_end = chosen[i + 1].start if i + 1 < len(chosen) else end
            title, title_start, title_end = _title_after(self.text, marker)
            if title:
                tasks.append(OutlineTask(marker.value, title, title_start, title_end, marker.start, task_end))
        return tuple(tasks)

    def _continuers(self, last: Marker, end: int) -> list[Marker]:
        """Return paragraphs that carry numbered prose tasks on: 同时，深化科技合作。 / 此外，…"""
        found = []
        for m in _continuer().finditer(self.text, last.end, end):
            found.append(Marker(m.start(), m.end(), "continuer", last.value + len(found) + 1, True))
        return found

    def _task_count(self, start: int, end: int) -> int | None:
        for m in _announcement().finditer(self.text, start, end):
            if m["n"]:
                return _number(m["n"])
        return None

    # -- prose ------------------------------------------------------------------------------------

    def _from_prose(self) -> list[OutlineDomain]:
        builders: list[dict] = []
        last_anchor_end = 0
        for announcement in self._announcements():
            a_start, a_end, task_count = announcement
            title = self._title_before(a_start)
            restart = self._restart_between(last_anchor_end, a_start)
            current = builders[-1] if builders else None
            if title or current is None or restart is not None:
                start = (
                    self._sentence_start(title[1])
                    if title
                    else (restart if restart is not None else self._sentence_start(a_start))
                )
                builders.append(
                    {
                        "title": title,
                        "start": start,
                        "task_count": task_count,
                        "announcements": [(a_start, a_end)],
                    }
                )
            else:
                current["announcements"].append((a_start, a_end))
                current["task_count"] = current["task_count"] or task_count
            last_anchor_end = a_end
        domains = []
        for i, b in enumerate(builders):
            end = builders[i + 1]["start"] if i + 1 < len(builders) else len(self.text)
            title = b["title"]
            title_end = title[2] if title else b["start"]
            tasks = self._prose_tasks(b["start"], end, title)
            domains.append(
                OutlineDomain(
                    len(domains) + 1,
                    title[0] if title else None,
                    title[1] if title else b["start"],
                    title_end,
                    b["start"],
                    end,
                    b["task_count"],
                    tasks,
                    tuple(b["announcements"]),
                )
            )
        return domains

    def _announcements(self) -> list[tuple[int, int, int | None]]:
        """Return (start, end, task count) of each domain announcement, one per sentence."""
        found: dict[int, tuple[int, int, int | None]] = {}
        matches = list(_announcement().finditer(self.text))
        first_with_count = next((m.start() for m in matches if m["n"]), None)
        with_tasks = {self._sentence_start(m.start()) for m in matches if m["n"]}
        headline_end = self._headline_end(
            [m for m in matches if self._sentence_start(m.start()) not in with_tasks]
        )
        for m in matches:
            if first_with_count is not None and m.start() < self._sentence_start(first_with_count):
                continue
            if m.start() < headline_end:
                continue
            if self._is_part_clause(m.start()):
                continue
            sentence = self._sentence_start(m.start())
            count = _number(m["n"]) if m["n"] else None
            if sentence in found:
                s, e, c = found[sentence]
                found[sentence] = (s, max(e, m.end()), c or count)
            else:
                found[sentence] = (m.start(), m.end(), count)
        return [found[k] for k in sorted(found)]

    def _headline_end(self, matches: list[re.Match[str]]) -> int:
        """Return where the plan's headline figures end: leading project counts above all later ones.

        A plan announces its whole portfolio first (谋划重点项目600个), then each domain's share.
        """
        counts = [(m.end(), _number(m["m"] or m["m2"])) for m in matches if m["m"] or m["m2"]]
        end = 0
        for i, (match_end, count) in enumerate(counts):
            later = [c for _, c in counts[i + 1 :]]
            if len(later) >= 2 and count >= max(later) and count > min(later):
                end = match_end
            else:
                break
        return end

    def _is_part_clause(self, offset: int) -> bool:
        """True if the offset sits in a 其中 clause or names a status part, not a total."""
        clause_start = max(self.text.rfind(c, 0, offset) for c in "，。；\n") + 1
        clause = self.text[clause_start : offset + 8]
        return clause.startswith("其中") or any(w in clause for w in ("续建", "新开工", "储备"))

    def _sentence_start(self, offset: int) -> int:
        return max(self.text.rfind(c, 0, offset) for c in _SENTENCE_END) + 1

    def _title_before(self, offset: int) -> tuple[str, int, int] | None:
        """Return the title of the domain announced at ``offset``, with its offsets, or None.

        The title is the clause run before the announcement in its sentence (dropping trailing
        connector-only clauses such as "市政府正在"), or else the previous sentence when that one is a
        numbered heading or states a purpose (为…, 致力于…). A sub-heading line right above the
        paragraph (交通枢纽领域：加快建设国家综合交通枢纽) titles it first.
        """
        sentence_start = self._sentence_start(offset)
        heading = self._heading_line_above(sentence_start)
        if heading is not None:
            return heading
        for seg_start, seg_end in reversed(clauses(self.text, sentence_start, offset, "；")):
            kept = [
                c
                for c in clauses(self.text, seg_start, seg_end, "，")
                if not _only_connectors(self.text[c[0] : c[1]])
            ]
            if kept:
                found = self._cleaned(kept[0][0], kept[-1][1])
                if found:
                    return found
        if sentence_start == 0:
            return None
        previous_start = self._sentence_start(sentence_start - 1)
        previous = self.text[previous_start : sentence_start - 1].strip()
        if not previous or len(previous) > 60 or re.search(r"\d", previous):
            return None
        marker = self._marker_at(previous_start)
        words = _words()
        if marker is None and (
            any(previous.startswith(w) for w in words["non_title_openers"])
            or not any(w in previous for w in words["purpose_markers"])
        ):
            return None
        return self._cleaned(marker.end if marker else previous_start, sentence_start - 1)

    def _heading_line_above(self, paragraph_start: int) -> tuple[str, int, int] | None:
        """Return the title of a short unnumbered sub-heading line (X领域：slogan) above a paragraph."""
        if paragraph_start == 0 or self.text[paragraph_start - 1] != "\n":
            return None
        line_end = self.text[:paragraph_start].rstrip("\n")
        line_start = line_end.rfind("\n") + 1
        line = self.text[line_start : len(line_end)]
        colon = line.find("：")
        if not 2 <= colon <= 12 or len(line) > 40 or any(c in line for c in "。；，"):
            return None
        return line[:colon], line_start, line_start + colon

    def _cleaned(self, start: int, end: int) -> tuple[str, int, int] | None:
        """Return the cleaned title in text[start:end] with its offsets, if one is left."""
        marker = self._marker_at(start)
        if marker is not None and marker.end <= end:
            start = marker.end
        raw = self.text[start:end]
        cleaned = _clean_title(raw)
        if len(cleaned) < 4:
            return None
        at = raw.find(cleaned)
        return (cleaned, start + at, start + at + len(cleaned)) if at >= 0 else (cleaned, start, end)

    def _marker_at(self, offset: int) -> Marker | None:
        for m in self.markers:
            if m.start <= offset + 1 and offset <= m.end and self.text[offset : m.start].strip() == "":
                return m
        return None

    def _restart_between(self, start: int, end: int) -> int | None:
        """Return the offset where task numbering restarts at one between start and end, if it does."""
        last: dict[str, int] = {}
        for m in self.markers:
            if m.start < start or m.start >= end:
                continue
            if m.value == 1 and last.get(m.style, 0) >= 1:
                return m.start
            last[m.style] = m.value
        return None

    def _prose_tasks(
        self, start: int, end: int, title: tuple[str, int, int] | None
    ) -> tuple[OutlineTask, ...]:
        markers = [
            m
            for m in self.markers
            if start <= m.start < end
            and m.style in _PROSE_TASK_STYLES
            and not (title and m.end >= title[1] - 1 and m.start <= title[1])
        ]
        # Topics (在…方面) title tasks only where nothing numbers them; else they are sub-points.
        if any(m.style != "topic" for m in markers):
            markers = [m for m in markers if m.style != "topic"]
        if not markers:
            return self._sentence_headed_tasks(title[2] if title else start, end)
        tasks = []
        for i, marker in enumerate(markers):
            task_end = markers[i + 1].start if i + 1 < len(markers) else end
            text, title_start, title_end = _title_after(self.text, marker)
            if text and not self._announces_domain(title_end):
                tasks.append(OutlineTask(marker.value, text, title_start, title_end, marker.start, task_end))
        return tuple(tasks)

    def _sentence_headed_tasks(self, start: int, end: int) -> tuple[OutlineTask, ...]:
        """Read unnumbered tasks headed by a short sentence of their own: 建设国家医学高地。支持…"""
        heads = []
        for m in _SENTENCE_HEAD.finditer(self.text, start, end):
            following = self.text[m.end() : m.end() + 1]
            if following and following not in "\n" and not self._announces_domain(m.end()):
                heads.append((m.start("t"), m.end("t")))
        if len(heads) < 2:
            return ()
        return tuple(
            OutlineTask(i + 1, self.text[s:e], s, e, s, heads[i + 1][0] if i + 1 < len(heads) else end)
            for i, (s, e) in enumerate(heads)
        )

    def _announces_domain(self, title_end: int) -> bool:
        """True if the sentence after a numbered title announces a domain (so it titles one)."""
        following = self.text[title_end : title_end + 40]
        m = _announcement().search(following)
        return bool(m) and m.start() <= 12


def read_outline(text: str) -> Outline:
    """Return the outline (domains and tasks) of a plan's text."""
    return OutlineReader(text).read()
