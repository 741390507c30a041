"""All-or-nothing builds: killed at every step of writing, a build directory shows exactly one whole build.

A harness process publishes a build with every file-system call it makes counted; it stops at call K and
is killed there (SIGKILL, SIGINT, SIGTERM), for every K. The directory must then show the old build or the
new one, whole; an interrupted build must leave no temporary files, and the next build removes what a
killed one left.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph_builder.builddir import CURRENT, LOCK, build_lock, builds_folder, publish

NAMES = ("graph.ttl", "graph.nt", "graph.jsonld", "findings.ttl", "build.json")
PLAN = "示例市推进制造业高质量发展三年行动计划（2024—2026年）\n一、建设先进制造业基地\n（一）壮大产业集群。到2025年，全市新能源汽车产量达到10万辆。\n"

# Publishes build ARGV[2] into ARGV[1], stopping at the ARGV[3]-th counted call (0: never) unless signals are
# held back there and ARGV[4] is "deferrable"; prints what it stopped at, or "done N" with the number of calls.
HARNESS = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path
    from policykg.graph_builder import builddir

    out, build_id, stop_at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    deferrable = sys.argv[4] == "deferrable"
    calls = 0

    def counted(function):
        def call(*args, **kwargs):
            global calls
            calls += 1
            held = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])
            if calls == stop_at and not (held and deferrable):
                print("stopped", function.__name__, flush=True)
                time.sleep(120)
            return function(*args, **kwargs)
        return call

    for name in ("open", "mkdir", "rmdir", "symlink", "replace", "rename", "link", "unlink", "fsync"):
        setattr(os, name, counted(getattr(os, name)))
    files = {name: f"{build_id} {name}\\n".encode() for name in NAMES}
    with builddir.build_lock(out):
        builddir.publish(out, files, build_id)
    print("done", calls, flush=True)
    """
).replace("NAMES", repr(NAMES))


def contents(build_id: str) -> dict[str, bytes]:
    return {name: f"{build_id} {name}\n".encode() for name in NAMES}


def shown_build(out: Path) -> str | None:
    """Return the id of the one whole build the directory shows, None for no build; fail on a mix."""
    present = [name for name in NAMES if (out / name).is_file()]
    if not present:
        return None
    assert present == list(NAMES), f"incomplete build in {out}: {present}"
    ids = {(out / name).read_bytes().split(b" ")[0].decode() for name in NAMES}
    assert len(ids) == 1, f"mixed build in {out}: {ids}"
    return ids.pop()


def assert_clean(out: Path, build_id: str | None) -> None:
    """The directory shows build_id and holds nothing else: no other build, no temporary file."""
    assert shown_build(out) == build_id
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    folder = builds_folder(out)
    assert sorted(p.name for p in folder.iterdir()) == sorted([LOCK, CURRENT, os.readlink(folder / CURRENT)])


def run_harness(out: Path, build_id: str, stop_at: int, deferrable: bool = False) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            HARNESS,
            str(out),
            build_id,
            str(stop_at),
            "deferrable" if deferrable else "-",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def count_calls(out: Path) -> int:
    process = run_harness(out, "count", 0)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    return int(stdout.split()[-1])


def make_legacy(out: Path) -> None:
    """Write a build as earlier versions did: plain files in the directory, and a stray temporary file."""
    out.mkdir(parents=True)
    for name, content in contents("legacy").items():
        (out / name).write_bytes(content)
    (out / ".graph.nt.1a2b3c4d").write_bytes(b"half")


@pytest.mark.parametrize(
    ("sig", "start"),
    [
        (signal.SIGKILL, "empty"),
        (signal.SIGKILL, "built"),
        (signal.SIGKILL, "legacy"),
        (signal.SIGINT, "built"),
        (signal.SIGINT, "legacy"),
        (signal.SIGTERM, "built"),
    ],
    ids=lambda value: value.name if isinstance(value, signal.Signals) else value,
)
def test_a_build_killed_at_every_step_leaves_one_whole_build(tmp_path: Path, start: str, sig) -> None:
    def prepare(out: Path) -> str | None:
        if start == "built":
            with build_lock(out):
                publish(out, contents("old"), "old")
            return "old"
        if start == "legacy":
            make_legacy(out)
            return "legacy"
        return None

    prepare(tmp_path / "count")
    steps = count_calls(tmp_path / "count")
    assert steps > 20
    trials = []
    for step in range(1, steps + 1):
        out = tmp_path / f"step-{step}" / "build"
        out.parent.mkdir()
        old = prepare(out)
        trials.append((step, out, old, run_harness(out, "new", step, sig != signal.SIGKILL)))
    stopped = 0
    for step, out, old, process in trials:
        line = process.stdout.readline()
        if line.startswith("done"):
            # A step of the final cleanup, which SIGINT and SIGTERM wait for: the build completed.
            process.communicate(timeout=60)
            assert sig != signal.SIGKILL and process.returncode == 0
            assert_clean(out, "new")
        else:
            assert line.startswith("stopped"), (step, line, process.stderr.read())
            stopped += 1
            process.send_signal(sig)
            process.communicate(timeout=60)
            assert process.returncode != 0
        assert shown_build(out) in {old, "new"}, step
        if sig != signal.SIGKILL:
            # Interrupted, the build removes its unfinished files itself.
            build_id = shown_build(out)
            if build_id not in (None, "legacy"):
                assert_clean(out, build_id)
        with build_lock(out):
            publish(out, contents("next"), "next")
        assert_clean(out, "next")
    assert stopped > 20


