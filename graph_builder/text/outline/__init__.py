"""Find a plan's outline: its domains (领域) and their numbered tasks (重点工作).

Two layouts occur in the genre. Official documents put numbered headings on lines of their own
(一、 or 第三章 for domains; （一）, 第一节, 第一条 or 1. for tasks; sections such as 总体要求
or 保障措施 are not domains, and a 重点任务 section's sub-headings are): see ``headings``. News
rewrites head domains with bulleted or bracketed lines (◆研发平台板块：…, 【科技创新】) and lead tasks
with 其一, 首先, —— or 在…方面 (``markers``); rewrites in running prose announce each domain with a
statement such as "认真抓好六项重点工作" (``prose``). Words that shape this (section names,
connectors, lead-ins) are in data/outline.toml (``wording``). This package sees text only.
"""

from __future__ import annotations

from policykg.graph_builder.text.outline.model import Outline, OutlineDomain, OutlineTask
from policykg.graph_builder.text.outline.reader import read_outline

__all__ = ["Outline", "OutlineDomain", "OutlineTask", "read_outline"]
