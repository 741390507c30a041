"""The store of the current Flask application: attached once by ``init_app``, reached with ``get_store``."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from flask import Flask, current_app

from policykg.server.sparql.running import view_query
from policykg.server.store.base import Store
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.opening import open_store_at


def init_app(app: Flask) -> None:
    """Attach the store named by ``POLICYKG_STORE`` (a Store, a URL or a path; default BUILD_DIR/store)."""
    spec = app.config.get("POLICYKG_STORE")
    if not isinstance(spec, Store):
        if spec is None:
            from policykg.data import default_build_dir

            spec = Path(app.config.get("POLICYKG_BUILD_DIR") or default_build_dir()) / "store"
        spec = open_store_at(spec, update_url=app.config.get("POLICYKG_STORE_UPDATE_URL"))
    if isinstance(spec, OxigraphStore):
        spec.served = True
        # Pages' and the API's own queries keep the same time limit as the endpoint's, in query processes.
        timeout = app.config.get("POLICYKG_TIMEOUT")
        spec.view_query = partial(view_query, spec, timeout=timeout)
    app.extensions["policykg.store"] = spec


def get_store() -> Store:
    """Return the current application's store."""
    return current_app.extensions["policykg.store"]
