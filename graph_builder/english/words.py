"""The words of a Chinese name, each resolved to English: glossary, CC-CEDICT, or a proper name in pinyin.

A piece of a name (no brackets or commas inside) is covered by the longest glossary entries; the gaps
are segmented by a jieba tokenizer of our own and looked up in CC-CEDICT; what is left is a proper
name, romanized. Word-level rules follow: place units after names (章丘 + 区 -> Zhangqiu District),
prefixes (市 -> Municipal), number templates (7 + 号线 -> Line 7) and modifier forms (现代化 before a
noun -> Modern). ``policykg.graph_builder.english.labels`` composes the words into a label.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache

import jieba

from policykg.graph_builder.english import cedict
from policykg.graph_builder.english.glossary import Term, glossary
from policykg.graph_builder.english.inflection import gerund
from policykg.graph_builder.english.pinyin import join_syllables, romanize_word

jieba.setLogLevel(logging.WARNING)

HAN_RANGES = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_RANGES}]")
CONJUNCTIONS = frozenset({"and", "or"})
NUMERALS = "〇零一二两三四五六七八九十百"
_SITE_NAME_LENGTH = 4
# A number template may scale its number: "{n*10000} Tons" after 万吨.
_MAGNITUDE = re.compile(r"\{n\*(\d+)\}")
_LITERAL = re.compile(rf"[A-Za-z0-9][A-Za-z0-9.+&#%-]*|[{HAN_RANGES}]+|[^\sA-Za-z0-9{HAN_RANGES}]+")


class Source(StrEnum):
    """Where the English of a word came from."""

    GLOSSARY = "glossary"
    CEDICT = "cedict"
    PINYIN = "pinyin"
    LITERAL = "literal"
    PUNCT = "punct"


@dataclass
class Word:
    """One word of a label: its Chinese, its English so far, and what the rules need to know of it."""

    zh: str
    en: str
    source: Source
    term: Term | None = None
    proper: bool = False
    verb: str | None = None
    noun: str | None = None
    ing: str | None = None

    def has(self, flag: str) -> bool:
        """Return whether the word's glossary entry carries ``flag``."""
        return self.term is not None and self.term.has(flag)

    def value(self, key: str) -> str | None:
        """Return a ``key=value`` tag of the word's glossary entry, or None."""
        return self.term.value(key) if self.term is not None else None


# --- segmentation ---------------------------------------------------------------------------------


@cache
def _tokenizer() -> jieba.Tokenizer:
    """Return our own jieba tokenizer, so that nothing we do changes the global segmenter.

    It copies the prefix dictionary that the global segmenter has loaded (spaCy's pipeline and
    pinyin.py load it anyway): reading the dictionary again would cost about a second, copying it a
    few milliseconds. Glossary words never reach it: the glossary cover claims them first.
    """
    jieba.dt.check_initialized()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = dict(jieba.dt.FREQ), jieba.dt.total
    tokenizer.initialized = True
    return tokenizer


@cache
def _longest_term() -> int:
    """Return the length of the longest glossary entry."""
    return max(len(zh) for zh in glossary())


def glossary_cover(text: str) -> list[tuple[str, Term | None]]:
    """Split ``text`` into glossary entries (two characters or more) and the gaps between them.

    The cover maximizes the characters that glossary entries cover, counting a lone character that
    the glossary does not know as a loss larger than a two-character entry's gain (水 + 资源配置 is
    worse than 水资源 + 配置, and 历城区 is not 历 + 城区), then prefers fewer, longer entries and, on a
    tie, the entry that starts first: 国家技术创新中心 is 国家 + 技术创新中心.
    """
    terms, longest, n = glossary(), _longest_term(), len(text)
    # score[i]: best (score, -pieces) of text[i:] when a glossary entry (or the end) starts at i;
    # free[i]: the same when anything may start at i. Scores are in half characters.
    score: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    free: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    match = [0] * (n + 1)
    gap = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        score[i], match[i] = (-(10**9), 0), 0
        for k in range(min(longest, n - i), 1, -1):
            if text[i : i + k] in terms:
                covered, pieces = free[i + k]
                candidate = (covered + 2 * k, pieces - 1)
                if candidate > score[i]:
                    score[i], match[i] = candidate, k
        free[i], gap[i] = score[i], 0
        for g in range(1, n - i + 1):
            if match[i + g] or i + g == n:
                lone = g == 1 and text[i] not in terms and HAN.match(text[i]) is not None
                covered, pieces = score[i + g]
                candidate = (covered - 5 * lone, pieces - 1)
                if candidate > free[i]:
                    free[i], gap[i] = candidate, g
    pieces: list[tuple[str, Term | None]] = []
    i = 0
    while i < n:
        if gap[i]:
            pieces.append((text[i : i + gap[i]], None))
            i += gap[i]
        else:
            pieces.append((text[i : i + match[i]], terms[text[i : i + match[i]]]))
            i += match[i]
    return pieces


