"""The words of a Chinese name, each resolved to English: glossary, CC-CEDICT, or a proper name in pinyin.

``segment`` cuts a piece of a name (no brackets or commas inside) into tokens: the longest glossary
entries, then jieba words of the gaps. Each token is looked up in the glossary, then CC-CEDICT; what
is left is a proper name, romanized, and runs of name pieces are merged into one name. The word rules
of ``word_rules`` follow; ``policykg.graph_builder.english.labels`` composes the words into a label.
"""

from __future__ import annotations

from functools import cache

from policykg.data import load_words
from policykg.graph_builder.english import cedict
from policykg.graph_builder.english.glossary import Term, glossary
from policykg.graph_builder.english.inflection import gerund
from policykg.graph_builder.english.places import is_division_stem
from policykg.graph_builder.english.romanize import join_syllables, romanize_word
from policykg.graph_builder.english.segment import cut, glossary_cover, tokens
from policykg.graph_builder.english.word_rules import apply_affixes, apply_modifiers, apply_numbers
from policykg.graph_builder.english.words import CONJUNCTIONS, Source, Word, glossary_word
from policykg.patterns import HAN


def resolve_piece(piece: str) -> list[Word]:
    """Resolve the words of one piece (no brackets or commas inside) and apply the word rules."""
    piece_tokens = _split_compounds(tokens(piece))
    words = [_resolve(piece_tokens, index) for index in range(len(piece_tokens))]
    words = _merge_name_runs(words)
    apply_affixes(words)
    return apply_modifiers(apply_numbers(words))


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
        for word in cut(text) if term is None else [text]:
            if words and (len(word) == 1 or len(words[-1]) == 1):
                words[-1] += word
            else:
                words.append(word)
        parts.extend(romanize(word) for word in words)
    return " ".join(parts)


def _split_compounds(tokens: list[tuple[str, Term | None]]) -> list[tuple[str, Term | None]]:
    """Split a word that CC-CEDICT does not know into words that it or the glossary does know.

    The segmenter keeps some compounds whole (交易系统, 压缩空气) that no dictionary lists; read as
    one unknown word, they would be romanized. Each part must be a common word of two characters or
    more; a word right before a naming head stays whole, as a proper name.
    """
    out: list[tuple[str, Term | None]] = []
    for index, (text, term) in enumerate(tokens):
        chinese = len(text) >= 4 and all(HAN.match(c) for c in text)
        unknown = term is None and chinese and not cedict.knows(text)
        parts = None
        if unknown and not _names_next(tokens, index) and not is_division_stem(text):
            parts = _known_parts(text)
        out.extend((part, glossary().get(part)) for part in parts) if parts else out.append((text, term))
    return out


def _known_parts(text: str) -> list[str] | None:
    """Return the fewest common words (two characters or more) that make up ``text``, or None."""
    terms = glossary()
    n = len(text)
    best: list[list[str] | None] = [None] * (n + 1)
    best[n] = []
    for i in range(n - 2, -1, -1):
        for j in range(i + 2, n + 1):
            rest = best[j]
            if rest is None or (best[i] is not None and len(best[i]) <= len(rest) + 1):
                continue
            part = text[i:j]
            sense = None if part in terms else cedict.lookup(part)
            if (part in terms and not terms[part].has("pn")) or (sense is not None and not sense.proper):
                best[i] = [part, *rest]
    parts = best[0]
    return parts if parts is not None and len(parts) >= 2 else None


def _is_name_like(word: str) -> bool:
    """Return whether CC-CEDICT lists ``word`` as a proper noun, or does not know it."""
    return cedict.proper_pinyin(word) is not None or not cedict.knows(word)


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
    if is_division_stem(text):
        return Word(text, romanize(text), Source.PINYIN, proper=True)
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
    """Return the place unit that ends a name, its stem two characters or more (章丘区 -> 区), if any.

    The longest unit wins: 两江新区 is 两江 + 新区 (New Area), not 两江新 + 区.
    """
    for length in range(min(len(text) - 2, 5), 0, -1):
        unit = glossary().get(text[-length:])
        if unit is not None and unit.value("suffix") is not None:
            return unit
    return None


def _name_word(text: str) -> Word:
    """Make a proper name: its stem in pinyin and its unit translated (长沙市 -> Changsha), or all pinyin."""
    unit = _unit(text)
    if unit is not None:
        en = f"{proper_stem(text[: -len(unit.zh)])} {unit.value('suffix')}".strip()
        return Word(text, en, Source.PINYIN, proper=True)
    return Word(text, romanize(text), Source.PINYIN, proper=True)


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


@cache
def _division_units() -> frozenset[str]:
    """Return the one-character units of administrative divisions (省, 市, 区, 县 ...)."""
    return frozenset(word for word in load_words("division_suffixes.txt") if len(word) == 1)


def _same_name(first: Word, second: Word) -> bool:
    """Return whether two neighbouring words are pieces of one proper name."""
    if min(len(first.zh), len(second.zh)) != 1 or " " in first.en + second.en:
        return False
    if is_division_stem(first.zh) or is_division_stem(second.zh):
        return False  # a province or city is a name of its own (成都 + 京东方)
    if first.source is Source.PINYIN and second.source is Source.PINYIN:
        return True
    pair = {first.source, second.source}
    if pair != {Source.PINYIN, Source.GLOSSARY} or len(first.zh) + len(second.zh) != 2:
        return False
    known = first if first.source is Source.GLOSSARY else second
    # An administrative unit ends the name before it (沙 + 市); it does not start the next one (福建 省 + 金).
    if known is first and first.zh in _division_units():
        return False
    return not (known.has("break") or known.has("join") or known.en in CONJUNCTIONS or not known.en)
