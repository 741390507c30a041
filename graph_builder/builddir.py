"""Publish a build into a build directory all at once, under a lock, leaving no partial files behind.

For a build directory ``OUT`` the builds live in a hidden folder beside it::

    .OUT.builds/lock             flock'ed by the build that is writing: a second build fails at once
    .OUT.builds/<id>/            one whole build (graph.ttl, graph.nt, graph.jsonld, findings.ttl, build.json)
    .OUT.builds/current -> <id>  the build in use, switched to a new one by one rename(2) of a symlink
    .OUT.cache/                  each document's build, kept for the next build (graph_builder.cache)
    OUT/graph.ttl -> ../.OUT.builds/current/graph.ttl    (one fixed link per file, made once)

``OUT`` stays a plain directory that readers open files in as before (the embedded store at ``OUT/store``
is untouched), and every file read through it comes from the one build ``current`` names at that moment.
A new build is written whole into its own folder first; killed at any point, the directory still shows
the last whole build, and the next build removes what the killed one left. SIGINT and SIGTERM remove the
unfinished folder at once.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

LOCK = "lock"
CURRENT = "current"
#: The files of a build, whose temporary names the earlier file-by-file writer left when killed.
_OLD_NAMES = ("graph.ttl", "graph.nt", "graph.jsonld", "findings.ttl", "build.json")
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


class BuildBusy(OSError):
    """Another build is writing to the same build directory."""


def builds_folder(output: Path) -> Path:
    """Return the hidden folder beside ``output`` that holds its builds."""
    real = Path(os.path.abspath(output)).resolve()
    return real.parent / f".{real.name}.builds"


def cache_folder(output: Path) -> Path:
    """Return the hidden folder beside ``output`` that keeps its documents' builds (used under its lock)."""
    real = Path(os.path.abspath(output)).resolve()
    return real.parent / f".{real.name}.cache"


def new_build_id() -> str:
    """Return a fresh build id, usable as a folder name."""
    from datetime import UTC, datetime

    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"


@contextmanager
def build_lock(output: Path) -> Iterator[Path]:
    """Hold the build directory's lock (``flock``, dropped by the kernel even on a crash); yield its folder.

    Raises BuildBusy at once when another build holds it.
    """
    folder = builds_folder(output)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise BuildBusy(f"another build is writing to {output}; wait for it to finish") from error
        try:
            yield folder
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt meanwhile, so that cleanup runs as it does on Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back meanwhile (they arrive after), so that a cleanup is never cut short."""
    deferred = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, deferred)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


#: A file's content: bytes, a file written beforehand (``staging_folder``'s, or copied), or a function
#: that writes it to a stream given the folder of the files written before it.
Content = bytes | Path | Callable[[BinaryIO, Path], None]


@contextmanager
def staging_folder(output: Path, build_id: str) -> Iterator[Path]:
    """Make and yield the folder of build ``build_id``, for files written before ``publish`` (which then
    neither copies nor moves them); remove it on leaving unless ``publish`` switched to it. Use it holding
    ``build_lock(output)``; a killed build leaves it to the next build's ``remove_leftovers``."""
    folder = builds_folder(output)
    staged = folder / build_id
    staged.mkdir()
    try:
        yield staged
    finally:
        current = folder / CURRENT
        if not (current.is_symlink() and os.readlink(current) == build_id):
            with signals_deferred():
                shutil.rmtree(staged, ignore_errors=True)


def publish(output: Path, files: Mapping[str, Content], build_id: str) -> list[Path]:
    """Write ``files`` (name -> content) as build ``build_id`` and switch ``output`` to it in one step.

    Call it holding ``build_lock(output)``. Returns the files' paths in ``output``.
    """
    output = Path(output)
    folder = builds_folder(output)
    with terminate_as_interrupt():
        try:
            output.mkdir(parents=True, exist_ok=True)
            remove_leftovers(output, folder, keep=build_id)
            if any(_is_foreign(output / name, folder) for name in files):
                _adopt(output, folder, files)
            _link(output, folder, files)
            _write_folder(folder / build_id, files)
            _switch(folder, build_id)
        finally:
            # Interrupted or not, all but the current build goes: the new one too if not yet switched to.
            with signals_deferred():
                remove_leftovers(output, folder)
    return [output / name for name in files]


