"""policykg.data: the one loader of bundled lists and tables, with header checks and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.data import DataFileError, data_path, load_lines, load_words, read_table

COLUMNS = ("printed", "key", "note")


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "table.tsv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_table_is_read_under_its_header_with_comments_and_blank_lines_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path, "# what the table is\n\nprinted\tkey\tnote\n# a comment row\n元\tCNY\tyuan\n万\tTEN_K\n"
    )
    rows = read_table(path, COLUMNS)
    assert [dict(row) for row in rows] == [
        {"printed": "元", "key": "CNY", "note": "yuan"},
        {"printed": "万", "key": "TEN_K", "note": ""},
    ]
    assert [row.where for row in rows] == [f"{path}:5", f"{path}:6"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("printed\tkey\n元\tCNY\n", "table.tsv:1: expected the header printed | key | note"),
        ("元\tCNY\tyuan\n", "table.tsv:1: expected the header"),
        ("# only a comment\n", "table.tsv: no header row"),
        ("printed\tkey\tnote\n元\tCNY\tyuan\textra\n", "table.tsv:2: 4 columns, expected at most 3"),
    ],
)
def test_a_table_that_breaks_its_format_names_the_file_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(DataFileError, match=message):
        read_table(write(tmp_path, text), COLUMNS)


def test_a_table_that_is_not_utf8_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"table.tsv: not UTF-8"):
        read_table(write(tmp_path, "printed\tkey\tnote\n元\tCNY\t人民币\n", encoding="gb18030"), COLUMNS)


def test_every_bundled_table_starts_with_a_header_row() -> None:
    for path in sorted(data_path("").glob("*.tsv")):
        first = next(
            line for line in path.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"
        )
        cells = first.split("\t")
        assert all(cell and cell.isascii() for cell in cells), f"{path.name}: {first!r} is not a header row"


def test_word_lists_drop_comments_and_split_on_whitespace() -> None:
    lines = load_lines("generic_words.txt")
    assert lines and not any(line.startswith("#") or not line for line in lines)
    assert load_words("generic_words.txt") == tuple(w for line in lines for w in line.split())
