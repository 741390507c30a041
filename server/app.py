"""Flask application serving the graph: SPARQL endpoint, linked-data pages, JSON API, viewer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from policykg.ontology.namespaces import DEFAULT_BASE

#: Configuration keys and their defaults; ``create_app(config)`` overrides any of them.
DEFAULT_CONFIG: dict[str, Any] = {
    # A Store object, a store directory, or an http(s) SPARQL endpoint URL; None: {build dir}/store.
    "POLICYKG_STORE": None,
    # With an http(s) POLICYKG_STORE: the endpoint's SPARQL Update URL, if writes should go through.
    "POLICYKG_STORE_UPDATE_URL": None,
    # The build directory; None: $POLICYKG_BUILD_DIR or data/build/.
    "POLICYKG_BUILD_DIR": None,
    # The base of the data IRIs, so that {base}X is served at /X.
    "POLICYKG_BASE": DEFAULT_BASE,
    # Bearer token that allows SPARQL Update and Graph Store writes; None: read-only.
    "POLICYKG_UPDATE_TOKEN": None,
    # Seconds a query may run before its result is cut; None: no limit.
    "POLICYKG_TIMEOUT": 10.0,
    # Rows (solutions or triples) a query may return before its result is cut; None: no limit.
    "POLICYKG_MAX_ROWS": 10_000,
    # Bytes a result may take before it is cut (signalled like the row cap); None: no limit.
    "POLICYKG_MAX_BYTES": 16 * 1024 * 1024,
    # SERVICE endpoints (exact IRIs) that queries may call; empty: federation off, no SERVICE runs.
    "POLICYKG_SERVICE_ALLOW": (),
    # Bytes of answers kept per process to replay identical queries while the store is unchanged; 0: none.
    "POLICYKG_RESULT_CACHE_BYTES": 64 * 1024 * 1024,
    # Entities the viewer and /api/graph draw as one network at most: the network is held in each
    # worker's memory, about 21 KiB an entity (benchmarks/bench_worker_memory.py); a larger store gets
    # 503 there. None: no limit.
    "POLICYKG_VIEWER_MAX_NODES": 10_000,
    # The node_modules folder holding the browser libraries (YASGUI, Swagger UI); None: the project's own.
    "POLICYKG_NODE_MODULES": None,
    # Largest request body (Graph Store uploads, POSTed queries).
    "MAX_CONTENT_LENGTH": 256 * 1024 * 1024,
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the application: configuration, store, error handlers and blueprints, nothing more."""
    from policykg.server.routes import (
        api,
        assets,
        context,
        finding_pages,
        findings,
        graph,
        graph_store,
        home,
        query_pages,
        resource,
        sparql,
        viewer,
        void,
    )
    from policykg.server.sparql import cache, execution
    from policykg.server.store import current as store
    from policykg.server.web import cors, errors, security

    app = Flask("policykg.server")
    app.config.from_mapping(DEFAULT_CONFIG)
    if config:
        app.config.from_mapping(config)
    store.init_app(app)
    cache.init_app(app)
    errors.init_app(app)
    execution.init_app(app)
    cors.init_app(app)
    security.init_app(app)
    app.register_blueprint(home.bp)
    app.register_blueprint(assets.bp)
    app.register_blueprint(context.bp)
    app.register_blueprint(query_pages.bp)
    app.register_blueprint(finding_pages.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(graph_store.bp)
    app.register_blueprint(resource.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(void.bp)
    app.register_blueprint(findings.bp)
    app.register_blueprint(viewer.bp)
    app.register_blueprint(graph.bp)
    return app
