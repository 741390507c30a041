"""Word rules after resolution: place units and prefixes, modifier and adverb forms, number templates.

章丘 + 区 -> Zhangqiu District, 市 at the start -> Municipal, 现代化 before a noun -> Modern, 大力 + a verb
-> Vigorously ..., 7 + 号线 -> Line 7, 4000 + 万吨 -> 40 Million Tons.
"""

from __future__ import annotations

import re
from decimal import Decimal

from policykg.graph_builder.english.words import CONJUNCTIONS, NUMERALS, Source, Word
from policykg.numerals import chinese_integer

# A number template may scale its number: "{n*10000} Tons" after 万吨.
_MAGNITUDE = re.compile(r"\{n\*(\d+)\}")
# The Chinese numbers of lines and phases that a template takes: one numeral, or up to two with 十
# (十二, 二十, 二十三).
_SMALL_NUMBER = re.compile(rf"[{NUMERALS}]|[{NUMERALS}]?十[{NUMERALS}]?")


def apply_affixes(words: list[Word]) -> None:
    """Read one-character units after a name (区 -> District) and prefixes at the start (市 -> Municipal).

    A prefix also reads so right after a verb: 建设省实验室 -> Build Provincial Laboratories.
    """
    for index, word in enumerate(words):
        if len(word.zh) != 1 or word.term is None:
            continue
        suffix, prefix = word.value("suffix"), word.value("prefix")
        at_start = index == 0 or words[index - 1].verb is not None
        if suffix is not None and index > 0 and words[index - 1].proper:
            word.en, word.proper = suffix, True
        elif prefix is not None and at_start and index + 1 < len(words) and not words[index + 1].proper:
            word.en = prefix


def apply_modifiers(words: list[Word]) -> list[Word]:
    """Use modifier and adverb forms before the words they modify.

    现代化 before a noun is "Modern" (alone, "Modernization"); 大力 before a verb joins it as
    "Vigorously ...", and the pair reads "Vigorous ..." inside names.
    """
    out: list[Word] = []
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else None
        adverb, modifier = word.value("adv"), word.value("mod")
        if adverb and following is not None and following.verb is not None:
            following.zh = word.zh + following.zh
            following.verb = f"{adverb} {following.verb}"
            following.ing = f"{adverb} {following.ing}" if following.ing else None
            following.noun = f"{word.en} {following.noun}" if following.noun else None
            continue
        # A verb keeps its verb reading at the start of a piece (创新消费新场景 -> Innovate ...).
        leads = index == 0 and word.verb is not None
        if (
            modifier
            and not leads
            and following is not None
            and following.en
            and following.en not in CONJUNCTIONS
        ):
            word.en, word.verb = modifier, None
        out.append(word)
    return out


def _number(word: Word) -> str | None:
    """Return the digits of a number word: 7, 七, 十二, 二十, 二十三 (the numbers of lines and phases)."""
    if re.fullmatch(r"\d+(?:\.\d+)?", word.zh):
        return word.zh
    if not _SMALL_NUMBER.fullmatch(word.zh):
        return None
    try:
        # cn2an reads 十 alone but not 百 alone (a hundred: 百 + 万吨 is a million tons).
        return str(chinese_integer("一百" if word.zh == "百" else word.zh))
    except ValueError:
        return None


def apply_numbers(words: list[Word]) -> list[Word]:
    """Fill number templates: 7 + 号线 -> Line 7, 2023 + 年 -> 2023, 4000 + 万吨 -> 40 Million Tons."""
    out: list[Word] = []
    for word in words:
        template = word.value("num")
        number = _number(out[-1]) if out and template is not None else None
        if template is not None and number is not None:
            last = out.pop()
            out.append(Word(last.zh + word.zh, _fill(template, number), Source.GLOSSARY, word.term))
        else:
            out.append(word)
    return out


def _fill(template: str, number: str) -> str:
    """Put a number into a template: "Line {n}", or scaled as in "{n*10000} Tons"."""
    return _MAGNITUDE.sub(lambda m: _scaled(number, int(m.group(1))), template).replace("{n}", number)


def _scaled(number: str, factor: int) -> str:
    """Return ``number`` times ``factor`` in words: 4000 x 10000 -> "40 Million", 30 x 10000 -> "300,000"."""
    value = Decimal(number) * factor
    for size, name in ((10**12, "Trillion"), (10**9, "Billion"), (10**6, "Million")):
        if value >= size:
            return f"{_digits(value / size)} {name}"
    return _digits(value)


def _digits(value: Decimal) -> str:
    """Write a number with thousands separators and no trailing decimal zeros."""
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