def test_a_second_build_into_the_same_directory_stops_at_once(tmp_path: Path) -> None:
    out = tmp_path / "build"
    document = tmp_path / "plan.txt"
    document.write_text(PLAN, encoding="utf-8")
    with build_lock(out):
        result = CliRunner().invoke(cli, ["build", str(document), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: another build is writing to {out}; wait for it to finish"
    assert shown_build(out) is None


def _cli_build(document: Path, out: Path, stop_in_publish: int) -> subprocess.Popen:
    """Start `policykg build`, stopping at the given file-system call of its publishing step (0: never)."""
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from policykg.graph_builder import build
        from policykg.cli import cli

        calls = 0
        counting = False

        def counted(function):
            def call(*args, **kwargs):
                global calls
                if counting:
                    calls += 1
                    if calls == {stop_in_publish}:
                        print("stopped", flush=True)
                        time.sleep(120)
                return function(*args, **kwargs)
            return call

        for name in ("open", "mkdir", "symlink", "replace", "fsync"):
            setattr(os, name, counted(getattr(os, name)))
        publish = build.publish

        def start_counting(*args, **kwargs):
            global counting
            counting = True
            return publish(*args, **kwargs)

        build.publish = start_counting
        cli(["build", {str(document)!r}, "-o", {str(out)!r}, "--no-validate"])
        """
    )
    return subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


# The calls counted in publishing over an earlier build: the output folder (1), its entries flushed (2, 3),
# the new build's folder (4), the three graph files written there beforehand flushed (5-7), the other two
# opened and flushed (8-11), the folder flushed (12, 13), the new link to it (14): all before the switch.
@pytest.mark.parametrize(
    ("sig", "stop_at"), [(signal.SIGINT, 14), (signal.SIGKILL, 12)], ids=["SIGINT", "SIGKILL"]
)
def test_the_build_command_interrupted_while_writing_keeps_the_last_build(
    tmp_path: Path, seed_build, sig, stop_at: int
) -> None:
    """The real command, stopped amid writing its files and killed, leaves the seed build whole."""
    out = tmp_path / "build"
    with build_lock(out):
        publish(out, {path.name: path.read_bytes() for path in seed_build.files}, "seed")
    before = {name: (out / name).read_bytes() for name in NAMES}
    document = tmp_path / "plan.txt"
    document.write_text(PLAN, encoding="utf-8")
    process = _cli_build(document, out, stop_at)
    assert process.stdout.readline().strip() == "stopped", process.stderr.read()
    process.send_signal(sig)
    process.communicate(timeout=60)
    assert process.returncode != 0
    assert {name: (out / name).read_bytes() for name in NAMES} == before
    folder = builds_folder(out)
    if sig != signal.SIGKILL:
        assert len([p for p in folder.iterdir() if p.name not in (LOCK, CURRENT)]) == 1
    again = CliRunner().invoke(cli, ["build", str(document), "-o", str(out), "--no-validate"])
    assert again.exit_code == 0, again.output
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert manifest["build"] == os.readlink(folder / CURRENT)
    assert sorted(p.name for p in folder.iterdir()) == sorted([LOCK, CURRENT, manifest["build"]])


def test_two_build_processes_never_mix(tmp_path: Path) -> None:
    """Of two `policykg build` processes into one directory, the second stops while the first holds the lock."""
    out = tmp_path / "build"
    document = tmp_path / "plan.txt"
    document.write_text(PLAN, encoding="utf-8")
    go = tmp_path / "go"
    arguments = ["build", str(document), "-o", str(out), "--no-validate"]
    # The first build waits, holding the lock, until the file `go` exists.
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from policykg.graph_builder import build
        from policykg.cli import cli

        publish = build.publish

        def waiting(*args, **kwargs):
            print("publishing", flush=True)
            while not Path({str(go)!r}).exists():
                time.sleep(0.05)
            return publish(*args, **kwargs)

        build.publish = waiting
        cli({arguments!r})
        """
    )
    first = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert first.stdout.readline().strip() == "publishing", first.stderr.read()
    second = subprocess.run(
        [sys.executable, "-m", "policykg", *arguments], capture_output=True, text=True, timeout=120
    )
    assert second.returncode == 1
    assert f"another build is writing to {out}" in second.stderr
    go.touch()
    first.communicate(timeout=120)
    assert first.returncode == 0
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in builds_folder(out).iterdir()) == sorted([LOCK, CURRENT, manifest["build"]])
    assert all((out / name).resolve().parent.name == manifest["build"] for name in NAMES)
