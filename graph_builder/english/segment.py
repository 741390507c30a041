"""The tokens of one piece of a name: the longest glossary entries, then jieba words of the gaps.

A piece (no brackets or commas inside) is covered by the longest glossary entries; the gaps are cut
by a jieba tokenizer of our own, and the pieces of one unknown name before a naming head are joined
again (白鹤 + 滩 + 水电站 -> 白鹤滩 + 水电站). A token is its text and its glossary entry, if any.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from policykg.graph_builder.english import cedict
from policykg.graph_builder.english.glossary import Term, glossary
from policykg.graph_builder.english.places import division_spans, is_division_stem
from policykg.graph_builder.english.words import NUMERALS
from policykg.graph_builder.text.dictionary import fast_tokenizer, segmenter
from policykg.patterns import HAN, HAN_RANGES

if TYPE_CHECKING:
    import jieba

_SITE_NAME_LENGTH = 4
_DASHES = frozenset({"—", "–", "─", "~", "～"})
_LITERAL = re.compile(rf"[A-Za-z0-9][A-Za-z0-9.+&#%-]*|[{HAN_RANGES}]+|[^\sA-Za-z0-9{HAN_RANGES}]+")


def tokens(piece: str) -> list[tuple[str, Term | None]]:
    """Return the tokens of one piece of a name, with unknown names before their heads joined."""
    return _join_site_names(_join_names_before_heads(_cover_tokens(piece)))


@cache
def _tokenizer() -> jieba.Tokenizer:
    """Return our own jieba tokenizer, so that nothing we do changes the global segmenter.

    It copies the prefix dictionary that the global segmenter has loaded (spaCy's pipeline and the
    slugs of ``romanize`` load it anyway): reading the dictionary again would cost about a second,
    copying it a few milliseconds. Glossary words never reach it: the glossary cover claims them first.
    """
    dictionary = segmenter().dt
    return fast_tokenizer(dict(dictionary.FREQ), dictionary.total)


def cut(text: str) -> Iterator[str]:
    """Yield the jieba words of ``text``, cut by our own tokenizer."""
    return _tokenizer().cut(text, HMM=True)


@cache
def _longest_term() -> int:
    """Return the length of the longest glossary entry."""
    return max(len(zh) for zh in glossary())


@cache
def _term_prefixes() -> frozenset[str]:
    """Return the openings of two characters or more of the glossary's entries (the entries included)."""
    return frozenset(zh[:k] for zh in glossary() for k in range(2, len(zh) + 1))


def glossary_cover(text: str) -> list[tuple[str, Term | None]]:
    """Split ``text`` into glossary entries (two characters or more) and the gaps between them.

    The cover maximizes the characters that glossary entries cover, counting a lone character that
    the glossary does not know as a loss larger than a two-character entry's gain (水 + 资源配置 is
    worse than 水资源 + 配置, and 历城区 is not 历 + 城区), then prefers fewer, longer entries and, on a
    tie, the entry that starts first: 国家技术创新中心 is 国家 + 技术创新中心. The head of a government
    body's name wins a tie (省 + 外办, not 省外 + 办).
    """
    terms, longest, n = glossary(), _longest_term(), len(text)
    # score[i]: best (score, -pieces) of text[i:] when a glossary entry (or the end) starts at i;
    # free[i]: the same when anything may start at i. Scores are in half characters.
    score: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    free: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    match = [0] * (n + 1)
    gap = [0] * (n + 1)
    openings = [n]  # offsets past i where an entry starts, and the end, farthest first
    prefixes = _term_prefixes()
    for i in range(n - 1, -1, -1):
        score[i], match[i] = (-(10**9), 0), 0
        # The lengths of the entries that start at i: grown while text[i:i+k] opens some entry.
        lengths = []
        k = 2
        while k <= min(longest, n - i) and text[i : i + k] in prefixes:
            if text[i : i + k] in terms:
                lengths.append(k)
            k += 1
        for k in reversed(lengths):
            covered, pieces = free[i + k]
            # A government body's head wins a tie (省 + 外办, not 省外 + 办): half a character.
            candidate = (covered + 2 * k + terms[text[i : i + k]].has("gov"), pieces - 1)
            if candidate > score[i]:
                score[i], match[i] = candidate, k
        free[i], gap[i] = score[i], 0
        # A gap runs to where an entry starts, or to the end: only those offsets, nearest first.
        for j in reversed(openings):
            g = j - i
            lone = g == 1 and text[i] not in terms and HAN.match(text[i]) is not None
            covered, pieces = score[j]
            candidate = (covered - 5 * lone, pieces - 1)
            if candidate > free[i]:
                free[i], gap[i] = candidate, g
        if match[i]:
            openings.append(i)
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


