"""Read the outline of a news layout: unnumbered section heads, short lines that stand alone between
paragraphs (以产兴城以城聚产 持续推进产城融合发展), one domain each until the next head.

A head is a line of at most a few dozen characters with no sentence's end or colon in it (an interview's
question is not a head), not the headline; a run of such lines (a head printed on two lines) is one
head titled by its first line. Above a head stands a paragraph or a label line (某某高新区——); below it,
a paragraph. It takes two heads to make an outline.
"""

from __future__ import annotations

import re

from policykg.graph_builder.text.outline.model import OutlineDomain

_MAX_HEAD = 32
_MIN_PARAGRAPH = 40
_NOT_HEAD = re.compile(r"[。；？！?!：:]|^(?:[一二三四五六七八九十\d]+[、.．]|[（(])|[—-]$")
_PARAGRAPH_END = ("。", "？", "！", "”", "?", "!")


def _is_paragraph(line: str) -> bool:
    return len(line) >= _MIN_PARAGRAPH or line.endswith(_PARAGRAPH_END)


def _is_head_line(line: str) -> bool:
    return len(line) <= _MAX_HEAD and not _NOT_HEAD.search(line)


def bare_heads(text: str) -> list[OutlineDomain]:
    """Return the domains under the unnumbered section heads of a text, or [] if it has fewer than two."""
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]
    lines = [(start + len(line) - len(line.lstrip()), line.strip()) for start, line in lines]
    heads: list[tuple[int, int]] = []
    i = 1  # the first line is the headline
    while i < len(lines) - 1:
        run = i
        while run < len(lines) and _is_head_line(lines[run][1]):
            run += 1
        above = lines[i - 1][1]
        opens = _is_paragraph(above) or above.endswith("—")
        if run > i and run < len(lines) and run - i <= 2 and opens and _is_paragraph(lines[run][1]):
            start, line = lines[i]
            heads.append((start, start + len(line)))
        i = max(run, i + 1)
    if len(heads) < 2:
        return []
    domains = []
    for n, (start, end) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else len(text)
        domains.append(OutlineDomain(n + 1, text[start:end], start, end, start, stop))
    return domains
