"""Chinese frames around a phrase in titles, put in English order: 在 X 上 + verb -> verb ... in X.

A task title such as 在<X>上走在前 or 在<X>方面争取突破 opens with the frame and ends with the verb
phrase; English puts the verb first and the frame after it, as a prepositional phrase: "Take the Lead
in X", "Strive for Breakthroughs in X". The closing word of the frame (上, 中, 方面) is dropped; without
one, the frame ends at the first verb (在重点领域取得突破 -> Achieve Breakthroughs in Key Fields). Where
the verb phrase is a verb alone, it takes "in" and the phrase it governs (Take the Lead in Building ...).
"""

from __future__ import annotations

from policykg.graph_builder.english.words import Source, Word

_OPEN = "在"
_CLOSE = frozenset({"上", "中", "方面"})


def move_frames(words: list[Word]) -> list[Word]:
    """Return the words with each clause's opening 在…上 frame moved after its verb phrase."""
    out: list[Word] = []
    clause: list[Word] = []
    for word in words:
        if word.source is Source.PUNCT:
            out += _move(clause)
            out.append(word)
            clause = []
        else:
            clause.append(word)
    return out + _move(clause)


def _move(clause: list[Word]) -> list[Word]:
    """Move one clause's frame, if it opens the clause and a verb phrase follows its closing word."""
    if not clause or clause[0].zh != _OPEN:
        return clause
    close = next((i for i, w in enumerate(clause) if i > 1 and w.zh in _CLOSE and w.term is not None), None)
    if close is None:
        # 在 X + verb phrase, without a closing word: X ends at the first glossary verb.
        verb = next((i for i, w in enumerate(clause) if i > 1 and w.verb is not None and w.has("v")), None)
        if verb is None or any(w.verb is not None for w in clause[1:verb]):
            return clause
        inner, after = clause[1:verb], clause[verb:]
    else:
        inner, after = clause[1:close], clause[close + 1 :]
    if not after or not any(w.verb is not None for w in after):
        return clause
    opener = clause[0]
    last = after[-1]
    if len(after) == 1 and last.has("v"):
        # "Take the Lead" + 在 -> "Take the Lead in", so that a verb after it reads as a gerund.
        if not last.verb.endswith(" in"):
            last.verb = f"{last.verb} in"
            last.ing = f"{last.ing} in" if last.ing else None
            last.en = last.verb
        return [*after, *inner]
    return [*after, opener, *inner]
