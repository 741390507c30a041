"""The outline's vocabulary (data/outline.toml) and the rules that read words: announcements of
domains, paragraphs that carry tasks on, and the lead-ins and connectors stripped from titles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from policykg.data import load_settings
from policykg.patterns import CN_COUNT, alternation

# A count as printed: 6, 六, 十二.
_NUM = rf"[0-9]+|[{CN_COUNT}]+"


def outline_words() -> Mapping[str, Any]:
    """Return the words that shape an outline (data/outline.toml), read once."""
    return load_settings("outline.toml")


@cache
def announcement() -> re.Pattern[str]:
    """Return the pattern of a domain's announcement: a count of tasks (group n) or of projects (m, m2)."""
    words = outline_words()
    nouns = alternation(words["task_count_nouns"])
    adverbs = alternation(words["announcement_adverbs"])
    verbs = alternation(words["announcement_verbs"])
    project_verbs = alternation(words["project_verbs"])
    return re.compile(
        rf"(?P<verb>(?:{adverbs})?(?:{verbs}))?(?P<n>{_NUM})项(?P<noun>{nouns})"
        rf"|(?P<verb2>(?:扎实)?推进)?(?:总投资[^，。；]{{1,14}}的)?(?:共|有)?(?P<m>{_NUM})[个项](?:重点|重大)项目"
        rf"|(?:共|将|拟)?(?:{project_verbs})?(?:重点|重大)项目(?:共|有)?(?P<m2>{_NUM})[个项]"
    )


@cache
def continuer() -> re.Pattern[str]:
    """Return the pattern of a short paragraph that carries prose tasks on: 同时，深化科技合作。"""
    words = alternation(outline_words()["task_continuers"])
    return re.compile(rf"(?<=\n)[ \t]*(?:{words})，(?=[^。；，\n]{{4,20}}。)")


def clean_title(title: str) -> str:
    """Strip lead-ins (重点提出了, 为), connectors and trailers (的工作) from a domain title."""
    words = outline_words()
    changed = True
    while changed and title:
        changed = False
        for lead in sorted(words["title_leadins"] + words["connectors"], key=len, reverse=True):
            if lead in title[:12] and title.find(lead) <= 8 and only_connectors(title[: title.find(lead)]):
                title = title[title.find(lead) + len(lead) :].lstrip("，,：:、 ")
                changed = True
                break
    for trailer in words["title_trailers"]:
        if title.endswith(trailer) and len(title) > len(trailer) + 4:
            title = title[: -len(trailer)]
    return title.strip("，。；、 ")


def only_connectors(text: str) -> bool:
    """True if a clause holds only connectors or a short subject (武汉, 武汉将, 我市要)."""
    words = outline_words()
    text = text.strip("，,；;、 。")
    if len(text) <= 3 or (len(text) <= 5 and text.endswith(tuple(words["subject_trailers"]))):
        return True
    for word in sorted(words["connectors"], key=len, reverse=True):
        text = text.replace(word, "")
    return len(text.strip("，,；;、 。")) == 0
