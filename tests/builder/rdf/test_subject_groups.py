"""Sorted N-Triples cut into groups of whole subjects where the content says (graph_builder/rdf/subject_groups.py)."""

from __future__ import annotations

import io
import random
from itertools import pairwise

import pytest

from policykg.graph_builder.rdf import subject_groups as module
from policykg.graph_builder.rdf.subject_groups import subject_groups

TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def subject_lines(i: int, extra: int = 0, typed: bool = True) -> list[str]:
    """The lines of one made-up subject: an identifier (sorted before the type), a label or more, and a
    type unless ``typed`` is false."""
    node = f"<https://example.org/id/thing/{i:05d}>"
    lines = [f'{node} <http://purl.org/dc/terms/identifier> "{i}" .\n']
    lines += [
        f'{node} <http://www.w3.org/2000/01/rdf-schema#label> "事物{i} 之 {k}"@zh .\n'
        for k in range(1 + extra)
    ]
    if typed:
        lines.append(f"{node} {TYPE} <https://example.org/ontology#Thing> .\n")
    return lines


def graph(count: int, rng: random.Random, typed: bool = True) -> bytes:
    lines = [line for i in range(count) for line in subject_lines(i, rng.randrange(4), typed)]
    return "".join(sorted(lines)).encode()


def groups_of(data: bytes, **options) -> list[bytes]:
    return list(subject_groups(io.BytesIO(data), **options))


def subject(line: bytes) -> bytes:
    return line.split(b" ", 1)[0]


def assert_whole_subjects(groups: list[bytes]) -> None:
    """Each group ends where a subject ends: the next group starts with another subject."""
    for before, after in pairwise(groups):
        assert subject(before.splitlines()[-1]) != subject(after.splitlines()[0])


@pytest.mark.parametrize("block", [97, 1000, 1 << 22])
def test_the_groups_make_up_the_stream_cut_between_subjects_wherever_the_blocks_fall(monkeypatch, block):
    monkeypatch.setattr(module, "_BLOCK", block)
    data = graph(3000, random.Random(1))
    groups = groups_of(data)
    assert b"".join(groups) == data
    assert 20 < len(groups) < 100  # about one typed subject in 64 starts a group
    assert_whole_subjects(groups)
    monkeypatch.setattr(module, "_BLOCK", 1 << 22)
    assert groups_of(data) == groups  # the cuts do not depend on how the stream is read


def test_a_change_leaves_the_groups_it_does_not_reach_as_they_were():
    rng = random.Random(2)
    data = graph(3000, rng)
    # One subject gains a line, in the middle of the file, and another one is added.
    changed = data.decode().splitlines(keepends=True)
    changed += subject_lines(1500, extra=9)[2:] + subject_lines(99999)
    changed_data = "".join(sorted(set(changed))).encode()
    before, after = groups_of(data), groups_of(changed_data)
    assert len(set(after) - set(before)) <= 3
    assert len(set(before) & set(after)) >= len(before) - 3


def test_a_stretch_without_a_chosen_subject_is_cut_at_a_subject_once_it_is_long(monkeypatch):
    monkeypatch.setattr(module, "_BLOCK", 500)
    data = graph(400, random.Random(3), typed=False)
    groups = groups_of(data, max_group=2000)
    assert b"".join(groups) == data and len(groups) > 5
    assert_whole_subjects(groups)
    assert all(len(group) <= 2000 for group in groups)


def test_one_subject_longer_than_a_group_stays_whole():
    node = "<https://example.org/id/one>"
    data = "".join(sorted(f'{node} <https://example.org/p> "{i:06d}" .\n' for i in range(500))).encode()
    assert groups_of(data, max_group=1000) == [data]


def test_an_empty_stream_has_no_group():
    assert groups_of(b"") == []


def test_a_literal_that_holds_the_type_predicate_does_not_cut_a_subject():
    node = "<https://example.org/id/note>"
    text = [
        f'{node} <http://purl.org/dc/terms/identifier> "n" .\n',
        f'{node} <https://example.org/says> "a {TYPE} b" .\n',
    ]
    # Subjects whose CRC-32 would choose them, around a literal (not the subject's first line) that reads
    # like a type line.
    lines = [line for i in range(400) for line in subject_lines(i)] + text
    data = "".join(sorted(lines)).encode()
    groups = groups_of(data, spread=1)
    assert b"".join(groups) == data
    assert_whole_subjects(groups)
