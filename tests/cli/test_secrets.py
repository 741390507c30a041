"""Secrets stay out of the process list: the update token from the environment or a file, store credentials
from the environment or netrc; given on the command line they still work, with a warning."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli

TOKEN = "t0ken-for-tests"
WARNING = "visible to every local user in the process list"


@pytest.fixture
def build_dir(tmp_path: Path, sample_graph: Path) -> Path:
    """A build directory holding the sample graph."""
    directory = tmp_path / "build"
    directory.mkdir()
    shutil.copy(sample_graph, directory / "graph.ttl")
    return directory


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Stand in for the HTTP server: record the settings `policykg serve` hands its workers."""
    import policykg.server.serving as serving

    seen: dict[str, str] = {}
    monkeypatch.setattr(serving, "run_http_server", lambda *args: seen.update(os.environ))
    monkeypatch.delenv("POLICYKG_UPDATE_TOKEN", raising=False)
    saved = dict(os.environ)
    yield seen
    # serve writes the workers' settings into its own environment.
    os.environ.clear()
    os.environ.update(saved)


def token_file(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "token"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def serve(build_dir: Path, port: int, *options: str, env: dict[str, str] | None = None):
    arguments = ["serve", "--build-dir", str(build_dir), "--port", str(port), "--workers", "1", *options]
    return CliRunner().invoke(cli, arguments, env=env)


def test_the_update_token_from_a_file_reaches_the_workers_unwarned(build_dir, tmp_path, unused_port, served):
    result = serve(build_dir, unused_port, "--update-token-file", str(token_file(tmp_path, TOKEN + "\n")))
    assert result.exit_code == 0, result.output
    assert served["POLICYKG_UPDATE_TOKEN"] == TOKEN
    assert "warning" not in result.output and TOKEN not in result.output


def test_the_update_token_from_the_environment_is_not_warned_about(build_dir, unused_port, served):
    result = serve(build_dir, unused_port, env={"POLICYKG_UPDATE_TOKEN": TOKEN})
    assert result.exit_code == 0, result.output
    assert served["POLICYKG_UPDATE_TOKEN"] == TOKEN
    assert "warning" not in result.output


def test_the_update_token_on_the_command_line_works_with_a_warning(build_dir, unused_port, served):
    result = serve(build_dir, unused_port, "--update-token", TOKEN)
    assert result.exit_code == 0, result.output
    assert served["POLICYKG_UPDATE_TOKEN"] == TOKEN
    assert WARNING in result.output and "--update-token-file" in result.output
    assert TOKEN not in result.output


def test_a_token_file_others_may_read_is_warned_about(build_dir, tmp_path, unused_port, served):
    result = serve(build_dir, unused_port, "--update-token-file", str(token_file(tmp_path, TOKEN, 0o644)))
    assert result.exit_code == 0, result.output
    assert "may be read by other users; chmod 600 it" in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "no secret in"), ("\n\n", "no secret in"), (None, "cannot read the secret in")],
)
def test_a_token_file_without_a_token_fails_clearly(build_dir, tmp_path, unused_port, served, text, message):
    path = token_file(tmp_path, text) if text is not None else tmp_path / "missing"
    result = serve(build_dir, unused_port, "--update-token-file", str(path))
    assert result.exit_code == 1
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert not served


def test_a_token_and_a_token_file_together_are_a_usage_error(build_dir, tmp_path, unused_port, served):
    result = serve(
        build_dir, unused_port, "--update-token", TOKEN, "--update-token-file", str(token_file(tmp_path, "x"))
    )
    assert result.exit_code == 2 and "not both" in result.output


def test_load_reads_its_token_from_a_file(tmp_path, monkeypatch):
    import policykg.server.store.upload as upload

    sent: dict[str, str | None] = {}
    monkeypatch.setattr(
        upload, "upload", lambda endpoint, sources, token, replace: sent.update(token=token) or []
    )
    extra = tmp_path / "extra.nt"
    extra.write_text("<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n")
    arguments = ["load", "--endpoint", "http://127.0.0.1:9/store", str(extra)]
    result = CliRunner().invoke(cli, [*arguments, "--token-file", str(token_file(tmp_path, TOKEN))])
    assert result.exit_code == 0, result.output
    assert sent == {"token": TOKEN} and "warning" not in result.output
    result = CliRunner().invoke(cli, [*arguments, "--token", TOKEN])
    assert result.exit_code == 0 and WARNING in result.output


def test_a_password_in_the_store_url_is_warned_about_and_never_shown(tmp_path):
    result = CliRunner().invoke(
        cli, ["query", "--store", "http://reader:hunter2@127.0.0.1:9/query", "ASK { ?s ?p ?o }"]
    )
    assert result.exit_code == 1
    assert (
        "the password in --store is visible" in result.output and "POLICYKG_STORE_PASSWORD" in result.output
    )
    assert "hunter2" not in result.output


def test_store_credentials_from_the_environment_are_not_warned_about(tmp_path):
    result = CliRunner().invoke(
        cli,
        ["query", "--store", "http://127.0.0.1:9/query", "ASK { ?s ?p ?o }"],
        env={"POLICYKG_STORE_USER": "reader", "POLICYKG_STORE_PASSWORD": "hunter2"},
    )
    assert result.exit_code == 1 and "cannot reach" in result.output
    assert "warning" not in result.output and "hunter2" not in result.output
