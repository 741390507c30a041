"""``policykg query``: run a SPARQL query against the built graph (or any endpoint) and print the result."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click

from policykg.cli.options import build_dir_option, warn_of_credentials


def read_query(text: str) -> str:
    """Return the query: TEXT itself, the content of a file named TEXT (a .rq file), or stdin for '-'."""
    if text == "-":
        return sys.stdin.read()
    path = Path(text)
    if text.endswith(".rq") or (len(text) < 4096 and "{" not in text and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as error:
            raise click.ClickException(f"cannot read {text}: {error}") from error
    return text


@click.command()
@click.argument("query")
@click.option(
    "-f",
    "--format",
    "fmt",
    default=None,
    help="Output format: tsv, csv, json, xml for SELECT/ASK (default tsv); ttl, nt, jsonld, rdf for graphs.",
)
@click.option(
    "--store", default=None, help="Store directory or SPARQL endpoint URL (default: BUILD_DIR/store)."
)
@build_dir_option()
@click.option(
    "--base", envvar="POLICYKG_BASE", default=None, help="Base IRI of the data (default: the build's)."
)
@click.option("--max-rows", default=0, type=int, help="Stop after this many rows and say so (0: no limit).")
@click.option(
    "--timeout", default=0.0, type=float, help="Stop after this many seconds and say so (0: no limit)."
)
def query(
    query: str,
    fmt: str | None,
    store: str | None,
    build_dir: Path | None,
    base: str | None,
    max_rows: int,
    timeout: float,
) -> None:
    """Run a SPARQL QUERY (text, a .rq file, or - for stdin) and print its result.

    The project's prefixes (pkg:, rdfs:, skos:, ...) are declared for you.

    \b
    Examples:
      policykg query 'SELECT ?plan ?label WHERE { ?plan a pkg:Plan ; rdfs:label ?label }'
      policykg query queries/institutions-by-type.rq --format csv > institutions.csv
      policykg query 'DESCRIBE <https://w3id.org/policykg/id/city/jinanshi>' --format ttl
      policykg query --store http://localhost:7878/query 'ASK { ?s ?p ?o }'
    """
    from policykg.cli.serve import open_built_store
    from policykg.data import default_build_dir
    from policykg.ontology.namespaces import sparql_prologue
    from policykg.server.sparql.results import Limits, NotAcceptable, Outcome, QueryTimeout, execute
    from policykg.server.store.base import QuerySyntaxError, Store, StoreError, StoreInUse
    from policykg.server.store.embedded import exclusive_use
    from policykg.server.store.loading import build_base
    from policykg.server.store.opening import is_endpoint, store_path
    from policykg.server.web.negotiation import RDF_FORMATS, RESULT_FORMATS, choose_format

    warn_of_credentials(store)
    directory = build_dir or default_build_dir()
    defaults = {"solutions": "tsv", "boolean": "tsv", "graph": "ttl"}

    def choose(kind: str):
        return choose_format(None, fmt or defaults[kind], RDF_FORMATS if kind == "graph" else RESULT_FORMATS)

    def run(opened: Store) -> Outcome:
        try:
            return execute(
                opened,
                sparql_prologue() + read_query(query),
                choose=choose,
                limits=Limits(max_rows or None, timeout or None),
                base_iri=build_base(directory, base),
            )
        except QuerySyntaxError as error:
            # The prefix lines come first; count lines from the start of the user's query.
            line = (error.line or 0) - sparql_prologue().count("\n")
            where = f" at line {line}, column {error.column}" if error.line and line > 0 else ""
            raise click.ClickException(f"malformed query{where}: {error.message}") from error
        except NotAcceptable as error:
            raise click.ClickException(f"format {fmt!r} does not suit a {error.kind} result") from error
        except QueryTimeout as error:
            raise click.ClickException(f"no result within {timeout} s") from error
        except StoreError as error:
            raise click.ClickException(str(error)) from error
        finally:
            opened.close()

    try:
        # The lock keeps a server from opening the store while this command holds it, and the other way round.
        with nullcontext() if is_endpoint(store) else exclusive_use(store_path(store, directory)):
            outcome = run(open_built_store(store, directory, base))
    except StoreInUse as error:
        raise click.ClickException(
            f"{error}; while a server runs, send the query to it: --store http://HOST:PORT/sparql"
        ) from error
    sys.stdout.buffer.write(outcome.body)
    if not outcome.body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    if outcome.truncated:
        click.echo(
            f"result cut ({outcome.truncated}, limit {outcome.limit}): {outcome.rows} rows shown", err=True
        )
