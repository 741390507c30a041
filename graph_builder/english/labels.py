"""English labels for the names and titles of Chinese policy plans, composed word by word.

A label is composed, not translated: the name is normalized (NFKC, Chinese quotes dropped, year ranges
as 2023–2025) and split at brackets and commas; ``policykg.graph_builder.english.resolve`` resolves each
piece to English words (the longest entries of the glossary of general policy vocabulary,
``data/glossary_en.tsv``, then CC-CEDICT for the jieba words of the gaps, then pinyin for proper
names). A few predictable rules make English of the words:

- a proper name before a place unit keeps its pinyin: 章丘区 -> Zhangqiu District, 山东省 -> Shandong
  Province, 商河县 -> Shanghe County. A city drops "City", as English usage does: 济南市 -> Jinan, so
  济南 and 济南市 read the same; a name that starts with 市 reads "Municipal" (市中心医院 -> Municipal
  Central Hospital);
- a word that CC-CEDICT lists as a place, or does not know, right before a naming head (水库, 医院,
  实验室 ...) is a proper name: 太平水库 -> Taiping Reservoir, 泉城实验室 -> Quancheng Laboratory;
- numbers fill templates (7号线 -> Line 7), heads take the phrase before them (企业数量 -> Number of
  Enterprises), and runs of coordinate attributes are joined (绿色低碳高质量发展 -> Green, Low-Carbon
  and High-Quality Development);
- brackets keep their content, translated: 国家健康医疗大数据中心(北方) -> National Health and Medical Big
  Data Center (North);
- a government body's head (局, 厅, 委, 办 ..., tagged gov) makes a province or city before it an adjective
  and 厅 takes the field after it: 山东省交通运输厅 -> Shandong Provincial Department of Transport; a
  company's province drops its unit before the brand (福建省某某实业有限公司 -> Fujian Moumou Industrial
  Co., Ltd.); provinces and cities keep their pinyin (``places``); 在…上 frames of titles follow the
  verb (``frames``).

The ontology class (``kind``) decides the form: a Task or Domain title is an imperative verb phrase
in title case with plural objects (构建高度创新平台 -> Build High-Level Innovation Platforms); a Plan title
moves its head to the front (济南市...三年行动计划(2023—2025年) -> Jinan Three-Year Action Plan for
Deepening ... (2023–2025)); a Target metric is a lower-case noun phrase (人才总量 -> total talent pool);
places (Province, City, District, County) keep the pinyin of their proper part; everything else is a
name in title case. Labels are printable ASCII, plus the en dash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from policykg.graph_builder.english.bodies import body_places, is_level
from policykg.graph_builder.english.frames import move_frames
from policykg.graph_builder.english.glossary import glossary
from policykg.graph_builder.english.inflection import gerund, lower_case, plural, title_case
from policykg.graph_builder.english.normalize import TITLE_KINDS, normalize
from policykg.graph_builder.english.resolve import proper_stem, resolve_piece, romanize
from policykg.graph_builder.english.romanize import romanize_word
from policykg.graph_builder.english.words import CONJUNCTIONS, Source, Word, glossary_word
from policykg.patterns import (
    HAN,
    YEAR,
)

PLACE_KINDS = frozenset({"Province", "City", "District", "County"})
# Units of the divisions that contain others: a place name may start with one (山东省济南市).
_PARENT_UNITS = ("省", "市", "自治区", "自治州", "特别行政区", "盟")


class Mode(StrEnum):
    """The grammatical form a label takes."""

    NAME = "name"
    TITLE = "title"
    PLAN = "plan"
    METRIC = "metric"


@dataclass(frozen=True)
class Origin:
    """How one word of a label was resolved, for reports and tests."""

    zh: str
    en: str
    source: Source


# A period at the end of a normalized plan title: (2023–2025), (2025).
_PERIOD = re.compile(rf"\(\s*({YEAR}(?:–{YEAR})?)\s*\)\s*$")
_PUNCT = re.compile(r"([()\[\]【】,;:、]|\s+)")
_COORDINATED = re.compile(r", | and ")
_PREPOSITIONS = (" in", " on", " for", " of", " with")
_BARE_PREPOSITIONS = frozenset(p.strip() for p in _PREPOSITIONS)


# A metric that counts things above a threshold of a measure: 营业收入达到100亿元以上的企业(数量).
_THRESHOLD_COUNT = re.compile(
    r"^(?P<measure>[^0-9的]{2,}?)(?:达到|超过|在)?(?P<figure>[0-9.]+[^0-9的]{0,3}?(?:以上|及以上))的"
    r"(?P<things>[^0-9的]{1,}?)(?:的)?(?:数量|个数|数)?$"
)


def english_label(zh: str, kind: str | None = None) -> str:
    """Return the English label of a Chinese name or title; ``kind`` is its ontology class local name."""
    if kind == "Target" and (frame := _THRESHOLD_COUNT.match(zh.strip())):
        things = plural(english_label(frame["things"], "Target"))
        measure = english_label(frame["measure"], "Target")
        figure = english_label(frame["figure"], "Target")
        return f"number of {things} with {measure} of {figure}"
    label = _label(zh.strip(), kind)[0]
    if not label and HAN.search(zh):
        # Only dropped words (的, 等) were left: a pinyin label beats an empty one.
        return romanize_word("".join(HAN.findall(zh)))
    return label


def label_origins(zh: str, kind: str | None = None) -> tuple[Origin, ...]:
    """Return how each word of ``zh``'s label was resolved (glossary, CC-CEDICT, pinyin ...)."""
    return _label(zh.strip(), kind)[1]


