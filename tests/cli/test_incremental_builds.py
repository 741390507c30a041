"""Incremental builds: only added or changed documents are extracted, and the graph is a full build's."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph_builder import cache as cache_module
from policykg.graph_builder.build import build_documents
from policykg.graph_builder.builddir import cache_folder

TEXTS = {
    "a.txt": "示例市推进制造业高质量发展三年行动计划（2024—2026年）\n一、建设先进制造业基地\n"
    "（一）壮大产业集群。到2026年，规模以上工业增加值达到1200亿元。建设示例市新能源汽车产业园。\n"
    "二、推动数字化转型\n（一）到2026年，建成智能工厂30家。\n",
    "b.txt": "样例县数字乡村建设实施方案（2023—2025年）\n一、完善基础设施\n（一）到2025年，建成5G基站200个。\n"
    "二、发展智慧农业\n（一）到2025年，农产品网络零售额达到5亿元。\n",
    "c.txt": "示例市生态环境保护规划（2021—2025年）\n一、改善空气质量\n"
    "（一）到2025年，细颗粒物浓度下降10%。\n二、保护水环境\n（一）建设示例市污水处理厂。\n",
}
CHANGED_B = TEXTS["b.txt"].replace("智慧农业", "智慧林业")
FILES = ("graph.nt", "graph.ttl", "graph.jsonld", "findings.ttl")


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Record one build time for every build, so that two builds of one corpus are byte-identical."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build(corpus: Path, out: Path, names: list[str], **options):
    return build_documents([corpus / n for n in names], out, validate_shapes=False, workers=1, **options)


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def full(corpus: Path, tmp_path: Path, names: list[str], label: str) -> dict[str, bytes]:
    """The files of a build from scratch (fresh directory, no cache) of these documents."""
    out = tmp_path / f"full-{label}"
    result = build(corpus, out, names, use_cache=False)
    assert len(result.extracted) == len(names) and not result.patched
    return outputs(out)


def kinds(folder: Path) -> dict[str, int]:
    """How many entries of each kind a cache folder holds: documents' records, written plans (two entries
    each: the plan and its triples), the table of written entities, the memo of names and the graph's
    lines with their ledger (not the shapes results)."""
    names = [p.name for p in folder.iterdir() if not p.name.startswith("shapes-")]
    shared = ("work-", "entities-", "memo-", "graph-")
    return {
        "document": sum(not n.startswith(shared) for n in names),
        "work": sum(n.startswith("work-") for n in names),
        "entities": sum(n.startswith("entities-") for n in names),
        "memo": sum(n.startswith("memo-") for n in names),
        "graph": sum(n.startswith("graph-") for n in names),
    }


def names_of(result) -> list[str]:
    return sorted(Path(p).name for p in result.extracted)


def test_add_change_and_remove_extract_one_document_and_equal_a_full_build(corpus, tmp_path):
    out = tmp_path / "out"
    assert names_of(build(corpus, out, ["a.txt", "c.txt"])) == ["a.txt", "c.txt"]
    assert outputs(out) == full(corpus, tmp_path, ["a.txt", "c.txt"], "first")

    added = build(corpus, out, ["a.txt", "b.txt", "c.txt"])
    assert names_of(added) == ["b.txt"]
    # The graph is the last build's lines, patched (kept_graph), whenever the last build kept them.
    assert added.patched
    assert outputs(out) == full(corpus, tmp_path, ["a.txt", "b.txt", "c.txt"], "added")

    (corpus / "b.txt").write_text(CHANGED_B, encoding="utf-8")
    changed = build(corpus, out, ["a.txt", "b.txt", "c.txt"])
    assert names_of(changed) == ["b.txt"] and changed.patched
    # Only the plan of the changed document is written again; the others come from the cache.
    assert len(changed.rewritten) == 1 and len(changed.documents) == 3
    assert outputs(out) == full(corpus, tmp_path, ["a.txt", "b.txt", "c.txt"], "changed")
    assert "智慧林业" in (out / "graph.nt").read_text(encoding="utf-8")

    removed = build(corpus, out, ["a.txt", "c.txt"])
    assert names_of(removed) == [] and removed.rewritten == () and removed.patched
    assert outputs(out) == full(corpus, tmp_path, ["a.txt", "c.txt"], "removed")
    assert kinds(cache_folder(out)) == {"document": 2, "work": 4, "entities": 1, "memo": 1, "graph": 2}


def test_a_rebuild_checks_again_only_what_changed_and_finds_what_a_whole_check_finds(
    corpus, tmp_path, monkeypatch
):
    from policykg.checks import shapes_delta
    from policykg.checks import validate as validation
    from policykg.graph_builder import kept_checks

    # In a corpus this small one plan is a large share of the graph: never fall back for the size of a change.
    monkeypatch.setattr(shapes_delta, "MAX_CHANGED_SHARE", 100.0)
    whole_checks = []
    real = validation.validate_ntriples

    def counted(*args, **kwargs):
        whole_checks.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(validation, "validate_ntriples", counted)
    monkeypatch.setattr(kept_checks, "validate_ntriples", counted)
    compared = []  # the two graphs compared line by line (not needed when the patch says what changed)
    monkeypatch.setattr(shapes_delta, "changed_lines", lambda *args: compared.append(args) or iter(()))
    out = tmp_path / "out"
    build_documents([corpus / "a.txt", corpus / "c.txt"], out, workers=1)
    assert len(whole_checks) == 1 and list(cache_folder(out).glob("shapes-*.json"))
    steps = {
        "added": ["a.txt", "b.txt", "c.txt"],
        "changed": ["a.txt", "b.txt", "c.txt"],
        "removed": ["a.txt"],
    }
    for label, names in steps.items():
        if label == "changed":
            (corpus / "b.txt").write_text(CHANGED_B, encoding="utf-8")
        del whole_checks[:]
        again = build_documents([corpus / n for n in names], out, workers=1).validation
        assert whole_checks == [] and compared == [], label  # only the changed nodes were checked
        fresh = build_documents(
            [corpus / n for n in names], tmp_path / f"full-{label}", workers=1, use_cache=False
        )
        assert again == fresh.validation, label
        assert again is not None and again.results == fresh.validation.results


def test_a_new_software_version_extracts_again_and_another_base_reuses_the_records(
    corpus, tmp_path, monkeypatch
):
    out = tmp_path / "out"
    build(corpus, out, ["a.txt", "b.txt"])
    rebased = build(corpus, out, ["a.txt", "b.txt"], base="https://example.org/")
    assert names_of(rebased) == []
    assert "<https://example.org/id/plan/" in (out / "graph.nt").read_text(encoding="utf-8")
    monkeypatch.setattr(cache_module, "software_fingerprint", lambda: "another version")
    assert names_of(build(corpus, out, ["a.txt", "b.txt"], base="https://example.org/")) == ["a.txt", "b.txt"]


def test_a_damaged_entry_or_a_killed_write_is_a_miss_and_cleared(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, ["a.txt", "b.txt"])
    before = outputs(out)
    folder = cache_folder(out)
    entry = sorted(folder.iterdir())[0]
    entry.write_bytes(entry.read_bytes()[:50])
    leftover = folder / ".0123.half-written"
    leftover.write_bytes(b"\x80\x05partial")
    result = build(corpus, out, ["a.txt", "b.txt"])
    assert len(result.extracted) == 1
    assert outputs(out) == before
    assert not leftover.exists() and kinds(folder) == {
        "document": 2,
        "work": 4,
        "entities": 1,
        "memo": 1,
        "graph": 2,
    }
    assert build(corpus, out, ["a.txt", "b.txt"]).extracted == ()


@pytest.mark.parametrize("damage", ["header", "pages"])
def test_a_damaged_table_of_entities_is_a_miss_and_written_again(corpus, tmp_path, damage):
    out = tmp_path / "out"
    build(corpus, out, ["a.txt", "b.txt"])
    before = outputs(out)
    (table,) = cache_folder(out).glob("entities-*")
    data = table.read_bytes()
    if damage == "header":
        table.write_bytes(b"not a table" + data[:100])
    else:  # its first page whole, the others noise: SQLite opens it and finds the table
        noise = bytes(range(256)) * (len(data) // 256)
        table.write_bytes(data[:4096] + noise[: len(data) - 4096])
    build(corpus, out, ["a.txt", "b.txt"])
    assert outputs(out) == before
    (rewritten,) = cache_folder(out).glob("entities-*")
    with closing(sqlite3.connect(rewritten)) as connection:
        assert connection.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM chunk").fetchone()[0] > 0


@pytest.mark.parametrize("damage", ["graph", "duplicates", "ledger", "plans", "table"])
def test_a_rebuild_that_cannot_patch_the_last_lines_merges_every_chunk(corpus, tmp_path, damage):
    """The last build's graph is patched only when it and the duplicate lines are those kept and every
    chunk that is gone can be read; otherwise every chunk is merged again, and the graph is still a full
    build's."""
    out = tmp_path / "out"
    build(corpus, out, ["a.txt", "b.txt", "c.txt"])
    folder = cache_folder(out)
    if damage == "graph":  # the published graph.nt edited in place, as long as it was
        data = (out / "graph.nt").read_bytes()
        assert "智慧农业".encode() in data
        (out / "graph.nt").write_bytes(data.replace("智慧农业".encode(), "智慧林业".encode()))
    elif damage == "duplicates":
        (duplicates,) = folder.glob("graph-*.duplicates")
        duplicates.write_bytes(duplicates.read_bytes() + b"<urn:x> <urn:y> <urn:z> .\n")
    elif damage == "ledger":
        (ledger,) = folder.glob("graph-*.ledger")
        ledger.write_bytes(b"not a ledger")
    elif damage == "plans":  # among them the plan of the document removed below
        for plan in folder.glob("work-*"):
            plan.unlink()
    else:
        (table,) = folder.glob("entities-*")
        table.write_bytes(b"not a table")
    removed = build(corpus, out, ["a.txt", "c.txt"])
    assert not removed.patched
    assert outputs(out) == full(corpus, tmp_path, ["a.txt", "c.txt"], damage)
    added = build(corpus, out, ["a.txt", "b.txt", "c.txt"])
    assert added.patched
    assert outputs(out) == full(corpus, tmp_path, ["a.txt", "b.txt", "c.txt"], f"{damage}-added")