def _tokens(piece: str) -> list[tuple[str, Term | None]]:
    """Return the words of one piece of a name: glossary entries, then jieba words of the gaps."""
    tokens: list[tuple[str, Term | None]] = []
    for text, term in glossary_cover(piece):
        if term is not None:
            tokens.append((text, term))
            continue
        for run in _LITERAL.findall(text):
            if HAN.match(run):
                tokens.extend(_gap_words(run))
            elif run[0].isalnum() and (folded := _ascii_letters(run)):
                tokens.append((folded, None))
            elif run in ("+", "/"):
                tokens.append((run, None))
    return tokens


def _ascii_letters(text: str) -> str:
    """Fold accented letters to ASCII (é -> e) and drop what has no ASCII form."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".+&#%-"))


def _gap_words(run: str) -> list[tuple[str, Term | None]]:
    """Segment a run of Chinese that the glossary does not cover, with our own jieba tokenizer.

    Connectives that the glossary marks ``break`` (至, 与, 的 ...) always stand alone, so that the
    segmenter's guesser does not glue them to a name (雄安至商丘); numbers before 号 or 期 are split off
    for their templates (吉林一号 -> Jilin No. 1); single characters that CC-CEDICT knows as a word
    together are joined (中 + 和 -> 中和).
    """
    terms = glossary()
    words: list[str] = []
    for part in _break_pattern().split(run):
        if not part:
            continue
        if part in terms and terms[part].has("break"):
            words.append(part)
            continue
        for word in _tokenizer().cut(part, HMM=True):
            head, last = word[:-1], word[-1:]
            if head and all(c in NUMERALS for c in head) and last in terms and terms[last].value("num"):
                words.extend((head, last))
            elif words and len(word) == 1 and len(words[-1]) == 1 and cedict.knows(words[-1] + word):
                words[-1] += word
            else:
                words.append(word)
    return [(word, terms.get(word)) for word in words]


@cache
def _break_pattern() -> re.Pattern[str]:
    """Return a pattern that splits text at the glossary's ``break`` characters, keeping them."""
    breaks = "".join(zh for zh, term in glossary().items() if term.has("break") and len(zh) == 1)
    return re.compile(f"([{re.escape(breaks)}])") if breaks else re.compile("(?!)")


# --- resolving words ------------------------------------------------------------------------------


def romanize(word: str) -> str:
    """Return a proper name in pinyin as one word, trusting CC-CEDICT's reading of place names."""
    syllables = cedict.proper_pinyin(word)
    return join_syllables(syllables) if syllables else romanize_word(word)


def proper_stem(stem: str) -> str:
    """Return the English of the proper part of a place name: glossary names, else pinyin word by word.

    青岛西海岸 -> Qingdao Xihai'an; single characters join their neighbour so that a name is not
    spelled syllable by syllable.
    """
    parts: list[str] = []
    for text, term in glossary_cover(stem):
        if term is not None and term.has("pn"):
            parts.append(term.en)
            continue
        words: list[str] = []
        for word in _tokenizer().cut(text, HMM=True) if term is None else [text]:
            if words and (len(word) == 1 or len(words[-1]) == 1):
                words[-1] += word
            else:
                words.append(word)
        parts.extend(romanize(word) for word in words)
    return " ".join(parts)