def _cover_tokens(piece: str) -> list[tuple[str, Term | None]]:
    """Return the words of one piece of a name: division names, glossary entries, jieba words of the gaps.

    A full division name is one word where the glossary entries would cut its proper part (东城区 + 政府,
    not 东 + 城区 + 政府); a cut before its unit is left alone (安徽 + 省级, 朝阳 + 区政府), since the short
    form reads as the place anyway.
    """
    cover = glossary_cover(piece)
    cuts: set[int] = set()
    offset = 0
    for text, term in cover:
        if term is not None:
            cuts |= {offset, offset + len(text)}
        offset += len(text)
    spans = [
        (start, end)
        for start, end, whole in division_spans(piece)
        if any(start < cut < end - whole for cut in cuts)
    ]
    if not spans:
        return _plain_tokens(cover)
    tokens: list[tuple[str, Term | None]] = []
    last = 0
    for start, end in spans:
        tokens += _plain_tokens(glossary_cover(piece[last:start])) if start > last else []
        tokens.append((piece[start:end], None))
        last = end
    return tokens + (_plain_tokens(glossary_cover(piece[last:])) if last < len(piece) else [])


def _plain_tokens(cover: list[tuple[str, Term | None]]) -> list[tuple[str, Term | None]]:
    """Return the tokens of a glossary cover: its entries, and jieba words of its gaps.

    A place unit right after a place name stands alone, so that the segmenter does not glue it to the
    name after it (福建 + 省 + 金达实业, not 福建 + 省金达).
    """
    tokens: list[tuple[str, Term | None]] = []
    for text, term in cover:
        if term is not None:
            tokens.append((text, term))
            continue
        unit = glossary().get(text[:1])
        if len(text) > 2 and tokens and unit is not None and unit.value("suffix") and _is_place(tokens[-1]):
            tokens.append((text[:1], unit))
            text = text[1:]
        for run in _LITERAL.findall(text):
            if HAN.match(run):
                tokens.extend(_gap_words(run))
            elif run[0].isalnum() and (folded := _ascii_letters(run)):
                tokens.append((folded, None))
            elif run in _DASHES:
                # One dash between names is a route or a range (昆明—仰光 -> Kunming–Yangon), read as 至.
                tokens.append(("至", glossary().get("至")))
            elif run in ("+", "/"):
                tokens.append((run, None))
    return tokens


def _is_place(token: tuple[str, Term | None]) -> bool:
    """Return whether a token is a place name: a glossary proper name or a division's short form."""
    text, term = token
    return term.has("pn") if term is not None else is_division_stem(text)


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
        for word in cut(part):
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


# --- names cut into pieces ------------------------------------------------------------------------


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
        # A place at the start and a common noun at the end stay words of their own
        # (厦门 + 怡和泰 + 电缆 + 有限公司).
        lead = 1 if run and is_division_stem(run[0]) else 0
        tail = 1 if len(run) - lead >= 2 and len(run[-1]) >= 2 and _common_noun(run[-1]) else 0
        core = run[lead : len(run) - tail]
        if names_head and len(core) >= 2 and min(map(len, core)) == 1:
            out.extend((word, glossary().get(word)) for word in run[:lead])
            out.append(("".join(core), None))
            out.extend((word, glossary().get(word)) for word in run[len(run) - tail :])
        else:
            out.extend((word, glossary().get(word)) for word in run)
        run = []
        if text:
            out.append((text, term))
    return out


def _common_noun(word: str) -> bool:
    """Return whether CC-CEDICT knows ``word`` as a common word (电缆 cable), not as a name."""
    sense = cedict.lookup(word)
    return sense is not None and not sense.proper and cedict.proper_pinyin(word) is None


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
