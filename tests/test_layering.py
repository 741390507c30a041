"""The layers of the package: what each part may load, checked in fresh interpreters and in the source.

Data flows one way, text -> Doc -> records -> RDF -> store -> routes and viewer: the server never
loads the builder, spaCy, jieba or pypinyin; the text rules are pure Python; only the pipeline
imports spaCy; the shared modules load nothing heavy at import.
"""

from __future__ import annotations

import ast
import json
import os
import pkgutil
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest

HEAVY_FOR_SERVER = ("spacy", "jieba", "pypinyin", "cn2an", "pyshacl", "policykg.graph_builder")


def loaded_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """Run ``code`` in a fresh interpreter and return the names of the modules it left loaded."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    environment = {**os.environ, **(env or {})}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=environment
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def loaded_from(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    """Return the loaded modules that are, or are inside, one of ``prefixes``."""
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


def submodules(package: str) -> list[str]:
    """Return the dotted names of every module inside ``package``, sub-packages included."""
    path = import_module(package).__path__
    return sorted(info.name for info in pkgutil.walk_packages(path, package + "."))


def source_files(package: str) -> list[Path]:
    """Return the source files of ``package`` and everything inside it."""
    return sorted(Path(import_module(package).__path__[0]).rglob("*.py"))


def imported_names(path: Path) -> set[str]:
    """Return every module a source file imports, at its top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_server_app_loads_no_builder_and_no_language_tools() -> None:
    modules = loaded_after(
        "from policykg.server.app import create_app\n"
        "from policykg.server.store.embedded import OxigraphStore\n"
        "app = create_app({'POLICYKG_STORE': OxigraphStore()})\n"
        "client = app.test_client()\n"
        "assert client.get('/sparql', query_string={'query': 'ASK {}'}).status_code == 200\n"
        "assert client.get('/api/stats').status_code == 200"
    )
    assert loaded_from(modules, HEAVY_FOR_SERVER) == []


@pytest.mark.parametrize(
    "package", ["policykg.server", "policykg.checks", "policykg.ontology", "policykg.queries"]
)
def test_no_source_outside_the_builder_and_the_cli_imports_the_builder(package: str) -> None:
    offenders = {
        str(path): sorted(n for n in imported_names(path) if n.startswith("policykg.graph_builder"))
        for path in source_files(package)
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_server_does_not_use_the_command_line_library() -> None:
    # Flask itself imports click, so this is checked in the source: the server raises its own errors and
    # the commands (policykg/cli) turn them into click's.
    offenders = [
        str(path)
        for path in source_files("policykg.server")
        if any(n.split(".")[0] == "click" for n in imported_names(path))
    ]
    assert offenders == []


def test_a_server_of_a_built_graph_searches_pinyin_without_a_pinyin_dictionary(seed_build) -> None:
    # The builder writes each entity's pinyin into the graph; serving it must not load pypinyin's
    # dictionaries (some 55 MB in every worker) nor anything of the builder.
    modules = loaded_after(
        "from policykg.server.app import create_app\n"
        "from policykg.server.store.embedded import OxigraphStore\n"
        "from policykg.server.store.loading import load_build\n"
        "store = OxigraphStore()\n"
        f"load_build(store, __import__('pathlib').Path({str(seed_build.files[0].parent)!r}))\n"
        "client = create_app({'POLICYKG_STORE': store}).test_client()\n"
        "hits = client.get('/api/search', query_string={'q': 'jinan'}).get_json()['results']\n"
        "assert any(hit['field'] == 'pinyin' for hit in hits), hits\n"
        "assert client.get('/viewer').status_code == 200"
    )
    assert loaded_from(modules, HEAVY_FOR_SERVER) == []


def test_only_the_pipeline_imports_spacy() -> None:
    pipeline = Path(import_module("policykg.graph_builder.pipeline").__path__[0])
    offenders = [
        str(path)
        for package in ("policykg", "policykg.graph_builder", "policykg.server", "policykg.checks")
        for path in source_files(package)
        if pipeline not in path.parents and any(n.split(".")[0] == "spacy" for n in imported_names(path))
    ]
    assert offenders == []


@pytest.mark.parametrize("module", submodules("policykg.graph_builder.text"))
def test_text_rules_import_neither_spacy_nor_rdflib(module: str) -> None:
    assert loaded_from(loaded_after(f"import {module}"), ("spacy", "rdflib", "pyoxigraph")) == []


@pytest.mark.parametrize("module", submodules("policykg.graph_builder.rdf"))
def test_the_rdf_writer_does_not_import_spacy(module: str) -> None:
    assert loaded_from(loaded_after(f"import {module}"), ("spacy",)) == []


@pytest.mark.parametrize("module", submodules("policykg.checks"))
def test_the_checks_load_no_builder_and_no_language_tools(module: str) -> None:
    modules = loaded_after(f"import {module}")
    assert loaded_from(modules, ("spacy", "jieba", "pypinyin", "policykg.graph_builder")) == []


@pytest.mark.parametrize(
    "module", ["policykg.iris", "policykg.patterns", "policykg.numerals", "policykg.pinyin", "policykg.data"]
)
def test_shared_modules_load_nothing_heavy_at_import(module: str) -> None:
    modules = loaded_after(f"import {module}")
    heavy = ("spacy", "jieba", "pypinyin", "cn2an", "rdflib", "pyoxigraph", "flask", "policykg.graph_builder")
    assert loaded_from(modules, heavy) == []


def test_pinyin_loads_its_dictionaries_on_first_use_only(tmp_path) -> None:
    # With an empty cache the readings come from pypinyin itself (a warm cache spares loading it).
    modules = loaded_after(
        "from policykg.pinyin import pinyin_syllables\nassert pinyin_syllables('济南') == ['ji', 'nan']",
        env={"POLICYKG_CACHE_DIR": str(tmp_path)},
    )
    assert "pypinyin" in modules


def test_the_numeral_reader_loads_cn2an_on_first_use_only() -> None:
    modules = loaded_after(
        "from policykg.numerals import parse_number\nassert parse_number('一千零一') == 1001"
    )
    assert "cn2an" in modules  # plain numerals (两千三百万) are read without it; this one is not plain