@lru_cache(maxsize=8192)
def _label(zh: str, kind: str | None) -> tuple[str, tuple[Origin, ...]]:
    """Compose the label and the record of its words' origins."""
    text = normalize(zh, kind)
    if kind in PLACE_KINDS:
        words = list(_place_words(text))
        return _finish(words, Mode.NAME), _origins(words)
    mode = Mode.TITLE if kind in TITLE_KINDS else Mode.METRIC if kind == "Target" else Mode.NAME
    if kind == "Plan":
        return _plan_label(text)
    words, origins = _compose(text, mode)
    _apply_grammar(words, mode)
    if mode is Mode.NAME:
        body_places(words)
    if kind == "ProjectPortfolio":
        _pluralize_objects([w for w in words if w.source is not Source.PUNCT], Mode.TITLE)
    return _finish(words, mode), origins


# --- composing a label ----------------------------------------------------------------------------


def _compose(text: str, mode: Mode) -> tuple[list[Word], tuple[Origin, ...]]:
    """Split ``text`` at brackets and commas, resolve each piece, and apply the phrase rules.

    Returns the words and the origins of the resolved words, recorded before phrase rules merge them.
    """
    words: list[Word] = []
    origins: list[Origin] = []
    for piece in _PUNCT.split(text):
        if not piece or piece.isspace():
            continue
        if _PUNCT.fullmatch(piece):
            mark = {"[": "(", "【": "(", "]": ")", "】": ")", "、": ","}.get(piece, piece)
            words.append(Word(piece, mark, Source.PUNCT))
            continue
        piece_words = resolve_piece(piece)
        origins.extend(_origins(piece_words))
        if mode is Mode.METRIC:
            for word in piece_words:
                if not word.proper:
                    word.en = lower_case(word.en)
        words.extend(_apply_templates(_coordinate(piece_words), mode))
    return words, tuple(origins)


def _coordinate(words: list[Word]) -> list[Word]:
    """Join runs of coordinate attributes: Green + Low-Carbon + High-Quality Development -> "A, B and C"."""
    out: list[Word] = []
    run: list[Word] = []
    for word in [*words, None]:
        if word is not None and word.has("a") and word.en:
            run.append(word)
            continue
        if len(run) >= 2:
            # "Green and Low-Carbon" + "High-Quality Development" -> "Green, Low-Carbon and High-Quality ..."
            items = [item for w in run for item in _COORDINATED.split(w.en)]
            joined = ", ".join(items[:-1]) + " and " + items[-1]
            out.append(Word("".join(w.zh for w in run), joined, Source.GLOSSARY, run[-1].term))
        else:
            out.extend(run)
        run = []
        if word is not None:
            out.append(word)
    return out


def _apply_templates(words: list[Word], mode: Mode) -> list[Word]:
    """Let heads such as 数量 (Number of {+}) and 比重 (Share of {}) take the phrase before them."""
    out: list[Word] = []
    for word in words:
        if "{}" not in word.en and "{+}" not in word.en:
            out.append(word)
            continue
        start = len(out)
        # A government body's head takes its field, not the level or place before it (省 + 交通运输厅).
        stops = is_level if word.has("gov") else lambda _: False
        while start > 0 and out[start - 1].verb is None and not stops(out[start - 1]):
            start -= 1
        phrase = [w for w in out[start:] if w.en]
        del out[start:]
        if not phrase:
            bare = re.sub(r"\s*(?:of\s*)?\{\+?\}\s*", " ", word.en, flags=re.IGNORECASE).strip()
            out.append(Word(word.zh, bare, Source.GLOSSARY, word.term))
            continue
        if "{+}" in word.en and phrase[-1].has("n"):
            phrase[-1].en = phrase[-1].value("pl") or plural(phrase[-1].en)
        inner = " ".join(_render(w, mode) for w in phrase)
        merged = word.en.replace("{+}", inner).replace("{}", inner)
        out.append(Word("".join(w.zh for w in phrase) + word.zh, merged, Source.GLOSSARY, word.term))
    return out