def _is_name_like(word: str) -> bool:
    """Return whether CC-CEDICT lists ``word`` as a proper noun, or does not know it."""
    return cedict.proper_pinyin(word) is not None or not cedict.knows(word)


def glossary_word(term: Term) -> Word:
    """Make a word from a glossary entry."""
    is_verb = term.has("v")
    return Word(
        term.zh,
        term.en,
        Source.GLOSSARY,
        term,
        proper=term.has("pn"),
        verb=term.en if is_verb else None,
        noun=term.value("noun") or (gerund(term.en) if is_verb else None),
        ing=term.value("ing"),
    )


def _names_next(tokens: list[tuple[str, Term | None]], index: int) -> bool:
    """Return whether the token at ``index`` stands before a naming head or place unit as a name."""
    if index + 1 >= len(tokens):
        return False
    following = tokens[index + 1][1]
    if following is None:
        return False
    if following.has("site"):
        return True
    is_unit = len(following.zh) == 1 and following.value("suffix") is not None
    return (is_unit or following.has("ph")) and _is_name_like(tokens[index][0])


def _resolve(tokens: list[tuple[str, Term | None]], index: int) -> Word:
    """Resolve one token to a word: glossary, CC-CEDICT, or a proper name in pinyin."""
    text, term = tokens[index]
    if term is not None:
        return glossary_word(term)
    if not HAN.search(text):
        return Word(text, text, Source.LITERAL, proper=True)
    if len(text) == 1 or _names_next(tokens, index):
        return _name_word(text)
    sense = cedict.lookup(text)
    if sense is not None and not sense.proper:
        verb = cedict.lookup(text, "verb")
        verb_en = verb.text if verb is not None and verb.verb else None
        noun = gerund(sense.text) if sense.verb else sense.text
        return Word(text, noun, Source.CEDICT, verb=verb_en, noun=noun)
    # A place that CC-CEDICT names by its reading alone (中关村 -> Zhongguancun) stays whole.
    if sense is not None and _plain(sense.text) == _plain(romanize(text)):
        return Word(text, sense.text, Source.CEDICT, proper=True)
    if _unit(text) is not None or sense is None:
        return _name_word(text)
    return Word(text, sense.text, Source.CEDICT, proper=True)


def _plain(text: str) -> str:
    """Return letters only, lower-cased, to compare romanizations."""
    return "".join(c for c in text.lower() if c.isalpha())


def _unit(text: str) -> Term | None:
    """Return the place unit that ends a name of three characters or more (章丘区 -> 区), if any."""
    unit = glossary().get(text[-1])
    return unit if len(text) >= 3 and unit is not None and unit.value("suffix") is not None else None


def _name_word(text: str) -> Word:
    """Make a proper name: its stem in pinyin and its unit translated (长沙市 -> Changsha), or all pinyin."""
    unit = _unit(text)
    if unit is not None:
        en = f"{proper_stem(text[:-1])} {unit.value('suffix')}".strip()
        return Word(text, en, Source.PINYIN, proper=True)
    return Word(text, romanize(text), Source.PINYIN, proper=True)


def resolve_piece(piece: str) -> list[Word]:
    """Resolve the words of one piece (no brackets or commas inside) and apply the word rules."""
    tokens = _join_site_names(_join_names_before_heads(_tokens(piece)))
    words = [_resolve(tokens, index) for index in range(len(tokens))]
    words = _merge_name_runs(words)
    _apply_affixes(words)
    return _apply_modifiers(_apply_numbers(words))


