"""Read an outline from numbered headings on lines of their own: 一、 第三章 （一） 1. ◆ 【…】.

The first style of heading in the text heads the domains, unless its section is one of tasks
(重点任务), whose sub-headings do; sections such as 总体要求 or 保障措施 are no domains. Each domain's
tasks are its markers of the highest style below it.
"""

from __future__ import annotations

from policykg.graph_builder.text.outline.markers import ORDER, Marker, title_after
from policykg.graph_builder.text.outline.model import OutlineDomain, OutlineTask
from policykg.graph_builder.text.outline.wording import announcement, clean_title, continuer, outline_words
from policykg.numerals import ordinal_or_none

# Prose numbering (一是, 第一, 其一) that a paragraph may carry on unnumbered (同时，…).
_PROSE_NUMBERED = ("shi", "di", "qi")


class HeadingsReader:
    """Read the domains of one text from its heading lines."""

    def __init__(self, text: str, markers: list[Marker]) -> None:
        self.text = text
        self.markers = markers

    def domains(self) -> list[OutlineDomain]:
        """Return the domains the headings give, or none when the text has no such headings."""
        headings = [m for m in self.markers if m.starts_line and self._is_heading_line(m)]
        # Bare short lines head sections only where nothing numbered or bulleted does.
        if any(m.style not in ("shi", "di", "line") for m in headings):
            headings = [m for m in headings if m.style != "line"]
        # Prose numbering (一是, 第一) titles tasks, not sections, unless nothing else heads the text.
        if any(m.style not in ("shi", "di") for m in headings):
            headings = [m for m in headings if m.style not in ("shi", "di")]
        if len({m.style for m in headings}) >= 1 and len(headings) >= 2:
            return self._from_headings(headings)
        return []

    def _is_heading_line(self, marker: Marker) -> bool:
        line_end = self.text.find("\n", marker.end)
        line = self.text[marker.end : line_end if line_end >= 0 else len(self.text)].strip()
        return 0 < len(line) <= 40 and "。" not in line.rstrip("。")

    def _from_headings(self, headings: list[Marker]) -> list[OutlineDomain]:
        words = outline_words()
        levels = sorted(
            {m.style for m in headings}, key=lambda s: min(m.start for m in headings if m.style == s)
        )
        top = [m for m in headings if m.style == levels[0]]
        domain_markers: list[Marker] = []
        for i, marker in enumerate(top):
            title, _, _ = title_after(self.text, marker)
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
        title, start, end = title_after(self.text, marker)
        if marker.style != "line":
            return title, start, end
        cleaned = clean_title(title)
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
            and ORDER.index(m.style) > ORDER.index(marker.style)
        ]
        if not below:
            return []
        style = min({m.style for m in below}, key=ORDER.index)
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
            and ORDER.index(m.style) < ORDER.index(marker.style)
        ]
        candidates = ends + following[:1] + heading_ends[:1]
        return min(candidates) if candidates else len(self.text)

    def _tasks_in(self, start: int, end: int, exclude_style: str | None = None) -> tuple[OutlineTask, ...]:
        inside = [m for m in self.markers if start <= m.start < end and m.style != exclude_style]
        if not inside:
            return ()
        style = min({m.style for m in inside}, key=ORDER.index)
        chosen = [m for m in inside if m.style == style]
        if style in _PROSE_NUMBERED:
            chosen += self._continuers(chosen[-1], end)
        tasks = []
        for i, marker in enumerate(chosen):
            task_end = chosen[i + 1].start if i + 1 < len(chosen) else end
            title, title_start, title_end = title_after(self.text, marker)
            if title:
                tasks.append(OutlineTask(marker.value, title, title_start, title_end, marker.start, task_end))
        return tuple(tasks)

    def _continuers(self, last: Marker, end: int) -> list[Marker]:
        """Return paragraphs that carry numbered prose tasks on: 同时，深化科技合作。 / 此外，…"""
        found = []
        for m in continuer().finditer(self.text, last.end, end):
            found.append(Marker(m.start(), m.end(), "continuer", last.value + len(found) + 1, True))
        return found

    def _task_count(self, start: int, end: int) -> int | None:
        for m in announcement().finditer(self.text, start, end):
            if m["n"]:
                return ordinal_or_none(m["n"])
        return None
