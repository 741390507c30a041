"""Open a store by location: a SPARQL endpoint by URL, or the embedded store in a directory.

``open_store_at`` opens a location as it is; ``open_loaded_store`` opens the store of a build directory
with the build loaded in it. Neither builds: a missing build raises ``StoreUnavailable``, whose message
names the command to run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from policykg.server.store.base import Store, StoreUnavailable
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import BuildMissing, load_build

#: Where ``open_loaded_store`` says whether it loaded the build (a line of text for a person).
Report = Callable[[str], None]


def is_endpoint(location: str | Path | None) -> bool:
    """Return True when a store location names a SPARQL endpoint by URL rather than a directory."""
    return bool(location) and str(location).startswith(("http://", "https://"))


def store_path(location: str | Path | None, build_dir: Path) -> Path:
    """Return the embedded store's directory: the one given, else ``BUILD_DIR/store``."""
    return Path(location) if location else build_dir / "store"


def open_store_at(location: str | Path, *, update_url: str | None = None) -> Store:
    """Open the store at ``location`` as it is: an http(s) URL is a remote endpoint, else a directory.

    ``update_url`` is a remote endpoint's SPARQL Update URL (without one it is read-only).
    """
    if is_endpoint(location):
        from policykg.server.store.remote import RemoteStore

        return RemoteStore(str(location), update_url=update_url)
    return OxigraphStore(Path(location))


def open_loaded_store(
    location: str | Path | None,
    build_dir: Path,
    *,
    base: str | None = None,
    update_url: str | None = None,
    read_only: bool = False,
    report: Report | None = None,
) -> Store:
    """Open a store holding the build in ``build_dir``; an endpoint URL as ``location`` opens as it is.

    The embedded store (``location``, else ``BUILD_DIR/store``) is opened read-write and the build loaded
    into it if it changed since the last load; ``read_only``, it is opened read-only as already loaded,
    without loading (a server's workers). ``report`` is told whether the build was loaded. A store that
    cannot be opened, or a build directory without a graph, raises ``StoreUnavailable``.
    """
    if is_endpoint(location):
        return open_store_at(location, update_url=update_url)
    path = store_path(location, build_dir)
    return _open_read_only(path) if read_only else _open_and_load(path, build_dir, base, report)


def _open_read_only(path: Path) -> OxigraphStore:
    """Open a loaded embedded store read-only, as many processes may at once."""
    try:
        store = OxigraphStore(path, read_only=True)
    except OSError as error:
        raise StoreUnavailable(f"cannot open the store at {path} read-only: {error}") from error
    if store.fingerprint is None:
        store.close()
        raise StoreUnavailable(f"the store at {path} holds no build yet: run 'policykg serve' once")
    return store


def _open_and_load(path: Path, build_dir: Path, base: str | None, report: Report | None) -> OxigraphStore:
    """Open the embedded store read-write and load the build into it if the build changed."""
    try:
        store = OxigraphStore(path)
    except OSError as error:
        raise StoreUnavailable(
            f"cannot open the store at {path} (is another server using it?): {error}"
        ) from error
    try:
        loaded = load_build(store, build_dir, base)
    except BuildMissing as error:
        store.close()
        raise StoreUnavailable(f"{error}: run 'policykg build' first") from error
    if report is not None:
        report(
            f"loaded {build_dir} into {path}" if loaded else f"store {path} is up to date with {build_dir}"
        )
    return store