def _join_names_before_heads(tokens: list[tuple[str, Term | None]]) -> list[tuple[str, Term | None]]:
    """Join the unknown words just before a naming head into one name when they look like one.

    The segmenter cuts an unknown name into pieces (白鹤滩 -> 白鹤 + 滩); several pieces of which one is
    a single character, right before 水电站 or 实验室, are one proper name.
    """
    out: list[tuple[str, Term | None]] = []
    run: list[str] = []
    for text, term in [*tokens, ("", None)]:
        if term is None and text and HAN.search(text):
            run.append(text)
            continue
        names_head = term is not None and (term.has("ph") or (len(term.zh) == 1 and term.value("suffix")))
        if names_head and len(run) >= 2 and min(map(len, run)) == 1:
            out.append(("".join(run), None))
        else:
            out.extend((word, glossary().get(word)) for word in run)
        run = []
        if text:
            out.append((text, term))
    return out


def _join_site_names(tokens: list[tuple[str, Term | None]]) -> list[tuple[str, Term | None]]:
    """Join the words before a head named after its site (水库, 机场, 水电站) into one place name.

    Walking back from the head, the unknown words and place units (碾盘 + 山) belong to the name; a
    word that CC-CEDICT knows as a proper noun further back is a name of its own (汉江 碾盘山水电站).
    """
    out: list[tuple[str, Term | None]] = []
    for text, term in tokens:
        if term is not None and term.has("site"):
            start = len(out)
            while start > 0 and _site_piece(out, start - 1, first=start == len(out)):
                # Place names are short: four characters at most, or the word next to the head alone.
                if start < len(out) and len("".join(t for t, _ in out[start - 1 :])) > _SITE_NAME_LENGTH:
                    break
                start -= 1
            if len(out) - start >= 2:
                out[start:] = [("".join(piece for piece, _ in out[start:]), None)]
        out.append((text, term))
    return out


def _site_piece(tokens: list[tuple[str, Term | None]], index: int, first: bool) -> bool:
    """Return whether the token at ``index`` belongs to the site name that ends after it."""
    text, term = tokens[index]
    if term is not None:
        # A place unit (山, 湖) belongs to the name when an unknown word stands before it.
        before = tokens[index - 1] if index > 0 else ("", None)
        is_unit = len(text) == 1 and term.value("suffix") is not None and not term.has("break")
        return is_unit and before[1] is None and HAN.search(before[0]) is not None
    return HAN.search(text) is not None and (first or cedict.proper_pinyin(text) is None)


def _merge_name_runs(words: list[Word]) -> list[Word]:
    """Merge romanized words and the single characters around them into one name.

    界 + 鲁 -> Jielu; a lone known character next to a lone unknown one is part of the name too
    (山 + 左 -> Shanzuo, 沙 + 市 -> Shashi), unless it is a connective such as 和 or 至.
    """
    out: list[Word] = []
    for word in words:
        last = out[-1] if out else None
        if last is not None and _same_name(last, word):
            zh = last.zh + word.zh
            out[-1] = Word(zh, romanize(zh), Source.PINYIN, proper=True)
        else:
            out.append(word)
    return out


def _same_name(first: Word, second: Word) -> bool:
    """Return whether two neighbouring words are pieces of one proper name."""
    if min(len(first.zh), len(second.zh)) != 1 or " " in first.en + second.en:
        return False
    if first.source is Source.PINYIN and second.source is Source.PINYIN:
        return True
    pair = {first.source, second.source}
    if pair != {Source.PINYIN, Source.GLOSSARY} or len(first.zh) + len(second.zh) != 2:
        return False
    known = first if first.source is Source.GLOSSARY else second
    return not (known.has("break") or known.has("join") or known.en in CONJUNCTIONS or not known.en)


def _apply_affixes(words: list[Word]) -> None:
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


def _apply_modifiers(words: list[Word]) -> list[Word]:
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
    if not word.zh or any(c not in NUMERALS for c in word.zh):
        return None
    values = [2 if c == "两" else int(unicodedata.numeric(c)) for c in word.zh]
    if 10 not in values:
        return str(values[0]) if len(values) == 1 else None
    tens_at = values.index(10)
    tens = values[tens_at - 1] if tens_at == 1 else 1
    ones = values[tens_at + 1] if tens_at + 1 < len(values) else 0
    return str(tens * 10 + ones) if tens_at <= 1 and len(values) <= 3 else None


def _apply_numbers(words: list[Word]) -> list[Word]:
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
