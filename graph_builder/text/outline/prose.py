"""Read an outline from running prose: domains announced by a count of their tasks or projects.

A statement such as "认真抓好六项重点工作，扎实推进……的90个重点项目" announces a domain, titled by
the clause before it or by a sub-heading line above it (交通枢纽领域：…); when the announcing
sentence holds no title, a numbered sentence or a statement of purpose (为…, 致力于…) right before it
is the title. Tasks are numbered inline (一、…。二、…。) and the numbering restarts for the next
domain; a second announcement with no title and no restart restates the current domain.
"""

from __future__ import annotations

import re

from policykg.graph_builder.text.clauses import clauses
from policykg.graph_builder.text.outline.markers import SENTENCE_END, Marker, title_after
from policykg.graph_builder.text.outline.model import OutlineDomain, OutlineTask
from policykg.graph_builder.text.outline.wording import (
    announcement,
    clean_title,
    only_connectors,
    outline_words,
)
from policykg.numerals import ordinal_or_none
from policykg.patterns import HAN_RANGES

# A short sentence that heads what follows it in its paragraph: 。建设国家医学高地。支持…
_SENTENCE_HEAD = re.compile(rf"(?:^|(?<=[。！？\n]))[ \t]*(?P<t>[{HAN_RANGES}“”]{{4,12}})。")
_PROSE_TASK_STYLES = ("cn", "paren_cn", "shi", "di", "qi", "dash", "topic")
# Status words that make a count of projects a part of the portfolio, not a domain's total.
_PART_WORDS = ("续建", "新开工", "储备")

Title = tuple[str, int, int]


class ProseReader:
    """Read the domains of one text from the announcements in its prose."""

    def __init__(self, text: str, markers: list[Marker]) -> None:
        self.text = text
        self.markers = markers

    def domains(self) -> list[OutlineDomain]:
        """Return one domain per announcement that has a title or restarts the task numbering."""
        builders: list[dict] = []
        last_anchor_end = 0
        for a_start, a_end, task_count in self._announcements():
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
        matches = list(announcement().finditer(self.text))
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
            count = ordinal_or_none(m["n"]) if m["n"] else None
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
        read = [(m.end(), ordinal_or_none(m["m"] or m["m2"])) for m in matches if m["m"] or m["m2"]]
        counts = [(end, count) for end, count in read if count is not None]
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
        return clause.startswith("其中") or any(w in clause for w in _PART_WORDS)

    def _sentence_start(self, offset: int) -> int:
        return max(self.text.rfind(c, 0, offset) for c in SENTENCE_END) + 1

    def _title_before(self, offset: int) -> Title | None:
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
                if not only_connectors(self.text[c[0] : c[1]])
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
        words = outline_words()
        if marker is None and (
            any(previous.startswith(w) for w in words["non_title_openers"])
            or not any(w in previous for w in words["purpose_markers"])
        ):
            return None
        return self._cleaned(marker.end if marker else previous_start, sentence_start - 1)

    def _heading_line_above(self, paragraph_start: int) -> Title | None:
        """Return the title of a short unnumbered sub-heading line (X领域：slogan) above a paragraph."""
        if paragraph_start == 0 or self.text[paragraph_start - 1] != "\n":
            return None
        line_end = self.text[:paragraph_start].rstrip("\n")
        line_start = line_end.rfind("\n") + 1
        line = self.text[line_start : len(line_end)]
        colon = line.find("：")
        # An interview's question (记者：…？) is a turn, not a sub-heading.
        if not 2 <= colon <= 12 or len(line) > 40 or any(c in line for c in "。；，？?"):
            return None
        return line[:colon], line_start, line_start + colon

    def _cleaned(self, start: int, end: int) -> Title | None:
        """Return the cleaned title in text[start:end] with its offsets, if one is left."""
        marker = self._marker_at(start)
        if marker is not None and marker.end <= end:
            start = marker.end
        raw = self.text[start:end]
        cleaned = clean_title(raw)
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

    def _prose_tasks(self, start: int, end: int, title: Title | None) -> tuple[OutlineTask, ...]:
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
            text, title_start, title_end = title_after(self.text, marker)
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
        m = announcement().search(following)
        return bool(m) and m.start() <= 12