def remove_leftovers(output: Path, folder: Path, keep: str | None = None) -> None:
    """Remove every build but the current one (and ``keep``, the one being published) and the temporary
    files of killed builds."""
    current = os.readlink(folder / CURRENT) if (folder / CURRENT).is_symlink() else None
    for entry in folder.iterdir() if folder.is_dir() else ():
        if entry.name in (LOCK, CURRENT, current, keep):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    for entry in output.iterdir() if output.is_dir() else ():
        # Temporary links of this module, and files of the earlier file-by-file writer (.graph.nt.1a2b3c4d).
        if entry.name.startswith(".") and (".link-" in entry.name or _is_old_temporary(entry.name)):
            entry.unlink(missing_ok=True)


def _is_old_temporary(name: str) -> bool:
    stem, _, suffix = name[1:].rpartition(".")
    return stem in _OLD_NAMES and len(suffix) == 8


def _link_target(output: Path, folder: Path, name: str) -> str:
    return os.path.relpath(folder / CURRENT / name, output.resolve())


def _is_foreign(path: Path, folder: Path) -> bool:
    """True for a file in the build directory that is not our link (a build by an earlier version)."""
    if not path.is_symlink():
        return path.exists()
    return os.readlink(path) != _link_target(path.parent, folder, path.name)


def _adopt(output: Path, folder: Path, files: Mapping[str, Content]) -> None:
    """Make the files ``output`` shows now (written file by file, by an earlier version) a build of its own.

    Hard links (or copies) of them become a build folder that ``current`` is switched to; their links then
    replace them one by one, each showing the same content, so the directory never shows a mix. Called
    by ``publish``, which removes the folder if it is not switched to.
    """
    build_id = "adopted-" + new_build_id()
    staged = folder / build_id
    staged.mkdir()
    for name in files:
        source = output / name
        if source.exists():
            try:
                os.link(source.resolve(), staged / name)
            except OSError:
                shutil.copy2(source, staged / name)
    _sync(staged)
    _switch(folder, build_id)


def _link(output: Path, folder: Path, files: Mapping[str, Content]) -> None:
    """Make each file's fixed link in ``output`` (dangling until a first build is current)."""
    for name in files:
        path = output / name
        target = _link_target(output, folder, name)
        if path.is_symlink() and os.readlink(path) == target:
            continue
        temporary = output / f".{name}.link-{secrets.token_hex(4)}"
        os.symlink(target, temporary)
        os.replace(temporary, path)
    _sync(output)


def _write_folder(staged: Path, files: Mapping[str, Content]) -> None:
    """Write every file into the build's folder (made unless ``staging_folder`` made it), in order, and
    flush it to disk.

    A file given as a function is streamed by it (it may read the files written before it); one given
    as a path is taken as it is when it was written in the folder, else copied. The files get mode
    0o644 less the umask, as a build is meant to be read by others.
    """
    staged.mkdir(exist_ok=True)
    for name, content in files.items():
        if isinstance(content, Path) and content == staged / name:
            # Made 0o666 less the umask, as open(2) makes files: 0o644 less the umask.
            os.chmod(content, stat.S_IMODE(content.stat().st_mode) & 0o644)
            with content.open("rb") as stream:
                os.fsync(stream.fileno())
            continue
        descriptor = os.open(staged / name, _CREATE, 0o644)
        with os.fdopen(descriptor, "wb") as stream:
            if isinstance(content, Path):
                with content.open("rb") as source:
                    shutil.copyfileobj(source, stream, 1 << 20)
            elif callable(content):
                content(stream, staged)
            else:
                stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
    _sync(staged)


def _switch(folder: Path, build_id: str) -> None:
    """Point ``current`` at a build folder with one rename(2) of a new symlink over it."""
    temporary = folder / f".{CURRENT}-{secrets.token_hex(4)}"
    os.symlink(build_id, temporary)
    os.replace(temporary, folder / CURRENT)
    _sync(folder)


def _sync(directory: Path) -> None:
    """Flush a directory's entries, so that a rename survives a power cut as well as a kill."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
