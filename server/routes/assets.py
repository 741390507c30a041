"""/assets/<package>/<file>: the browser libraries the pages use, served from npm's node_modules (no CDN).

``make setup`` installs them with ``npm ci`` from package.json into node_modules at the project's root
(``POLICYKG_NODE_MODULES`` points elsewhere). Only the files of the packages listed here are served; each
package's licence file (or the package.json that names its licence) is among them.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, send_from_directory

from policykg.server.web.errors import fail

bp = Blueprint("assets", __name__)

#: URL name -> (folder inside node_modules, the files served from it).
PACKAGES: dict[str, tuple[str, frozenset[str]]] = {
    "yasgui": (
        "@zazuko/yasgui",
        frozenset({"build/yasgui.min.js", "build/yasgui.min.css", "package.json"}),
    ),
    "swagger-ui": (
        "swagger-ui-dist",
        frozenset({"swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE", "package.json"}),
    ),
}


def node_modules() -> Path:
    """Return the node_modules folder: ``POLICYKG_NODE_MODULES``, else the one at the project's root."""
    configured = current_app.config.get("POLICYKG_NODE_MODULES")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "node_modules"


def installed(package: str) -> bool:
    """Return whether the files of ``package`` (a key of PACKAGES) are installed."""
    folder, files = PACKAGES[package]
    return all((node_modules() / folder / name).is_file() for name in files if name != "package.json")


@bp.get("/assets/<package>/<path:name>")
def asset(package: str, name: str) -> Response:
    """Send one file of an installed browser package, cached for a day and revalidated after."""
    if package not in PACKAGES or name not in PACKAGES[package][1]:
        fail(404, f"No asset /assets/{package[:40]}/{name[:80]}.", "没有这个静态资源。")
    folder = node_modules() / PACKAGES[package][0]
    if not (folder / name).is_file():
        fail(
            404,
            f"The {package} files are not installed: run 'make setup' (npm ci).",
            f"{package} 的文件尚未安装：请运行 make setup（npm ci）。",
        )
    # Licence files have no suffix to guess their type by; they are plain text.
    mimetype = "text/plain" if name in ("LICENSE", "NOTICE") else None
    return send_from_directory(folder, name, max_age=86400, mimetype=mimetype)
