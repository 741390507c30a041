"""Read quantitative targets: a metric, a value with its unit, a comparator and the years.

A target is a clause that states a value for a metric with a target verb or qualifier:
"到2025年，济南市人才总量突破300万", "能耗强度将比2020年降低14%以上", "稳定在58亿斤左右",
"培育10个省级现代服务业集聚示范区" (``sentences``). The verbs and qualifiers and the comparator each
implies, the words stripped from the front of a metric, and the units implied by a metric's words are
data (data/targets.toml, read in ``wording``). The deadline is the year the sentence says the target
is due (到2025年, 2025年前); the baseline the year it compares with (比2020年, 较2020年). Where the
sentence prints no year, ``years`` reads 今年/明年/十四五末 against the document's year and ``sections``
the year of a heading (and the fact sections, 现状, that hold statistics); ``owners`` reads a unit's
planned investment and whose target it is; ``tasks`` a numbered task's verb-object-figure clause.
"""

from __future__ import annotations

from policykg.graph_builder.text.targets.sentences import TargetMention, find_targets

__all__ = ["TargetMention", "find_targets"]