def _render(word: Word, mode: Mode) -> str:
    """Return a word's English as it stands inside a noun phrase (verbs read as nouns)."""
    if word.verb is not None and mode is not Mode.TITLE and word.noun:
        return word.noun
    return word.en


def _apply_grammar(words: list[Word], mode: Mode) -> None:
    """Make clauses of titles into verb phrases and keep verbs inside names as nouns."""
    if mode in (Mode.NAME, Mode.METRIC):
        for word in words:
            if word.verb is not None and word.noun:
                word.en = lower_case(word.noun) if mode is Mode.METRIC and not word.proper else word.noun
        return
    words[:] = move_frames(words)
    for clause in _clauses(words):
        _verb_phrase(clause, mode)


def _clauses(words: list[Word]) -> Iterator[list[Word]]:
    """Yield the runs of words between punctuation."""
    clause: list[Word] = []
    for word in words:
        if word.source is Source.PUNCT:
            if clause:
                yield clause
            clause = []
        else:
            clause.append(word)
    if clause:
        yield clause


def _verb_phrase(clause: list[Word], mode: Mode) -> None:
    """Render one clause of a task or plan title: verbs lead, objects follow, clauses join with "and".

    A verb at the start (or after "and") is the head: imperative in task titles, gerund in plan
    titles. A verb right after a head reads as a noun ("Promote the Construction of ..."); after a
    head that ends in a preposition it is a gerund ("Take the Lead in Serving ...") or, after "to",
    a plain verb ("Continue to Improve ..."). A verb after a noun starts a new verb phrase, joined
    with "and".
    """
    state = "start"
    follow: str | None = None
    object_words: list[Word] = []
    has_head = False
    words = [word for word in clause if word.en]
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else None
        if word.en in CONJUNCTIONS:
            state = "start" if state == "verb" and follow is None else state
            object_words.append(word)
            continue
        # Only glossary verbs start a phrase after a noun: CC-CEDICT's verb senses are too loose.
        previous = words[index - 1] if index else None
        leads = (
            word.verb is not None
            and (state != "noun" or (word.term is not None and not word.has("nominal")))
            and not (previous is not None and _modifier(previous))
            # a verb between a noun and a countable head names the kind (物流畅通行动: Unblocking Actions)
            and not (state == "noun" and following is not None and _countable_head(following))
        )
        if not leads or (state == "noun" and following is None):
            if word.verb is not None:
                word.en = word.noun or word.en
            if state == "verb" and " of " in word.en and not word.en.lower().startswith(("the ", "a ")):
                word.en = f"the {word.en}"
            state = "noun"
            object_words.append(word)
            continue
        if has_head:
            _pluralize_objects(object_words, mode)
        object_words = []
        has_head = True
        if follow is not None and state != "noun":
            word.en = word.ing or gerund(word.verb) if follow == "gerund" else word.verb
        elif state == "verb":
            has_object = following is not None and following.en not in CONJUNCTIONS | _BARE_PREPOSITIONS
            word.en = f"the {word.noun} of" if has_object and word.noun else word.noun or word.en
        else:
            head = word.verb if mode is Mode.TITLE else word.ing or gerund(word.verb)
            joined = previous is not None and previous.en in CONJUNCTIONS
            word.en = f"and {head}" if state == "noun" and not joined else head
            follow = (
                "verb"
                if word.verb.endswith(" to")
                else "gerund"
                if word.verb.endswith(_PREPOSITIONS)
                else None
            )
        state = "verb"
    if has_head:
        _pluralize_objects(object_words, mode)


def _countable_head(word: Word) -> bool:
    """Return whether a word is a countable glossary noun that is not also a verb (行动, 基地)."""
    return word.has("n") and word.verb is None


def _modifier(word: Word) -> bool:
    """Return whether a word modifies the verb after it as a noun: a one-character attribute (新 突破)."""
    term = word.term
    if term is None or len(word.zh) != 1 or word.verb is not None or not word.en or word.en in CONJUNCTIONS:
        return False
    if term.has("n") or term.has("break") or term.has("join"):
        return False
    return not (term.value("prefix") or term.value("suffix") or term.value("num"))


