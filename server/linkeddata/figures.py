"""Figures as a Chinese plan prints them: yuan in 亿元 or 万元, counts of projects in 个 (English beside).

Findings store figures in base units (yuan, projects) so that they can be compared; people read them in
the units the plan itself uses, so pages show ``1920.83亿元`` rather than ``192083000000``.
"""

from __future__ import annotations

from decimal import Decimal

#: Chinese money units, the largest first: (size in yuan, unit).
_ZH_UNITS = ((Decimal(10) ** 8, "亿元"), (Decimal(10) ** 4, "万元"))
#: English money units, the largest first.
_EN_UNITS = ((Decimal(10) ** 9, " billion yuan"), (Decimal(10) ** 6, " million yuan"))


def _plain(value: Decimal) -> str:
    """Return a number without exponent or trailing zeros: 1920.830 -> 1920.83, 8E+1 -> 80."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def printed(value: Decimal, count: bool, lang: str = "zh") -> str:
    """Return a figure as printed: a count of projects (个) or an amount of money in 亿元/万元."""
    if count:
        return f"{_plain(value)}个" if lang == "zh" else f"{_plain(value)} projects"
    chinese = next((f"{_plain(value / size)}{unit}" for size, unit in _ZH_UNITS if abs(value) >= size), None)
    chinese = chinese or f"{_plain(value)}元"
    if lang == "zh":
        return chinese
    english = next((f"{_plain(value / size)}{unit}" for size, unit in _EN_UNITS if abs(value) >= size), None)
    return f"{english} ({chinese})" if english else f"{_plain(value)} yuan"
