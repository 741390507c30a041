"""Open a store by location: a SPARQL endpoint by URL, or the embedded store, loaded from a build."""

from __future__ import annotations

from pathlib import Path

import click

from policykg.server.store.base import Store
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import BuildMissing, load_build


def is_endpoint(location: str | Path | None) -> bool:
    """Return True when a store location names a SPARQL endpoint by URL rather than a directory."""
    return bool(location) and str(location).startswith(("http://", "https://"))


def store_path(location: str | Path | None, build_dir: Path) -> Path:
    """Return the embedded store's directory: the one given, else ``BUILD_DIR/store``."""
    return Path(location) if location else build_dir / "store"


def open_store(
    location: str | Path | None,
    build_dir: Path | None = None,
    *,
    base: str | None = None,
    update_url: str | None = None,
    read_only: bool = False,
    timeout: float = 60.0,
) -> Store:
    """Open the store at ``location``: an http(s) URL is a remote endpoint, anything else a directory.

    Without ``build_dir`` the embedded store opens as it is. With one (``location`` None:
    ``BUILD_DIR/store``) it is reloaded first if the build changed, or, ``read_only``, opened read-only
    as already loaded, without loading (a server's workers). Problems stop with a ``click.ClickException``.
    """
    if is_endpoint(location):
        from policykg.server.store.remote import RemoteStore

        return RemoteStore(str(location), update_url=update_url, timeout=timeout)
    if build_dir is None:
        if location is None:
            raise ValueError("open_store needs a store location or a build directory")
        return OxigraphStore(Path(location))
    path = store_path(location, build_dir)
    return _open_read_only(path) if read_only else _open_loaded(path, build_dir, base)


def _open_read_only(path: Path) -> OxigraphStore:
    """Open a loaded embedded store read-only, as many processes may at once."""
    try:
        store = OxigraphStore(path, read_only=True)
    except OSError as error:
        raise click.ClickException(f"cannot open the store at {path} read-only: {error}") from error
    if store.fingerprint is None:
        store.close()
        raise click.ClickException(f"the store at {path} holds no build yet: run 'policykg serve' once")
    return store


def _open_loaded(path: Path, build_dir: Path, base: str | None) -> OxigraphStore:
    """Open the embedded store read-write and load the build into it if the build changed."""
    try:
        store = OxigraphStore(path)
    except OSError as error:
        raise click.ClickException(
            f"cannot open the store at {path} (is another server using it?): {error}"
        ) from error
    try:
        loaded = load_build(store, build_dir, base)
    except BuildMissing as error:
        store.close()
        raise click.ClickException(f"{error}: run 'policykg build' first") from error
    if loaded:
        click.echo(f"loaded {build_dir} into {path}", err=True)
    else:
        click.echo(f"store {path} is up to date with {build_dir}", err=True)
    return store