def _pluralize_objects(object_words: list[Word], mode: Mode) -> None:
    """In task titles, make the last countable noun of each coordinated object plural."""
    if mode is not Mode.TITLE or not object_words:
        return
    conjuncts: list[list[Word]] = [[]]
    for word in object_words:
        if word.en in CONJUNCTIONS:
            conjuncts.append([])
        elif word.en:
            conjuncts[-1].append(word)
    # 实验室和创新中心 has two heads (Laboratories and Innovation Centers); in 新能源汽车和智能网联汽车产业
    # the last conjunct's head is shared (New Energy Vehicle and ... Vehicle Industries).
    if len(conjuncts[-1]) > 1:
        conjuncts = conjuncts[-1:]
    for conjunct in conjuncts:
        last = conjunct[-1] if conjunct else None
        if last is not None and last.term is not None and last.has("n") and last.en == last.term.en:
            last.en = last.value("pl") or plural(last.en)


def _finish(words: list[Word], mode: Mode) -> str:
    """Join the words' English with the right spacing and case."""
    out = ""
    for word in words:
        en = word.en.strip()
        if not en:
            continue
        if word.source is Source.PUNCT:
            out = out.rstrip() + (" (" if en == "(" else en + " " if en in {",", ";", ":"} else en)
            continue
        if word.has("join"):
            out = out.rstrip() + en
            continue
        if en == "/" or out.endswith("/"):
            out = out.rstrip() + en
            continue
        needs_space = out and not out.endswith(("(", " ", "–"))
        out += (" " if needs_space else "") + en
    out = re.sub(r"\s+", " ", out).strip(" ,;:")
    # A preposition left at the end (参与 -> Participation in) has nothing to govern.
    out = re.sub(r"\s+(?:in|on|for|of|with)$", "", out)
    out = re.sub(r"\(\s*\)", "", out).strip()
    return out if mode is Mode.METRIC else title_case(out)


def _origins(words: Iterable[Word]) -> tuple[Origin, ...]:
    """Record where each word's English came from."""
    return tuple(Origin(w.zh, w.en, w.source) for w in words if w.source is not Source.PUNCT)


# --- places and plans -----------------------------------------------------------------------------


def _place_words(text: str) -> Iterator[Word]:
    """Yield the words of an administrative place name: its proper part in pinyin, then its unit.

    A name that starts with the province or city it lies in is read as two places: 山东省济南市 ->
    Shandong Province + Jinan.
    """
    term = glossary().get(text)
    if term is not None:
        yield glossary_word(term)
        return
    for end in range(3, len(text) - 1):
        if text[:end].endswith(_PARENT_UNITS):
            yield from _place_words(text[:end])
            yield from _place_words(text[end:])
            return
    unit = next((zh for zh in _place_units() if text.endswith(zh)), "")
    stem = text[: len(text) - len(unit)]
    if len(stem) < 2:
        yield Word(text, romanize(text), Source.PINYIN, proper=True)
        return
    yield Word(stem, proper_stem(stem), Source.PINYIN, proper=True)
    if unit:
        yield Word(unit, glossary()[unit].value("suffix") or "", Source.GLOSSARY, glossary()[unit])


@cache
def _place_units() -> tuple[str, ...]:
    """Return the glossary's place units (区, 县, 自治州 ...), longest first."""
    units = (zh for zh, term in glossary().items() if term.value("suffix") is not None)
    return tuple(sorted(units, key=len, reverse=True))


def _plan_label(text: str) -> tuple[str, tuple[Origin, ...]]:
    """Compose a plan title: place, then the plan head moved to the front, "for", then the content."""
    period = _PERIOD.search(text)
    main = text[: period.start()] if period else text
    composed, origins = _compose(main, Mode.PLAN)
    words = [word for word in composed if word.en]
    suffix = f" ({period.group(1)})" if period else ""
    start = 0
    while start < len(words) - 1 and words[start].proper and not words[start].has("plan"):
        start += 1
    head = words[-1] if words else None
    if head is None or not head.has("plan") or start >= len(words) - 1:
        _apply_grammar(words, Mode.PLAN)
        return _finish(words, Mode.PLAN) + suffix, origins
    content = words[start:-1]
    # "“十四五”科技创新规划": a named plan at the front of the content is the head itself.
    if content[0].has("plan") and content[0].en.endswith(head.en):
        head, content = content[0], content[1:]
    _apply_grammar(content, Mode.PLAN)
    preposition = "on" if head.has("on") else "for"
    parts = [_finish(words[:start], Mode.NAME), head.en]
    if content:
        parts += [preposition, _finish(content, Mode.PLAN)]
    return title_case(" ".join(filter(None, parts))) + suffix, origins
