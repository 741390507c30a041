"""The WSGI application factory each server worker calls, configured by POLICYKG_* environment variables.

``policykg serve`` writes the variables (``worker_settings``) and Granian's workers read them
(``app_from_env``); run Granian yourself with ``policykg.server.wsgi:app_from_env`` as the factory.
The factory builds nothing: ``policykg serve`` builds the bundled plan first when there is no build; run
yourself, it needs a build ('policykg build') and, read-only, a store already loaded ('policykg serve').
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flask import Flask


def worker_settings(
    *,
    store: str | None,
    store_update: str | None,
    build_dir: Path,
    base: str | None,
    update_token: str | None,
    timeout: float,
    max_rows: int,
    read_only: bool,
) -> dict[str, str]:
    """Return the POLICYKG_* environment that tells each worker's ``app_from_env`` what to serve."""
    return {
        "POLICYKG_BUILD_DIR": str(build_dir),
        "POLICYKG_TIMEOUT": str(timeout),
        "POLICYKG_MAX_ROWS": str(max_rows),
        "POLICYKG_READ_ONLY": "1" if read_only else "0",
        "POLICYKG_STORE": store or "",
        "POLICYKG_STORE_UPDATE_URL": store_update or "",
        "POLICYKG_BASE": base or "",
        "POLICYKG_UPDATE_TOKEN": update_token or "",
    }


def make_app(
    *,
    store: str | None = None,
    store_update: str | None = None,
    build_dir: Path | None = None,
    base: str | None = None,
    update_token: str | None = None,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    read_only: bool = False,
) -> Flask:
    """Return the application over a ready store (the embedded one loaded first if the build changed).

    Nothing is built here: without a build, or ``read_only`` without a loaded store, it raises
    ``StoreUnavailable`` saying which command to run ('policykg build', 'policykg serve').
    """
    from policykg.data import default_build_dir
    from policykg.server.app import create_app
    from policykg.server.store.loading import build_base
    from policykg.server.store.opening import open_loaded_store

    directory = Path(build_dir) if build_dir else default_build_dir()
    resolved_base = build_base(directory, base)
    opened = open_loaded_store(
        store, directory, base=base, update_url=store_update, read_only=read_only, report=_tell
    )
    return create_app(
        {
            "POLICYKG_STORE": opened,
            "POLICYKG_BUILD_DIR": str(directory),
            "POLICYKG_BASE": resolved_base,
            "POLICYKG_UPDATE_TOKEN": update_token or None,
            "POLICYKG_TIMEOUT": timeout or None,
            "POLICYKG_MAX_ROWS": max_rows or None,
        }
    )


def _tell(message: str) -> None:
    """Write a line about the store to the server's log (stderr)."""
    print(message, file=sys.stderr, flush=True)


def app_from_env() -> Flask:
    """Return the application configured from POLICYKG_* environment variables (each server worker's factory).

    ``POLICYKG_READ_ONLY=1`` opens an embedded store that ``policykg serve`` has already loaded read-only,
    as every worker of a read-only server does; ``POLICYKG_MAX_BYTES`` sets the byte cap and
    ``POLICYKG_VIEWER_MAX_NODES`` the largest network drawn (0: none, for either).
    """
    from policykg.server.linkeddata.entities import warm_search_index
    from policykg.server.sparql.running import query_pool

    app = make_app(
        store=os.environ.get("POLICYKG_STORE"),
        store_update=os.environ.get("POLICYKG_STORE_UPDATE_URL"),
        build_dir=Path(os.environ["POLICYKG_BUILD_DIR"]) if os.environ.get("POLICYKG_BUILD_DIR") else None,
        base=os.environ.get("POLICYKG_BASE"),
        update_token=os.environ.get("POLICYKG_UPDATE_TOKEN"),
        timeout=float(os.environ.get("POLICYKG_TIMEOUT", 10)),
        max_rows=int(os.environ.get("POLICYKG_MAX_ROWS", 10_000)),
        read_only=os.environ.get("POLICYKG_READ_ONLY") == "1",
    )
    if os.environ.get("POLICYKG_MAX_BYTES"):
        app.config["POLICYKG_MAX_BYTES"] = int(os.environ["POLICYKG_MAX_BYTES"]) or None
    if os.environ.get("POLICYKG_VIEWER_MAX_NODES"):
        app.config["POLICYKG_VIEWER_MAX_NODES"] = int(os.environ["POLICYKG_VIEWER_MAX_NODES"]) or None
    # Opens the search index file beside the store (the first worker to need it builds it, in a child
    # process, while the others wait). Kept on the app so that whoever closes the store first can wait
    # for the warm-up to finish.
    app.extensions["policykg.search_warmup"] = warm_search_index(app)
    # The query processes start now, not on the first query (a read-only embedded store only).
    pool = query_pool(app.extensions["policykg.store"])
    if pool is not None:
        pool.start()
    return app
