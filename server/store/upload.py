"""Send RDF files to any SPARQL 1.1 Graph Store HTTP Protocol endpoint (Oxigraph, Fuseki, policykg itself)."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

#: Media types by file extension (the W3C registrations of each syntax).
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
    ".xml": "application/rdf+xml",
}


class UploadError(Exception):
    """A file could not be sent or the endpoint refused it."""


@dataclass(frozen=True)
class Uploaded:
    """One file sent: where it went and what the endpoint answered."""

    path: Path
    graph: str | None
    method: str
    status: int


def shown(endpoint: str) -> str:
    """Return an endpoint URL fit for messages: any user and password in it replaced by ***."""
    parts = urllib.parse.urlsplit(endpoint)
    if "@" not in parts.netloc:
        return endpoint
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"***@{host}"))


def graph_url(endpoint: str, graph: str | None) -> str:
    """Return the URL that names a graph, ``?graph=IRI`` or ``?default`` (Graph Store Protocol §4.2)."""
    separator = "&" if "?" in endpoint else "?"
    if graph is None:
        return f"{endpoint}{separator}default"
    return f"{endpoint}{separator}{urllib.parse.urlencode({'graph': graph})}"


def send_file(
    endpoint: str, path: Path, graph: str | None, method: str, token: str | None = None, timeout: float = 600
) -> Uploaded:
    """PUT (replace) or POST (add) one RDF file into a graph of a Graph Store endpoint."""
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise UploadError(f"{path}: unknown RDF file extension; use one of {', '.join(MEDIA_TYPES)}")
    with path.open("rb") as body:
        request = urllib.request.Request(graph_url(endpoint, graph), data=body, method=method)
        request.add_header("Content-Type", media_type)
        request.add_header("Content-Length", str(path.stat().st_size))
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Uploaded(path, graph, method, response.status)
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace").strip()
            error.close()
            raise UploadError(f"{path}: {shown(endpoint)} answered {error.code}: {detail[:500]}") from error
        except (urllib.error.URLError, OSError) as error:
            reason = str(error).replace(endpoint, shown(endpoint))
            raise UploadError(f"{path}: cannot reach {shown(endpoint)}: {reason}") from error


def upload(
    endpoint: str, sources: list[tuple[Path, str | None]], token: str | None = None, replace: bool = True
) -> list[Uploaded]:
    """Send files to their graphs: the first file of each graph replaces it (if ``replace``), the rest add."""
    done: list[Uploaded] = []
    seen: set[str | None] = set()
    for path, graph in sources:
        method = "PUT" if replace and graph not in seen else "POST"
        seen.add(graph)
        done.append(send_file(endpoint, path, graph, method, token))
    return done
