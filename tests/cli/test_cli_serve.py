"""The serve, load and query commands: a real server process, real uploads, real queries."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.server.serving import worker_count
from policykg.server.store.base import StoreUnavailable
from policykg.server.wsgi import app_from_env

LAB = "https://w3id.org/policykg/id/laboratory/shili-shiyanshi"
LABELS = f"SELECT ?l WHERE {{ <{LAB}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }} ORDER BY ?l"


@pytest.fixture
def build_dir(tmp_path: Path, sample_graph: Path) -> Path:
    """A build directory holding the sample graph as the builder would write it."""
    directory = tmp_path / "build"
    directory.mkdir()
    shutil.copy(sample_graph, directory / "graph.ttl")
    return directory


def run_server(build_dir: Path, port: int, await_port) -> tuple[dict, str]:
    """Start `policykg serve`, ask it one query, stop it, and return the answer and what it logged."""
    command = [sys.executable, "-m", "policykg", "serve", "--port", str(port), "--build-dir", str(build_dir)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        await_port(port, process)
        query = urllib.parse.urlencode({"query": LABELS})
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?{query}", timeout=30) as response:
            answer = json.load(response)
    finally:
        process.terminate()
        _, log = process.communicate(timeout=30)
    return answer, log.decode("utf-8")


@pytest.mark.live
def test_serve_loads_once(build_dir: Path, unused_port: int, await_port) -> None:
    """`policykg serve` loads the build into its store and serves it; on restart the store is up to date."""
    answer, log = run_server(build_dir, unused_port, await_port)
    assert {row["l"]["value"] for row in answer["results"]["bindings"]} == {"Shili Laboratory", "示例实验室"}
    assert "loaded" in log
    assert (build_dir / "store").is_dir()
    answer, log = run_server(build_dir, unused_port, await_port)
    assert "up to date" in log
    assert len(answer["results"]["bindings"]) == 2


def test_serve_builds_the_bundled_plan(tmp_path: Path) -> None:
    """Without a build, serve builds the bundled plan first (with the real builder)."""
    from policykg.cli.serve import build_if_missing

    assert build_if_missing(tmp_path, None) is True
    assert (tmp_path / "graph.ttl").is_file() or (tmp_path / "graph.nt").is_file()
    assert build_if_missing(tmp_path, None) is False


def test_query_command(build_dir: Path) -> None:
    """`policykg query` prints results in the format asked for, and says when it cut them."""
    runner = CliRunner()
    base = ["query", "--build-dir", str(build_dir)]
    result = runner.invoke(
        cli, [*base, f"SELECT ?l WHERE {{ <{LAB}> rdfs:label ?l }} ORDER BY ?l", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["l", "Shili Laboratory", "示例实验室"]
    result = runner.invoke(cli, [*base, "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "3"])
    assert len(result.stdout.splitlines()) == 4
    assert "result cut (max-rows, limit 3)" in result.stderr
    result = runner.invoke(cli, [*base, "-"], input=f"ASK {{ <{LAB}> a pkg:Laboratory }}")
    assert result.stdout.strip() == "true"
    result = runner.invoke(cli, [*base, f"DESCRIBE <{LAB}>", "-f", "nt"])
    assert f"<{LAB}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in result.stdout


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT ?s WHERE {\n  ?s ?p\n}", "malformed query at line 3"),
        ("SELECT ?s WHERE { ?s rdfs:label 'unterminated }", "malformed query at line 1"),
    ],
)
def test_query_command_errors(build_dir: Path, query: str, message: str | None) -> None:
    """A malformed query stops with the position counted from the user's first line."""
    result = CliRunner().invoke(cli, ["query", "--build-dir", str(build_dir), query])
    assert result.exit_code == 1
    if message:
        assert message in result.output


def test_query_command_wrong_format(build_dir: Path) -> None:
    """A format that does not suit the query form is refused."""
    result = CliRunner().invoke(cli, ["query", "--build-dir", str(build_dir), "ASK {}", "-f", "ttl"])
    assert result.exit_code == 1
    assert "does not suit a boolean result" in result.output


