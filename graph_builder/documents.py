"""Read plan documents from disk: decode, normalize and checksum them, or fail clearly.

The contract on offsets: the stored document is the normalized text (``normalize``, the one step that
may change lengths, done once on reading); its checksum names it and every offset in the records and
the graph points into it. What helps extraction read (simplified for traditional characters,
half-width digits, page chrome blanked) happens in a reading form of the same length
(graph_builder/text/reading.py), so no offset needs a map.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from policykg.graph_builder.records import DocumentRecord


class DocumentError(Exception):
    """A document that cannot be read as a plan: missing, undecodable or empty."""


_ENCODINGS = ("utf-8-sig", "gb18030")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
# Half-width clause punctuation in Chinese text (news rewrites mix both widths); not between digits,
# where a comma groups thousands (1,257,400) and a colon separates times.
_HALF_PUNCT = re.compile(r"(?<![0-9])(?:[,;!?]|:(?!//))|[,;!?](?![0-9])|:(?![0-9]|//)")
_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


def normalize(text: str) -> str:
    """Return the normalized text that all offsets refer to.

    Line breaks become ``\\n``, runs of spaces (including the ideographic space) become one space,
    lines are stripped, and half-width clause punctuation (, ; : ! ?) becomes full-width except
    inside numbers. Brackets and quotes are kept as printed.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _HALF_PUNCT.sub(lambda m: _FULL[m.group(0)], text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def decode(raw: bytes, path: str = "<bytes>") -> str:
    """Decode bytes as UTF-8, then GB18030, or raise DocumentError naming the file."""
    for encoding in _ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError(f"{path}: not UTF-8 or GB18030 text (tried {', '.join(_ENCODINGS)})")


def read_document(path: str | Path) -> DocumentRecord:
    """Read, decode and normalize a plan document, raising DocumentError on bad input."""
    path = Path(path)
    if not path.exists():
        raise DocumentError(f"{path}: no such file")
    if not path.is_file():
        raise DocumentError(f"{path}: not a file")
    text = normalize(decode(path.read_bytes(), str(path)))
    if not text:
        raise DocumentError(f"{path}: the document is empty")
    return document_from_text(text, str(path))


def document_from_text(text: str, path: str = "<text>") -> DocumentRecord:
    """Make a document record from already normalized text."""
    return DocumentRecord(path=path, text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
