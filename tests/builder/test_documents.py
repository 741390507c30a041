"""Reading documents: encodings, normalization and clear errors."""

from __future__ import annotations

import pytest

from policykg.graph_builder.documents import DocumentError, normalize, read_document


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("甲,乙;丙:丁!戊?", "甲，乙；丙：丁！戊？"),
        ("总投资1,257,400万元", "总投资1,257,400万元"),
        ("上午8:30开会", "上午8:30开会"),
        ("第一行\r\n第二行\r第三行", "第一行\n第二行\n第三行"),
        ("  前后空格\u3000\u3000中间  ", "前后空格 中间"),
        ("段落一\n\n\n\n段落二", "段落一\n\n段落二"),
        ("黄河流域 (济南) 实验室", "黄河流域 (济南) 实验室"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_reads_utf8_with_and_without_bom(tmp_path):
    for name, data in (("plain.txt", "规划正文".encode()), ("bom.txt", "\ufeff规划正文".encode())):
        path = tmp_path / name
        path.write_bytes(data)
        assert read_document(path).text == "规划正文"


def test_reads_gb18030(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("济南市三年行动计划".encode("gb18030"))
    document = read_document(path)
    assert document.text == "济南市三年行动计划"
    assert len(document.sha256) == 64


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"  \n\n \t ", "empty"),
        (b"\xff\xfe\x00\xd8\x00\xdc\x81\x30\xff", "not UTF-8 or GB18030"),
    ],
)
def test_bad_documents_raise_clear_errors(tmp_path, content, message):
    path = tmp_path / "doc.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DocumentError, match=message) as error:
        read_document(path)
    assert str(path) in str(error.value)


def test_a_directory_is_not_a_document(tmp_path):
    with pytest.raises(DocumentError, match="not a file"):
        read_document(tmp_path)


def test_checksum_depends_on_normalized_text_only(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("计划,正文\n", encoding="utf-8")
    b.write_bytes("计划，正文".encode("gb18030"))
    assert read_document(a).sha256 == read_document(b).sha256
