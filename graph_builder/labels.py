"""English labels for the names and titles of Chinese policy plans, composed word by word.

A label is composed, not translated: the name is normalized (NFKC, Chinese quotes dropped, year ranges
as 2023–2025) and split at brackets and commas; each piece is covered by the longest entries of the
glossary of general policy vocabulary (``data/glossary_en.tsv``); what the glossary leaves is segmented
by a jieba tokenizer of our own and looked up in CC-CEDICT, and whatever is left is a proper name and
romanized in pinyin. A few predictable rules then make English of the words:

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
  Data Center (North).

The ontology class (``kind``) decides the form: a Task or Domain title is an imperative verb phrase
in title case with plural objects (构建高度创新平台 -> Build High-Level Innovation Platforms); a Plan title
moves its head to the front (济南市...三年行动计划(2023—2025年) -> Jinan Three-Year Action Plan for
Deepening ... (2023–2025)); a Target metric is a lower-case noun phrase (人才总量 -> total talent pool);
places (Province, City, District, County) keep the pinyin of their proper part; everything else is a
name in title case. Labels are printable ASCII, plus the en dash.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

import jieba
from policykg.graph_builder import cedict
from policykg.graph_builder.english import gerund, lower_case, plural, title_case
from policykg.graph_builder.glossary import Term, glossary
from policykg.graph_builder.pinyin import join_syllables, romanize_word

jieba.setLogLevel(logging.WARNING)

PLACE_KINDS = frozenset({"Province", "City", "District", "County"})
TITLE_KINDS = frozenset({"Task", "Domain"})


class Source(StrEnum):
    """Where the English of a word came from."""

    GLOSSARY = "glossary"
    CEDICT = "cedict"
    PINYIN = "pinyin"
    LITERAL = "literal"
    PUNCT = "punct"


class Mode(StrEnum):
    """The grammatical form a label takes."""

    NAME = "name"
    TITLE = "title"
    PLAN = "plan"
    METRIC = "metric"


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


@dataclass(frozen=True)
class Origin:
    """How one word of a label was resolved, for reports and tests."""

    zh: str
    en: str
    source: Source


_HAN_RANGES = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN = re.compile(f"[{_HAN_RANGES}]")
_QUOTES = str.maketrans("", "", '“”‘’「」『』《》〈〉"')
_DOT = re.compile(r"(?<=[\u3400-\u9fff])\s*[·•・]\s*(?=[\u3400-\u9fff])")
_YEARS = re.compile(r"(\d{4})\s*年?\s*[—–\-－~～至到]+\s*(\d{4})\s*年?")
_NUMERAL = "〇零一二两三四五六七八九十百"
_ENUMERATION = re.compile(
    rf"^\s*(?:[(]?[{_NUMERAL}\d]+[)]|[{_NUMERAL}\d]+\s*[、.]|第[{_NUMERAL}\d]+[、,:]?)\s*"
)
_TRAILING = re.compile(r"[。;,:!?\s]+$")
_PERIOD = re.compile(r"\(\s*(\d{4}(?:–\d{4})?)\s*\)\s*$")
_PUNCT = re.compile(r"([()\[\]【】,;:、/]|\s+)")
_LITERAL = re.compile(rf"[A-Za-z0-9][A-Za-z0-9.+&#%-]*|[{_HAN_RANGES}]+|[^\sA-Za-z0-9{_HAN_RANGES}]+")
_BOUNDARY = frozenset({",", ";", ":", "(", ")", "/"})
_CONJUNCTIONS = frozenset({"and", "or"})
_COORDINATED = re.compile(r", | and ")
_PREPOSITIONS = (" in", " on", " for", " of", " with")


def english_label(zh: str, kind: str | None = None) -> str:
    """Return the English label of a Chinese name or title; ``kind`` is its ontology class local name."""
    label = _label(zh.strip(), kind)[0]
    if not label and _HAN.search(zh):
        # Only dropped words (的, 等) were left: a pinyin label beats an empty one.
        return romanize_word("".join(_HAN.findall(zh)))
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
    words = _compose(text, mode)
    _apply_grammar(words, mode)
    if kind == "ProjectPortfolio":
        _pluralize_objects([w for w in words if w.source is not Source.PUNCT], Mode.TITLE)
    return _finish(words, mode), _origins(words)


def normalize(zh: str, kind: str | None = None) -> str:
    """Return the name as the labeller reads it: NFKC, no Chinese quotes, year ranges as 2023–2025."""
    text = unicodedata.normalize("NFKC", zh).translate(_QUOTES)
    # Accented Latin letters lose their accents (Café -> Cafe); Chinese has no combining marks.
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _DOT.sub("", text)
    text = _YEARS.sub(lambda m: f"{m.group(1)}–{m.group(2)}", text)
    if kind in TITLE_KINDS:
        text = _ENUMERATION.sub("", text)
    return _TRAILING.sub("", text).strip()


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
                lone = g == 1 and text[i] not in terms and _HAN.match(text[i]) is not None
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
            if _HAN.match(run):
                tokens.extend(_gap_words(run))
            elif run[0].isalnum() and (folded := _ascii_letters(run)):
                tokens.append((folded, None))
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
            if head and all(c in _NUMERAL for c in head) and last in terms and terms[last].value("num"):
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


def _romanize(word: str) -> str:
    """Return a proper name in pinyin as one word, trusting CC-CEDICT's reading of place names."""
    syllables = cedict.proper_pinyin(word)
    return join_syllables(syllables) if syllables else romanize_word(word)


