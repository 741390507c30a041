"""Read a plan's outline: from its numbered heading lines if it has them, else from its running prose,
else from a news layout's unnumbered section heads."""

from __future__ import annotations

from policykg.graph_builder.text.outline.headings import HeadingsReader
from policykg.graph_builder.text.outline.heads import bare_heads
from policykg.graph_builder.text.outline.markers import find_markers
from policykg.graph_builder.text.outline.model import Outline
from policykg.graph_builder.text.outline.prose import ProseReader


class OutlineReader:
    """Read the outline of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.markers = find_markers(text)

    def read(self) -> Outline:
        """Return the outline, from headings if the text has them, else from running prose, else from
        unnumbered section heads."""
        domains = HeadingsReader(self.text, self.markers).domains()
        if domains:
            return Outline("headings", tuple(domains))
        domains = ProseReader(self.text, self.markers).domains()
        if domains:
            return Outline("prose", tuple(domains))
        return Outline("heads", tuple(bare_heads(self.text)))


def read_outline(text: str) -> Outline:
    """Return the outline (domains and tasks) of a plan's text."""
    return OutlineReader(text).read()
