"""Decoding uploaded CSV files: encoding detection, streaming, errors with line numbers."""

from __future__ import annotations

import codecs
import csv
import io
import tracemalloc
import unicodedata
from collections.abc import Iterator

import pytest

from treem.registry.importing import decoding
from treem.registry.importing.decoding import (
    FileDecodingError,
    detect_encoding,
    normalise_cell,
    open_text,
    sniff_delimiter,
)
from treem.registry.importing.legacy_fonts import TCVN3, VNI, encode

ROWS = [
    ["Họ và tên", "Ngày sinh", "Xã"],
    ["Nguyễn Thị Hương", "01/02/2015", "Xã Cam Lâm"],
    ["Trần Đức Thắng", "15/11/2016", "Phường Nha Trang"],
    ["Huỳnh Ngọc Ánh", "03/04/2017", "Đắk Lắk"],
]
TEXT = "".join(",".join(row) + "\r\n" for row in ROWS)


def read_rows(data: bytes, **kwargs: str) -> tuple[list[list[str]], str]:
    text, encoding = open_text(io.BytesIO(data), **kwargs)
    rows = [[normalise_cell(cell) for cell in row] for row in csv.reader(text)]
    return rows, encoding


class OnlyRead:
    """A non-seekable stream that serves `data` in the sizes asked for (or less)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._pending = b""
        self.largest_request = 0
        self.served = 0

    def read(self, size: int = -1) -> bytes:
        assert size is not None and size > 0, "the whole stream must never be asked for"
        self.largest_request = max(self.largest_request, size)
        while len(self._pending) < size:
            chunk = next(self._chunks, b"")
            if not chunk:
                break
            self._pending += chunk
        data, self._pending = self._pending[:size], self._pending[size:]
        self.served += len(data)
        return data


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: letters with their hat, breve or horn are
    single bytes, tones are combining marks after them."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base + "".join(c for c in decomposed if c in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + TEXT.encode(), "utf-8-sig"),
        (TEXT.encode(), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (cp1258_bytes(TEXT), "cp1258"),
    ],
    ids=["utf8-bom", "utf8", "utf16-bom", "utf16be-bom", "utf16le", "utf16be", "cp1258"],
)
def test_encodings(data, encoding):
    assert detect_encoding(data[: decoding.HEAD_SIZE]) == encoding
    rows, used = read_rows(data)
    assert used == encoding
    assert rows == ROWS


def test_cp1258_text_is_decomposed_until_normalised():
    text, _encoding = open_text(io.BytesIO(cp1258_bytes("Nguyễn Thị Hương\n")))
    raw = text.read()
    assert raw != "Nguyễn Thị Hương\n"
    assert normalise_cell(raw) == "Nguyễn Thị Hương"


def test_plain_ascii_and_empty_files_are_utf8():
    assert detect_encoding(b"name,dob\r\nNguyen Van An,01/02/2015\r\n") == "utf-8"
    assert detect_encoding(b"") == "utf-8"
    text, _encoding = open_text(io.BytesIO(b""))
    assert text.readline() == ""
    assert list(csv.reader(text)) == []


def test_utf8_sequence_cut_by_the_end_of_the_head():
    data = b"a" * (decoding.HEAD_SIZE - 1) + "ễ\n".encode()
    assert detect_encoding(data[: decoding.HEAD_SIZE]) == "utf-8"
    text, _encoding = open_text(io.BytesIO(data))
    assert text.read().endswith("aễ\n")


def test_legacy_font_file_saved_as_ansi_is_read_as_latin_lookalikes():
    for font in (TCVN3, VNI):
        lines = [encode(",".join(row), font) for row in ROWS]
        data = "\r\n".join(lines).encode("cp1252")
        rows, used = read_rows(data)
        assert used == "cp1252"
        assert rows[1][0] == encode("Nguyễn Thị Hương", font)


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "xlsx"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), ".xls"),
        (bytes(range(256)) * 4, "nhị phân"),
    ],
    ids=["xlsx", "pdf", "xls", "binary"],
)
def test_non_text_files_are_rejected(data, hint):
    with pytest.raises(FileDecodingError) as caught:
        open_text(io.BytesIO(data))
    assert caught.value.code == "not_text"
    assert hint in caught.value.message
    assert "CSV UTF-8 (Comma delimited)" in caught.value.message
    with pytest.raises(FileDecodingError):
        detect_encoding(data)


def test_known_formats_are_rejected_even_with_an_encoding_given():
    with pytest.raises(FileDecodingError, match="xlsx"):
        open_text(io.BytesIO(b"PK\x03\x04" + bytes(50)), encoding="utf-8")


def test_bad_byte_deep_in_a_utf8_file_reports_its_line():
    line = "Nguyễn Thị Hương,01/02/2015,Xã Cam Lâm\r\n".encode()
    data = line * 79_999 + b"Tr\x92n V\xe3n An,01/02/2015,X\xe3\r\n" + line * 1000
    text, encoding = open_text(io.BytesIO(data))
    assert encoding == "utf-8"
    with pytest.raises(FileDecodingError) as caught:
        for _row in csv.reader(text):
            pass
    error = caught.value
    assert error.code == "bad_bytes"
    assert error.details["line"] == 80_000
    assert error.details["bytes"] == "92"
    assert "dòng 80000" in error.message
    assert "Lưu dưới dạng → CSV UTF-8 (Comma delimited)" in error.message


def test_bad_byte_within_the_head_still_reports_its_line():
    line = "Nguyễn Thị Hương,Xã Cam Lâm\n".encode()
    data = line * 2 + b"Tr\x92n\n" + line * 10
    assert detect_encoding(data) == "utf-8"
    text, _encoding = open_text(io.BytesIO(data))
    assert text.readline() == "Nguyễn Thị Hương,Xã Cam Lâm\n"
    with pytest.raises(FileDecodingError) as caught:
        list(text)
    assert caught.value.details["line"] == 3


def test_bad_utf16_reports_its_line():
    data = "Họ tên,Xã\n".encode("utf-16") + "An,B\n".encode("utf-16-le") * 3 + b"\x00\xd8A\x00"
    text, _encoding = open_text(io.BytesIO(data))
    with pytest.raises(FileDecodingError, match="dòng 5") as caught:
        list(csv.reader(text))
    assert caught.value.details["encoding"] == "utf-16"


def test_utf8_file_cut_in_the_middle_of_a_letter():
    text, _encoding = open_text(io.BytesIO("Nguyễn\nHươ".encode()[:-1]))
    with pytest.raises(FileDecodingError, match="cắt cụt") as caught:
        text.read()
    assert caught.value.details["line"] == 2


def test_unknown_encoding_name():
    with pytest.raises(FileDecodingError, match="không được hỗ trợ"):
        open_text(io.BytesIO(b"a,b\n"), encoding="tcvn-99")


def test_encoding_given_and_bom_skipped():
    rows, used = read_rows(codecs.BOM_UTF8 + TEXT.encode(), encoding="UTF8")
    assert used == "utf-8-sig"
    assert rows == ROWS
    rows, used = read_rows(cp1258_bytes(TEXT), encoding="windows-1258")
    assert (rows, used) == (ROWS, "cp1258")


def test_line_endings_and_quoted_newlines_across_chunks(monkeypatch):
    monkeypatch.setattr(decoding, "HEAD_SIZE", 5)
    monkeypatch.setattr(decoding, "CHUNK_SIZE", 3)
    data = 'a,b\r\nc,"x\r\ny"\rđ,e\n\r\nf,g'.encode()
    text, _encoding = open_text(OnlyRead(iter([data])))  # type: ignore[arg-type]
    assert list(text) == ["a,b\r\n", 'c,"x\r\n', 'y"\r', "đ,e\n", "\r\n", "f,g"]
    text, _encoding = open_text(OnlyRead(iter([data])))  # type: ignore[arg-type]
    assert list(csv.reader(text)) == [["a", "b"], ["c", "x\r\ny"], ["đ", "e"], [], ["f", "g"]]


def test_readline_then_csv_reader_and_read_sizes():
    text, _encoding = open_text(io.BytesIO(TEXT.encode()))
    assert text.readline() == "Họ và tên,Ngày sinh,Xã\r\n"
    assert next(csv.reader(text)) == ROWS[1]
    assert text.read(5) == "Trần "
    assert text.readline(3) == "Đức"


def test_line_too_long(monkeypatch):
    monkeypatch.setattr(decoding, "MAX_LINE_CHARS", 1000)
    text, _encoding = open_text(io.BytesIO(b"a,b\n" + b"x" * 100_000))
    assert text.readline() == "a,b\n"
    with pytest.raises(FileDecodingError) as caught:
        text.readline()
    assert caught.value.details["line"] == 2


def test_memory_stays_flat_on_a_20_mb_stream():
    row = "Nguyễn Thị Hương,01/02/2015,Thôn Phú Hữu,Xã Cam Lâm,Khánh Hòa,ghi chú\r\n".encode()
    count = 20 * 1024 * 1024 // len(row) + 1

    def chunks() -> Iterator[bytes]:
        block = row * 100
        for _ in range(count // 100):
            yield block
        yield row * (count % 100)

    stream = OnlyRead(chunks())
    tracemalloc.start()
    try:
        text, encoding = open_text(stream)  # type: ignore[arg-type]
        rows = sum(1 for _row in csv.reader(text))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert encoding == "utf-8"
    assert rows == count
    assert stream.served == count * len(row) >= 20 * 1024 * 1024
    assert stream.largest_request <= decoding.HEAD_SIZE
    assert peak < 3 * 1024 * 1024


@pytest.mark.parametrize(
    ("line", "delimiter"),
    [
        ("Họ và tên,Ngày sinh,Xã", ","),
        ("Họ và tên;Ngày sinh;Xã", ";"),
        ("Họ và tên\tNgày sinh\tXã", "\t"),
        ('"Họ, tên";"Ngày sinh";Địa chỉ', ";"),
        ("Họ tên;Địa chỉ, xã", ";"),
        ("Họ tên", ","),
        ("", ","),
    ],
)
def test_sniff_delimiter(line, delimiter):
    assert sniff_delimiter(line) == delimiter


def test_normalise_cell():
    decomposed = unicodedata.normalize("NFD", "Nguyễn")
    assert normalise_cell(f"\ufeff  {decomposed}\u00a0 Thị\t\tHương \u200b") == "Nguyễn Thị Hương"