@pytest.mark.live
def test_load_into_policykg_itself(make_app, serve, build_dir: Path, tmp_path: Path) -> None:
    """`policykg load` writes through policykg's own Graph Store with the token, and is refused without it."""
    base = serve(make_app(POLICYKG_UPDATE_TOKEN="tok"))
    extra = tmp_path / "extra.nt"
    extra.write_text('<https://example.org/a> <https://example.org/p> "新" .\n', encoding="utf-8")
    arguments = ["load", "--endpoint", f"{base}/graph-store", "--graph", "https://example.org/g", str(extra)]
    refused = CliRunner().invoke(cli, arguments)
    assert refused.exit_code == 1
    assert "401" in refused.output
    loaded = CliRunner().invoke(cli, [*arguments, "--token", "tok"])
    assert loaded.exit_code == 0, loaded.output
    assert "PUT" in loaded.output and "https://example.org/g" in loaded.output
    query = urllib.parse.urlencode({"query": 'ASK { GRAPH <https://example.org/g> { ?s ?p "新" } }'})
    with urllib.request.urlopen(f"{base}/sparql?{query}", timeout=30) as response:
        assert json.load(response)["boolean"] is True


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--endpoint", "http://127.0.0.1:9/store", "FILE"], "cannot reach"),
        (["--endpoint", "http://127.0.0.1:9/store", "--build-dir", "EMPTY"], "policykg build"),
    ],
)
def test_load_errors(tmp_path: Path, arguments: list[str], message: str) -> None:
    """Unreachable endpoints and missing builds stop `policykg load` with a clear message."""
    odd = tmp_path / "data.ttl"
    odd.write_text("<https://example.org/a> <https://example.org/p> 1 .\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    replaced = [
        str(odd) if a == "FILE" else str(tmp_path / "empty") if a == "EMPTY" else a for a in arguments
    ]
    result = CliRunner().invoke(cli, ["load", *replaced])
    assert result.exit_code == 1
    assert message in result.output


def test_unknown_file_type_is_refused(tmp_path: Path) -> None:
    """A file whose extension names no RDF syntax is not sent."""
    odd = tmp_path / "data.csv"
    odd.write_text("a,b\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", "--endpoint", "http://127.0.0.1:9/store", str(odd)])
    assert result.exit_code == 1
    assert "unknown RDF file extension" in result.output


