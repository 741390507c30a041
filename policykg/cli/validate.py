"""``policykg validate``: check a graph against the SHACL shapes and audit the plan's own figures."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rdflib import Graph

    from policykg.checks.findings import Finding
    from policykg.checks.validate import ValidationResult

#: Exit statuses, also listed in the command's help.
CONFORMS, NOT_CONFORMING, UNREADABLE, FINDINGS = 0, 1, 2, 3

_HEADINGS = {
    "en": {
        "conforms": "Shapes: the graph conforms",
        "fails": "Shapes: the graph does not conform",
        "audit": "Audit",
        "none": "no findings: the plan's figures agree",
        "source": "source",
        "severities": {"Violation": "violation", "Warning": "warning", "Info": "note"},
        "findings": "{n} finding(s)",
        "figures": "expected {expected}, observed {observed}, tolerance {tolerance}",
    },
    "zh": {
        "conforms": "形状：图谱符合 SHACL 形状",
        "fails": "形状：图谱不符合 SHACL 形状",
        "audit": "审核",
        "none": "没有发现问题：规划的数字一致",
        "source": "原文",
        "severities": {"Violation": "违规", "Warning": "警告", "Info": "提示"},
        "findings": "{n}个问题",
        "figures": "预期 {expected}，原文 {observed}，容差 {tolerance}",
    },
}


class UnreadableGraph(click.ClickException):
    """A graph file that is missing or cannot be parsed; exits with status 2."""

    exit_code = UNREADABLE


def load_graph(path: Path) -> Graph:
    """Parse an RDF file (format from its suffix: .ttl, .nt, .jsonld ...) or raise UnreadableGraph."""
    # rdflib is imported here, not at the top, to keep `policykg --help` quick.
    from rdflib import Graph
    from rdflib.exceptions import ParserError
    from rdflib.util import guess_format

    if not path.is_file():
        raise UnreadableGraph(f"{path}: no such graph file (run 'policykg build' first, or pass GRAPH)")
    rdf_format = guess_format(str(path)) or "turtle"
    try:
        return Graph().parse(path, format=rdf_format)
    except (SyntaxError, ParserError, ValueError, OSError) as error:
        # rdflib's Turtle parser raises BadSyntax (a SyntaxError); JSON-LD raises ValueError.
        raise UnreadableGraph(f"{path}: not a readable {rdf_format} graph: {error}") from error


def report_lines(validation: ValidationResult, findings: Iterable[Finding], lang: str = "both") -> list[str]:
    """Return a readable report of shape results and audit findings in ``zh``, ``en`` or ``both``."""
    from policykg.checks.findings import sort_findings

    langs = ("zh", "en") if lang == "both" else (lang,)
    words = _HEADINGS["zh" if lang == "zh" else "en"]
    tallies = ((words["severities"][s], validation.count(s)) for s in ("Violation", "Warning", "Info"))
    counts = ", ".join(f"{n} {name}" for name, n in tallies if n)
    lines = [f"{words['conforms' if validation.conforms else 'fails']}" + (f" ({counts})" if counts else "")]
    for result in sorted(validation.results, key=lambda r: (r.severity != "Violation", r.focus, r.shape)):
        lines += [f"  {line}" for line in dict.fromkeys(result.line(code) for code in langs)]
    findings = sort_findings(findings)
    lines.append(f"{words['audit']}: {words['findings'].format(n=len(findings))}")
    if not findings:
        lines.append(f"  {words['none']}")
    for f in findings:
        figures = words["figures"].format(
            expected=_figure(f.expected), observed=_figure(f.observed), tolerance=_figure(f.tolerance)
        )
        lines.append(f"  {words['severities'][f.severity.value]} {f.check.slug} {f.measure.value}: {figures}")
        lines += [f"    {f.message(code)}" for code in langs]
        for span in f.spans:
            where = f"[{span.start}-{span.end}] " if span.start is not None else ""
            lines.append(f"    {words['source']}: {where}{span.sentence or span.text or span.iri}")
        lines.append(f"    <{f.iri}>")
    return lines


def _figure(value: Decimal) -> str:
    return format(value.normalize(), "f")


@click.command()
@click.argument("graph_file", metavar="[GRAPH]", required=False, type=click.Path(path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["zh", "en", "both"]),
    default="both",
    show_default=True,
    help="Language of the messages.",
)
@click.option("--strict", is_flag=True, help="Also fail (status 3) when the audit finds problems.")
@click.option(
    "-o",
    "--findings",
    "findings_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the audit findings as Turtle to this file.",
)
@click.option("--base", envvar="POLICYKG_BASE", default=None, help="Base IRI of the graph ($POLICYKG_BASE).")
@click.option(
    "--engine",
    type=click.Choice(["fast", "pyshacl"]),
    default="fast",
    show_default=True,
    help="SHACL engine: the compiled checks of the shapes, or pySHACL (slower; same results).",
)
def validate(
    graph_file: Path | None, lang: str, strict: bool, findings_out: Path | None, base: str | None, engine: str
) -> None:
    """Check GRAPH against the SHACL shapes and audit the plan's own figures.

    GRAPH defaults to graph.ttl in the build directory ($POLICYKG_BUILD_DIR or data/build/).
    Prints every shape result and every audit finding (totals that their parts do not add up to,
    parts larger than the whole, domains that do not add up to the plan, figures restated
    differently), with the source sentences they rest on.

    \b
    Exit status:
      0  the graph conforms (audit findings are printed but do not fail, unless --strict)
      1  the graph does not conform to the shapes (a result of severity Violation)
      2  the graph file is missing or unreadable
      3  with --strict: the graph conforms, but the audit found problems

    \b
    Examples:
      policykg validate
      policykg validate build/graph.ttl --lang zh
      policykg validate graph.nt --strict -o findings.ttl
      policykg validate --engine pyshacl
    """
    from policykg.checks.audit import audit
    from policykg.checks.validate import validate as run_shapes
    from policykg.data import default_build_dir
    from policykg.iris import IriScheme
    from policykg.ontology.namespaces import DEFAULT_BASE

    graph = load_graph(graph_file or default_build_dir() / "graph.ttl")
    validation = run_shapes(graph, engine=engine)  # type: ignore[arg-type]
    result = audit(graph, IriScheme(base or DEFAULT_BASE))
    for line in report_lines(validation, result.findings, lang):
        click.echo(line)
    if findings_out is not None:
        try:
            result.graph.serialize(findings_out, format="turtle")
        except OSError as error:
            raise click.ClickException(f"{findings_out}: cannot write the findings: {error}") from error
        click.echo(f"wrote {findings_out}")
    if not validation.conforms:
        raise SystemExit(NOT_CONFORMING)
    if strict and result.findings:
        raise SystemExit(FINDINGS)