def test_a_kept_plan_written_again_under_its_key_replaces_its_lines(corpus, tmp_path):
    """A plan's key does not cover the IRIs of the entities it names: when a new name of the same pinyin
    makes both entities' IRIs carry a hash, the plan is written again under the same key, and the graph
    is still a full build's."""
    (corpus / "d.txt").write_text(
        "示例市推进科技创新三年行动计划（2024—2026年）\n一、建设创新平台\n（一）支持泉城实验室建设。\n",
        encoding="utf-8",
    )
    (corpus / "e.txt").write_text(
        "样例县科技创新实施方案（2024—2026年）\n一、建设创新平台\n（一）支持全城实验室建设。\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(corpus, out, ["a.txt", "d.txt"])
    assert b"/laboratory/quancheng-shiyanshi>" in (out / "graph.nt").read_bytes()
    build(corpus, out, ["a.txt", "d.txt", "e.txt"])
    assert b"/laboratory/quancheng-shiyanshi>" not in (out / "graph.nt").read_bytes()
    assert outputs(out) == full(corpus, tmp_path, ["a.txt", "d.txt", "e.txt"], "homophones")


def test_triples_the_last_lines_hold_are_kept_unread_for_a_later_removal(corpus, tmp_path, monkeypatch):
    from policykg.graph_builder import writing

    out = tmp_path / "out"
    build(corpus, out, ["a.txt", "b.txt", "c.txt"])
    read = []
    with monkeypatch.context() as patched:
        patched.setattr(writing, "kept_chunk", lambda *args, **kwargs: read.append(args))
        again = build(corpus, out, ["a.txt", "b.txt", "c.txt"])
    assert again.patched and read == []  # no plan's triples were read
    removed = build(corpus, out, ["b.txt", "c.txt"])  # the triples of a.txt's plan are still there
    assert removed.patched
    assert outputs(out) == full(corpus, tmp_path, ["b.txt", "c.txt"], "removed")


def test_the_kept_table_holds_the_entities_of_the_last_build_only(corpus, tmp_path):
    """A rebuild copies the last table and drops what the corpus no longer names: after removing a
    document the table is the one a first build of the rest makes."""
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    (corpus / "d.txt").write_text(
        "示例市推进科技创新三年行动计划（2024—2026年）\n一、建设创新平台\n"
        "（一）支持泉城实验室建设，建设示例市人民医院新院区。\n",
        encoding="utf-8",
    )
    build(corpus, out, ["a.txt", "c.txt", "d.txt"])
    build(corpus, out, ["a.txt", "c.txt"])
    build(corpus, fresh, ["a.txt", "c.txt"])

    def rows(folder: Path) -> set[tuple[str, bytes]]:
        (table,) = cache_folder(folder).glob("entities-*")
        with closing(sqlite3.connect(table)) as connection:
            return set(connection.execute("SELECT key, nt FROM chunk"))

    assert rows(out) and rows(out) == rows(fresh)


def test_a_build_stopped_while_writing_entities_leaves_the_kept_table_as_it_was(
    corpus, tmp_path, monkeypatch
):
    from policykg.graph_builder import kept_works

    out = tmp_path / "out"
    build(corpus, out, ["a.txt", "c.txt"])
    (table,) = cache_folder(out).glob("entities-*")
    before = table.read_bytes()

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(kept_works, "_keep_only", stop)  # after the new entities went in
        with pytest.raises(KeyboardInterrupt):
            build(corpus, out, ["a.txt", "b.txt"])
    assert table.read_bytes() == before
    assert build(corpus, out, ["a.txt", "b.txt"]).patched
    assert outputs(out) == full(corpus, tmp_path, ["a.txt", "b.txt"], "after-a-stop")


def test_an_unchanged_corpus_takes_every_entity_from_the_kept_table(corpus, tmp_path, monkeypatch):
    from policykg.graph_builder.rdf.corpus import CorpusWriter

    out = tmp_path / "out"
    build(corpus, out, ["a.txt", "b.txt"])
    before = outputs(out)

    def refuse(*args, **kwargs):
        raise AssertionError("an entity written again")

    monkeypatch.setattr(CorpusWriter, "entity_core", refuse)
    monkeypatch.setattr(CorpusWriter, "entity_mentions", refuse)
    build(corpus, out, ["a.txt", "b.txt"])
    assert outputs(out) == before


def test_the_command_says_what_it_took_from_the_last_build(corpus, tmp_path):
    out = tmp_path / "out"
    arguments = ["build", str(corpus / "a.txt"), "-o", str(out), "--no-validate"]
    assert "unchanged" not in CliRunner().invoke(cli, arguments).output
    again = CliRunner().invoke(cli, [*arguments, str(corpus / "b.txt")])
    assert again.exit_code == 0, again.output
    assert "from 2 document(s) (1 unchanged, taken from the last build)" in again.output
    fresh = CliRunner().invoke(cli, [*arguments, str(corpus / "b.txt"), "--no-cache"])
    assert fresh.exit_code == 0 and "unchanged" not in fresh.output


def test_a_rebuild_leaves_the_garbage_collector_as_it_found_it(corpus, tmp_path):
    import gc

    out = tmp_path / "out"
    build(corpus, out, ["a.txt", "c.txt"])
    rebuilt = build(corpus, out, ["a.txt", "c.txt"])  # the records come from the cache (build._kept_records)
    assert rebuilt.extracted == ()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_changed_document_writes_again_only_its_own_mentions_of_shared_entities(
    corpus, tmp_path, monkeypatch
):
    from policykg.graph_builder.rdf.corpus import CorpusWriter

    out = tmp_path / "out"
    park = "示例市新能源汽车产业园"
    (corpus / "c.txt").write_text(
        TEXTS["c.txt"] + f"三、绿色发展\n（一）推动{park}绿色低碳改造。\n", encoding="utf-8"
    )
    build(corpus, out, ["a.txt", "b.txt", "c.txt"])
    # a.txt and c.txt both name the park; a.txt changes.
    (corpus / "a.txt").write_text(
        TEXTS["a.txt"] + "三、保障措施\n（一）到2026年，建成示例市智能制造中心。\n", encoding="utf-8"
    )
    written: list[str] = []
    real = CorpusWriter.entity_mentions

    def recorded(self, document, identity, entity):
        written.append(Path(document.path).name)
        return real(self, document, identity, entity)

    with monkeypatch.context() as patched:
        patched.setattr(CorpusWriter, "entity_mentions", recorded)
        rebuilt = build(corpus, out, ["a.txt", "b.txt", "c.txt"])
    assert rebuilt.patched and written and set(written) == {"a.txt"}
    assert outputs(out) == full(corpus, tmp_path, ["a.txt", "b.txt", "c.txt"], "a-changed")
    lines = (out / "graph.nt").read_text(encoding="utf-8").splitlines()
    mentions = [line for line in lines if "/industrial-park/" in line.split()[0] and "wasDerivedFrom" in line]
    # The park is named by both documents: c.txt's mentions were kept, a.txt's written again.
    assert len({line.split("/document/")[1][:16] for line in mentions}) == 2
