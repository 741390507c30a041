"""Read a plan's outline: from its heading lines if it has them, else from its running prose."""

from __future__ import annotations

from policykg.graph_builder.text.outline.headings import HeadingsReader
from policykg.graph_builder.text.outline.markers import find_markers
from policykg.graph_builder.text.outline.model import Outline
from policykg.graph_builder.text.outline.prose import ProseReader


class OutlineReader:
    """Read the outline of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.markers = find_markers(text)

    def read(self) -> Outline:
        """Return the outline, from headings if the text has them, else from running prose."""
        domains = HeadingsReader(self.text, self.markers).domains()
        if domains:
            return Outline("headings", tuple(domains))
        return Outline("prose", tuple(ProseReader(self.text, self.markers).domains()))


def read_outline(text: str) -> Outline:
    """Return the outline (domains and tasks) of a plan's text."""
    return OutlineReader(text).read()