def _proper_stem(stem: str) -> str:
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
        parts.extend(_romanize(word) for word in words)
    return " ".join(parts)


def _is_name_like(word: str) -> bool:
    """Return whether CC-CEDICT lists ``word`` as a proper noun, or does not know it."""
    return cedict.proper_pinyin(word) is not None or not cedict.knows(word)


def _glossary_word(term: Term) -> Word:
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
    is_unit = len(following.zh) == 1 and following.value("suffix") is not None
    return (is_unit or following.has("ph")) and _is_name_like(tokens[index][0])


def _resolve(tokens: list[tuple[str, Term | None]], index: int) -> Word:
    """Resolve one token to a word: glossary, CC-CEDICT, or a proper name in pinyin."""
    text, term = tokens[index]
    if term is not None:
        return _glossary_word(term)
    if not _HAN.search(text):
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
    if sense is not None and _plain(sense.text) == _plain(_romanize(text)):
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
        en = f"{_proper_stem(text[:-1])} {unit.value('suffix')}".strip()
        return Word(text, en, Source.PINYIN, proper=True)
    return Word(text, _romanize(text), Source.PINYIN, proper=True)


def _resolve_piece(piece: str) -> list[Word]:
    """Resolve the words of one piece (no brackets or commas inside) and apply the word rules."""
    tokens = _join_names_before_heads(_tokens(piece))
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
        if term is None and text and _HAN.search(text):
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


def _merge_name_runs(words: list[Word]) -> list[Word]:
    """Merge runs of romanized words that include single characters into one name (界 + 鲁 -> Jielu)."""
    out: list[Word] = []
    for word in words:
        last = out[-1] if out else None
        if (
            last is not None
            and word.source is Source.PINYIN
            and last.source is Source.PINYIN
            and min(len(word.zh), len(last.zh)) == 1
            and " " not in last.en + word.en
        ):
            zh = last.zh + word.zh
            out[-1] = Word(zh, _romanize(zh), Source.PINYIN, proper=True)
        else:
            out.append(word)
    return out


def _apply_affixes(words: list[Word]) -> None:
    """Read one-character units after a name (区 -> District) and prefixes at the start (市 -> Municipal)."""
    for index, word in enumerate(words):
        if len(word.zh) != 1 or word.term is None:
            continue
        suffix, prefix = word.value("suffix"), word.value("prefix")
        if suffix is not None and index > 0 and words[index - 1].proper:
            word.en, word.proper = suffix, True
        elif prefix is not None and index == 0 and len(words) > 1 and not words[1].proper:
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
        if modifier and following is not None and following.en and following.en not in _CONJUNCTIONS:
            word.en = modifier
        out.append(word)
    return out


def _number(word: Word) -> str | None:
    """Return the digits of a number word: 7, 七, 十二, 二十, 二十三 (the numbers of lines and phases)."""
    if word.zh.isdigit():
        return word.zh
    if not word.zh or any(c not in _NUMERAL for c in word.zh):
        return None
    values = [2 if c == "两" else int(unicodedata.numeric(c)) for c in word.zh]
    if 10 not in values:
        return str(values[0]) if len(values) == 1 else None
    tens_at = values.index(10)
    tens = values[tens_at - 1] if tens_at == 1 else 1
    ones = values[tens_at + 1] if tens_at + 1 < len(values) else 0
    return str(tens * 10 + ones) if tens_at <= 1 and len(values) <= 3 else None


def _apply_numbers(words: list[Word]) -> list[Word]:
    """Fill number templates: 7 + 号线 -> Line 7, 2023 + 年 -> 2023."""
    out: list[Word] = []
    for word in words:
        template = word.value("num")
        number = _number(out[-1]) if out and template is not None else None
        if template is not None and number is not None:
            last = out.pop()
            out.append(Word(last.zh + word.zh, template.replace("{n}", number), Source.GLOSSARY, word.term))
        else:
            out.append(word)
    return out