def test_app_from_env(build_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers' factory reads its settings from POLICYKG_* variables."""
    monkeypatch.setenv("POLICYKG_BUILD_DIR", str(build_dir))
    monkeypatch.setenv("POLICYKG_UPDATE_TOKEN", "t")
    monkeypatch.setenv("POLICYKG_MAX_ROWS", "3")
    monkeypatch.setenv("POLICYKG_TIMEOUT", "0")
    app = app_from_env()
    assert app.config["POLICYKG_UPDATE_TOKEN"] == "t"
    assert app.config["POLICYKG_MAX_ROWS"] == 3
    assert app.config["POLICYKG_TIMEOUT"] is None
    response = app.test_client().get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.headers["Policykg-Truncated"] == "max-rows; limit=3"
    app.extensions["policykg.search_warmup"].join(timeout=60)
    assert not app.extensions["policykg.search_warmup"].is_alive()
    app.extensions["policykg.store"].close()


def worker_processes(pid: int) -> list[int]:
    """Return the PIDs of the worker processes a server process started (Linux /proc)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()  # not multiprocessing's helpers
    ]


@pytest.mark.live
def test_serve_read_only_workers_share_the_store(build_dir: Path, unused_port: int, await_port) -> None:
    """Read-only, `policykg serve --workers 2` runs two processes over one store, refuses writes, and keeps
    the store from a second server and from `policykg query` until it stops."""
    command = [
        sys.executable,
        "-m",
        "policykg",
        "serve",
        "--build-dir",
        str(build_dir),
        "--port",
        str(unused_port),
    ]
    process = subprocess.Popen([*command, "--workers", "2"], stderr=subprocess.PIPE)
    try:
        await_port(unused_port, process)
        assert len(worker_processes(process.pid)) == 2
        url = f"http://127.0.0.1:{unused_port}/sparql"
        for _ in range(8):
            with urllib.request.urlopen(
                f"{url}?{urllib.parse.urlencode({'query': LABELS})}", timeout=30
            ) as answer:
                assert len(json.load(answer)["results"]["bindings"]) == 2
        update = urllib.request.Request(
            url,
            data=b"update=" + urllib.parse.quote(b"CLEAR DEFAULT").encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=30)
        assert refused.value.code == 403
        assert "read-only" in json.loads(refused.value.read())["message"]["en"]
        refused.value.close()
        second = subprocess.run(
            [*command[:-1], str(unused_port + 1)], capture_output=True, text=True, timeout=60
        )
        assert second.returncode == 1
        assert "another policykg process is using the store" in second.stderr
        query = CliRunner().invoke(cli, ["query", "--build-dir", str(build_dir), "ASK {}"])
        assert query.exit_code == 1
        assert "send the query to it" in query.output
    finally:
        process.terminate()
        _, log = process.communicate(timeout=60)
    assert "2 workers" in log.decode() and "read-only" in log.decode()
    after = CliRunner().invoke(cli, ["query", "--build-dir", str(build_dir), "ASK { ?s ?p ?o }"])
    assert after.exit_code == 0 and after.stdout.strip() == "true"


@pytest.mark.parametrize(
    ("requested", "shared", "expected"),
    [(3, True, 3), (1, True, 1), (0, False, 1), (1, False, 1)],
)
def test_worker_count(requested: int, shared: bool, expected: int) -> None:
    """Workers are as asked; a store that one process writes gets exactly one."""
    assert worker_count(requested, shared_store=shared) == expected


def test_worker_count_defaults_to_the_cores() -> None:
    """Unasked, a shared store gets one worker per available core, at most eight."""
    assert worker_count(0, shared_store=True) == min(len(os.sched_getaffinity(0)), 8) >= 1


def test_several_workers_cannot_write(build_dir: Path) -> None:
    """Asking for several workers over the writable embedded store is a usage error, before anything runs."""
    result = CliRunner().invoke(
        cli, ["serve", "--build-dir", str(build_dir), "--workers", "2", "--update-token", "t"]
    )
    assert result.exit_code == 2
    assert "--workers above 1" in result.output
    assert not (build_dir / "store").exists()


def test_read_only_factory_needs_a_loaded_store(build_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only worker never builds or loads: without a loaded store it stops with a clear message."""
    monkeypatch.setenv("POLICYKG_BUILD_DIR", str(build_dir))
    monkeypatch.setenv("POLICYKG_READ_ONLY", "1")
    with pytest.raises(StoreUnavailable, match="read-only"):
        app_from_env()
    assert not (build_dir / "store").exists()


def test_factory_without_a_build_names_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers' factory never builds: without a build it says to run 'policykg build'."""
    monkeypatch.setenv("POLICYKG_BUILD_DIR", str(tmp_path))
    with pytest.raises(StoreUnavailable) as stopped:
        app_from_env()
    assert str(stopped.value) == f"no graph.nt or graph.ttl in {tmp_path}: run 'policykg build' first"
    assert not (tmp_path / "graph.ttl").exists()


def test_query_without_a_store_it_can_open(build_dir: Path) -> None:
    """A store directory that cannot be opened stops `policykg query` with status 1 and the reason."""
    (build_dir / "store").write_text("not a store", encoding="utf-8")
    result = CliRunner().invoke(cli, ["query", "--build-dir", str(build_dir), "ASK {}"])
    assert result.exit_code == 1
    assert "cannot open the store at" in result.output


def test_serve_refuses_a_busy_port(build_dir: Path) -> None:
    """A port something already listens on stops `policykg serve` before it builds or loads anything."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--build-dir", str(build_dir), "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert not (build_dir / "store").exists()
