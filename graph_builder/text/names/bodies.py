"""Find the names of government bodies: a place or level, a core of nouns, and a head (局, 委员会 ...).

A body's name is read leftwards from its head (data/government_heads.tsv) over the words of the
dictionary: a place (龙华区) or a level (省, 市, 市委, 市政府) opens it; a word the dictionary tags as a
preposition, pronoun, adverb or particle ends it; 和 stays inside it (工业和信息化局) unless it joins two
bodies. Without a place or level, a leading verb is cut off (推动市场监管局) and the core must hold two
characters that the dictionary does not bind to the head: 格局 and 干部 are words, not bodies.
A place's government written bare (市政府, 省人民政府) is the plan's own issuer and is not a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from policykg.data import load_table
from policykg.graph_builder.text.dictionary import dictionary_words, is_known_word
from policykg.graph_builder.text.names.rules import NameMention, name_rules
from policykg.graph_builder.text.names.shapes import FORMER
from policykg.graph_builder.text.names.tags import is_verb, never_inside, word_tag
from policykg.numerals import CN_NUMERAL

GOVERNMENT_BODY = "GovernmentBody"
# Levels that open a body's name: 省发展改革委, 市委宣传部, 市政府办公室, 国家能源局.
_LEVEL = re.compile(r"^(?:省|市|区|县|州|盟|旗|自治区|自治州|国家|中央)(?:委|政府|人民政府)?$")
_STOP_CHARS = set('，。；：、！？\n\r\t （）()“”"《》〈〉【】[]·—-')
_MAX_CORE = 14
_AFTER_LEVEL = set("省市区县州府委")
_GOVERNING = tuple(sorted(name_rules().boundaries, key=len, reverse=True))
# Tags of words that never end a body's core: directions (中西部), numerals (第一局), places and
# times as words (网上办, 马上办 say where or when something is done), verbs (一网通办).
_NOT_HEAD_WORD = frozenset({"f", "m", "q", "s", "t", "v"})


@cache
def _heads() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = load_table("government_heads.tsv", ("head", "kind"))
    kinds = {row["head"]: row["kind"] for row in rows}
    alternation = "|".join(re.escape(h) for h in sorted(kinds, key=len, reverse=True))
    return re.compile(alternation), kinds


def find_bodies(
    text: str, words: list[tuple[int, int]], is_place: Callable[[int, int], bool]
) -> list[NameMention]:
    """Return the government bodies named in ``text`` (nested and joined ones included)."""
    pattern, kinds = _heads()
    ends = {e for _, e in words}
    starts = {s: e for s, e in words}
    found: dict[tuple[int, int], NameMention] = {}
    for m in pattern.finditer(text):
        head_start, end = m.span()
        # The longest head wins (管理局 over 局); a head must end a word (局长, 部署 are not heads).
        longer = pattern.match(text, head_start - 2) or pattern.match(text, head_start - 1)
        if not _ends_word(text, end, ends, starts) or (
            longer and longer.end() == end and longer.start() < head_start
        ):
            continue
        if any(text.endswith(phrase, 0, end) for phrase in name_rules().non_names):
            continue
        mention = _body_ending_at(text, head_start, end, kinds[m.group()], is_place)
        if mention:
            found[(mention.start, mention.end)] = mention
    for joined in _joined(text, list(found.values()), is_place):
        found.setdefault((joined.start, joined.end), joined)
    return sorted(found.values(), key=lambda n: (n.start, n.end))


def _ends_word(text: str, end: int, ends: set[int], starts: dict[int, int]) -> bool:
    """True if a head ends a word, or the segmenter glued a following character to it in a string the
    dictionary lacks (委要, 委等州); 局长 and 部署 are words, so their 局 and 部 end nothing."""
    if end in ends:
        return True
    for start in range(end - 1, max(-1, end - 3), -1):
        if start in starts and starts[start] > end:
            return not is_known_word(text[start : starts[start]]) and text[start] in "局厅委部办署"
    return False


def _window(text: str, head_start: int) -> int:
    start = head_start
    while start > 0 and head_start - start < _MAX_CORE + 6 and text[start - 1] not in _STOP_CHARS:
        start -= 1
    return start


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    tokens, at = [], start
    for word in dictionary_words(text[start:end]):
        tokens.append((at, at + len(word), word))
        at += len(word)
    return tokens


def _body_ending_at(
    text: str, head_start: int, end: int, kind: str, is_place: Callable[[int, int], bool]
) -> NameMention | None:
    head = text[head_start:end]
    if kind == "office" and _bound_head(text, head_start, end):
        return None
    tokens = _tokens(text, _window(text, head_start), head_start)
    start, prefix = head_start, None
    i = len(tokens) - 1
    while i >= 0:
        s, e, word = tokens[i]
        if _LEVEL.match(word) or is_place(s, e):
            prefix = s
            start = _extend_prefix(tokens, i, is_place)
            break
        if word == "和" and i > 0 and not _ends_in_head(tokens[i - 1][2]) and start < head_start:
            start = s
            i -= 1
            continue
        if never_inside(word) or word_tag(word) == "d" or word in FORMER or head_start - s > _MAX_CORE:
            break
        if is_verb(word) and prefix is None and e < head_start and not _before_place(tokens, i, is_place):
            break
        start = s
        i -= 1
    if prefix is None:
        start = max(start, _after_last_verb(tokens, start, head_start))
        return _bare_body(text, start, head_start, end, kind)
    core = text[_core_start(tokens, prefix, head_start) : head_start]
    if kind == "government" and (core or _LEVEL.match(text[start:head_start])):
        return None
    # A bare committee (市委, 广东省委) issues with its government; an office of a people's government
    # written in full (…省人民政府办公厅) is the issuer's own office.
    if (not core and kind == "office") or text[start:head_start].endswith("人民政府"):
        return None
    if _issuer(text, start, end) or _document_number(text, end):
        return None
    return NameMention(start, end, text[start:end], GOVERNMENT_BODY, head)


def _before_place(tokens: list[tuple[int, int, str]], i: int, is_place: Callable[[int, int], bool]) -> bool:
    """True if a level or place opens the run left of word ``i`` (市投资促进局: 促进 is inside)."""
    for s, e, word in reversed(tokens[:i]):
        if _LEVEL.match(word) or is_place(s, e):
            return True
        if never_inside(word) or _ends_in_head(word):
            return False
    return False


def _extend_prefix(tokens: list[tuple[int, int, str]], i: int, is_place: Callable[[int, int], bool]) -> int:
    """Take in places and organisations right before a body's opening place: 四川成都, 中国人民银行云南省."""
    start = tokens[i][0]
    for s, e, word in reversed(tokens[:i]):
        if is_place(s, e) or word_tag(word) == "nt":
            start = s
        else:
            break
    return start