# --- composing a label ----------------------------------------------------------------------------


def _compose(text: str, mode: Mode) -> list[Word]:
    """Split ``text`` at brackets and commas, resolve each piece, and apply the phrase rules."""
    words: list[Word] = []
    for piece in _PUNCT.split(text):
        if not piece or piece.isspace():
            continue
        if _PUNCT.fullmatch(piece):
            mark = {"[": "(", "【": "(", "]": ")", "】": ")", "、": ","}.get(piece, piece)
            words.append(Word(piece, mark, Source.PUNCT))
            continue
        piece_words = _resolve_piece(piece)
        if mode is Mode.METRIC:
            for word in piece_words:
                if not word.proper:
                    word.en = lower_case(word.en)
        words.extend(_apply_templates(_coordinate(piece_words), mode))
    return words


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
        while start > 0 and out[start - 1].verb is None:
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
    words = [word for word in clause if word.en]
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else None
        if word.en in _CONJUNCTIONS:
            state = "start" if state == "verb" and follow is None else state
            object_words.append(word)
            continue
        # Only glossary verbs start a phrase after a noun: CC-CEDICT's verb senses are too loose.
        leads = word.verb is not None and (
            state != "noun" or (word.term is not None and not word.has("nominal"))
        )
        if not leads or (state == "noun" and following is None):
            if word.verb is not None:
                word.en = word.noun or word.en
            if state == "verb" and " of " in word.en and not word.en.lower().startswith(("the ", "a ")):
                word.en = f"the {word.en}"
            state = "noun"
            object_words.append(word)
            continue
        _pluralize_objects(object_words, mode)
        object_words = []
        if follow is not None and state != "noun":
            word.en = word.ing or gerund(word.verb) if follow == "gerund" else word.verb
        elif state == "verb":
            has_object = following is not None and following.en not in _CONJUNCTIONS
            word.en = f"the {word.noun} of" if has_object and word.noun else word.noun or word.en
        else:
            head = word.verb if mode is Mode.TITLE else word.ing or gerund(word.verb)
            word.en = f"and {head}" if state == "noun" else head
            follow = (
                "verb"
                if word.verb.endswith(" to")
                else "gerund"
                if word.verb.endswith(_PREPOSITIONS)
                else None
            )
        state = "verb"
    _pluralize_objects(object_words, mode)


def _pluralize_objects(object_words: list[Word], mode: Mode) -> None:
    """In task titles, make the last countable noun of each coordinated object plural."""
    if mode is not Mode.TITLE or not object_words:
        return
    conjuncts: list[list[Word]] = [[]]
    for word in object_words:
        if word.en in _CONJUNCTIONS:
            conjuncts.append([])
        elif word.en:
            conjuncts[-1].append(word)
    for conjunct in conjuncts:
        if conjunct and conjunct[-1].has("n") and conjunct[-1].en == conjunct[-1].term.en:
            conjunct[-1].en = conjunct[-1].value("pl") or plural(conjunct[-1].en)


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
        needs_space = out and not out.endswith(("(", " ", "–", "/"))
        out += (" " if needs_space else "") + en
    out = re.sub(r"\s+", " ", out).strip(" ,;:")
    out = re.sub(r"\(\s*\)", "", out).strip()
    return out if mode is Mode.METRIC else title_case(out)


def _origins(words: Iterable[Word]) -> tuple[Origin, ...]:
    """Record where each word's English came from."""
    return tuple(Origin(w.zh, w.en, w.source) for w in words if w.source is not Source.PUNCT)


# --- places and plans -----------------------------------------------------------------------------


def _place_words(text: str) -> Iterator[Word]:
    """Yield the words of an administrative place name: its proper part in pinyin, then its unit."""
    term = glossary().get(text)
    if term is not None:
        yield _glossary_word(term)
        return
    units = [zh for zh, t in glossary().items() if t.value("suffix") is not None and text.endswith(zh)]
    unit = max(units, key=len, default="")
    stem = text[: len(text) - len(unit)]
    if len(stem) < 2:
        yield Word(text, _romanize(text), Source.PINYIN, proper=True)
        return
    yield Word(stem, _proper_stem(stem), Source.PINYIN, proper=True)
    if unit:
        yield Word(unit, glossary()[unit].value("suffix") or "", Source.GLOSSARY, glossary()[unit])


def _plan_label(text: str) -> tuple[str, tuple[Origin, ...]]:
    """Compose a plan title: place, then the plan head moved to the front, "for", then the content."""
    period = _PERIOD.search(text)
    main = text[: period.start()] if period else text
    words = [word for word in _compose(main, Mode.PLAN) if word.en]
    origins = _origins(words)
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