def _core_start(tokens: list[tuple[int, int, str]], prefix: int, head_start: int) -> int:
    """Where the core starts: right after the level or place that opens the name."""
    for s, e, _ in tokens:
        if s == prefix:
            return e
    return head_start


def _after_last_verb(tokens: list[tuple[int, int, str]], start: int, head_start: int) -> int:
    """Cut a bare name after its last leading verb or governing word (推动市场监管局 -> 市场监管局)."""
    cut = start
    for s, e, word in tokens:
        if s < start or e >= head_start:
            continue
        if is_verb(word) or word_tag(word) in _NOT_HEAD_WORD:
            cut = e
        else:
            break
    return cut


def _bare_body(text: str, start: int, head_start: int, end: int, kind: str) -> NameMention | None:
    """A body named without a place or level: 财政局, 工业和信息化局, 地方金融监管局.

    A governing word (data/name_boundaries.txt: 建设, 发展 ...) does not open it: 建设科技部 is 科技部.
    """
    while governing := next((w for w in _GOVERNING if text.startswith(w, start)), ""):
        rest = start + len(governing)
        if head_start - rest < 2 or text[rest] == "和":
            break
        start = rest
    core = text[start:head_start]
    if kind == "government" or len(core) < 2 or _document_number(text, end) or core.endswith("人民政府"):
        return None
    words = dictionary_words(core)
    last = words[-1]
    whole = text[start:end]
    if not (is_known_word(whole) and len(words) == 1) and (
        word_tag(last) in _NOT_HEAD_WORD
        or (kind == "office" and len(last) == 1 and len(core) > 2)
        or word_tag(words[0]) == "m"
    ):
        return None
    if core.startswith("和") or any(c.isdigit() or c in CN_NUMERAL for c in core[:1]):
        return None
    return NameMention(start, end, text[start:end], GOVERNMENT_BODY, text[head_start:end])


def _bound_head(text: str, head_start: int, end: int) -> bool:
    """True if the dictionary binds a one-character head to the character before it (格局, 干部, 通办).

    A three-character word of an organisation ending in that pair (财政局, tagged nt) is a body all
    the same, and so is a level's committee (市委).
    """
    pair = text[head_start - 1 : end]
    if len(pair) < 2 or not is_known_word(pair) or _LEVEL.match(pair):
        return False
    # After a level or another body a committee or office is abbreviated: 市教委, 省外办, 纪委监委
    # (but 区布局 is a district's layout).
    if text[head_start - 1 : end] and text[head_start:end] in "委办" and text[head_start - 2] in _AFTER_LEVEL:
        return False
    if word_tag(pair) == "f":  # a direction (西部, 中西部) is never a body, however the dictionary tags it
        return True
    triple = text[head_start - 2 : end]
    return not (len(triple) == 3 and word_tag(triple) in ("nt", "j"))


def _ends_in_head(word: str) -> bool:
    return any(word.endswith(h) for h in _heads()[1])


def _document_number(text: str, end: int) -> bool:
    """True for the issuer's code of a document number (豫政办〔2023〕): not a body's name."""
    return text[end : end + 1] in ("〔", "[", "［", "【")


def _issuer(text: str, start: int, end: int) -> bool:
    """True for the plan's own government or its office as the issuer (市政府办公厅印发, 省人民政府关于)."""
    name = text[start:end]
    if not re.match(r"^(?:省|市|区|县|州)(?:人民)?政府", name):
        return False
    return bool(re.match(r"\s*(?:印发|关于|发布|转发|文件)", text[end : end + 4]))


def _joined(text: str, bodies: list[NameMention], is_place: Callable[[int, int], bool]) -> list[NameMention]:
    """Join a body to a regional office named right after it: 国家能源局 + 河南监管办."""
    by_end = {b.end: b for b in bodies}
    joined = []
    for body in bodies:
        before = by_end.get(body.start)
        if before is not None and before is not body:
            name = text[before.start : body.end]
            joined.append(NameMention(before.start, body.end, name, GOVERNMENT_BODY, body.head))
    return joined
