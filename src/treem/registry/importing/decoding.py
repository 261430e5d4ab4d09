"""Streaming text decoding of uploaded CSV files, whatever tool exported them.

Files may be large (hundreds of megabytes), so nothing here reads a file whole: the encoding is
guessed from the first 64 KiB and the rest is decoded chunk by chunk. A byte that does not fit
the encoding, wherever it is, becomes a `FileDecodingError` naming the line and how to fix it.
"""

from __future__ import annotations

import codecs
import io
import re
from typing import Any, BinaryIO, TextIO, cast

from treem.core.errors import Invalid
from treem.core.text import nfc
from treem.registry.importing import legacy_fonts

HEAD_SIZE = 64 * 1024
CHUNK_SIZE = 64 * 1024
MAX_LINE_CHARS = 8 * 1024 * 1024

_FIX = (
    "Cách sửa: mở tệp bằng Excel, chọn Tệp → Lưu dưới dạng → CSV UTF-8 (Comma delimited) "
    "(*.csv), rồi tải tệp .csv vừa lưu lên lại."
)
_SIGNATURES = (
    (b"PK\x03\x04", "tệp có dạng nén ZIP, thường là tệp Excel .xlsx"),
    (b"%PDF", "tệp có dạng PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "tệp có dạng Excel cũ .xls hoặc Word .doc"),
)
_LABELS = {"utf-8-sig": "UTF-8", "cp1258": "Windows-1258 (tiếng Việt)", "cp1252": "Windows-1252"}
_LINE_END = re.compile(r"\r\n|\r|\n")
_INVISIBLE = re.compile("[\ufeff\u200b]")


class FileDecodingError(Invalid):
    """The upload is not text in an encoding we can read."""

    code = "file_decoding"


def _not_text(kind: str) -> FileDecodingError:
    return FileDecodingError(
        f"Tệp tải lên không phải tệp CSV dạng văn bản ({kind}). {_FIX}",
        code="not_text",
        details={"kind": kind},
    )


def _reject_known_formats(head: bytes) -> None:
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            raise _not_text(kind)


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without BOM: NUL bytes on one side of most byte pairs (ASCII characters)."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0 : pairs * 2 : 2].count(0), head[1 : pairs * 2 : 2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        encoding = "utf-16-le"
    elif even >= 0.3 * pairs and odd <= 0.02 * pairs:
        encoding = "utf-16-be"
    else:
        return None
    try:
        codecs.getincrementaldecoder(encoding)().decode(head[: pairs * 2], final=False)
    except UnicodeDecodeError:
        return None
    return encoding


def _mostly_utf8(head: bytes) -> bool:
    """Valid UTF-8 (a sequence cut by the end of the sample is fine), or UTF-8 with a few bad
    bytes among many good multi-byte letters: the bad bytes are then reported by line."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return True
    except UnicodeDecodeError:
        pass
    text = head.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return good >= 8 and good >= 4 * bad


def detect_encoding(head: bytes) -> str:
    """Codec name for a file from its first bytes (up to 64 KiB).

    BOMs first; then UTF-16 without BOM; then UTF-8; otherwise a Windows code page: "cp1252"
    when the text is in a legacy Vietnamese font (TCVN3/VNI look-alikes are Latin-1 characters,
    see `legacy_fonts`), else "cp1258". Windows-1258 writes tones as combining marks, so text
    decoded with it must be NFC-normalised (`normalise_cell`)."""
    head = head[:HEAD_SIZE]
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    _reject_known_formats(head)
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16 is None:
            raise _not_text("tệp chứa dữ liệu nhị phân, không phải chữ")
        return utf16
    if _mostly_utf8(head):
        return "utf-8"
    try:
        latin = head.decode("cp1252")
        head.decode("cp1258")
    except UnicodeDecodeError:
        raise FileDecodingError(
            "Không nhận ra bảng mã của tệp: tệp không phải UTF-8 và cũng không phải bảng mã "
            f"Windows tiếng Việt (Windows-1258). {_FIX}",
            code="unknown_encoding",
        ) from None
    if legacy_fonts.detect_many(latin.splitlines()[:200]):
        return "cp1252"
    return "cp1258"


def _read_head(binary: Any) -> bytes:
    parts: list[bytes] = []
    size = 0
    while size < HEAD_SIZE:
        chunk = binary.read(HEAD_SIZE - size)
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def open_text(binary: BinaryIO, *, encoding: str | None = None) -> tuple[TextIO, str]:
    """A text stream over `binary` for `csv.reader` (lines keep their endings, as with
    newline=""), and the encoding used. The first 64 KiB are read to guess the encoding
    (unless given) and then decoded first, so `binary` need not be seekable."""
    head = _read_head(binary)
    if encoding is None:
        encoding = detect_encoding(head)
    else:
        _reject_known_formats(head)
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise FileDecodingError(
                f"Bảng mã “{encoding}” không được hỗ trợ. Hãy chọn UTF-8, UTF-16 hoặc "
                f"Windows-1258. {_FIX}",
                code="unknown_encoding",
            ) from None
        if encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
    return cast(TextIO, DecodedText(binary, head, encoding)), encoding


class DecodedText(io.TextIOBase):
    """Read-only text decoded incrementally from a binary stream, counting lines so that a
    decoding error can say where it happened. Closing it leaves `binary` open."""

    def __init__(self, binary: Any, head: bytes, encoding: str) -> None:
        super().__init__()
        self._binary = binary
        self._head = head
        self._codec = encoding
        # The codec for a piece cut from the middle of the file (no BOM there).
        self._plain = {"utf-8-sig": "utf-8"}.get(encoding, encoding)
        if encoding == "utf-16":
            self._plain = "utf-16-be" if head.startswith(codecs.BOM_UTF16_BE) else "utf-16-le"
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._error: FileDecodingError | None = None  # raised once the text before it is read
        self._lines = 0  # line breaks handed out so far

    def readable(self) -> bool:
        return True

    def _fill(self) -> bool:
        """Decode one more chunk into the buffer; False at the end of the file, or of its
        readable part when a byte could not be decoded."""
        if self._eof or self._error:
            return False
        if self._head:
            data, self._head = self._head, b""
        else:
            data = self._binary.read(CHUNK_SIZE) or b""
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            text = self._readable_prefix(exc)
            self._error = self._decoding_error(exc, text)
        else:
            self._eof = not data
        self._buf = self._buf[self._pos :] + text
        self._pos = 0
        return True

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        scan = self._pos
        while True:
            match = _LINE_END.search(self._buf, scan)
            if match and (
                match.end() < len(self._buf) or match.group() != "\r" or self._eof or self._error
            ):
                end = match.end()
                break
            if self._eof:
                end = len(self._buf)
                break
            if self._error:
                raise self._error
            if len(self._buf) - self._pos > MAX_LINE_CHARS:
                raise self._line_too_long()
            scan = max(self._pos, len(self._buf) - 1) - self._pos
            self._fill()
        if size is not None and 0 <= size < end - self._pos:
            end = self._pos + size
        line = self._buf[self._pos : end]
        self._pos = end
        if line[-1:] in ("\n", "\r"):
            self._lines += 1
        return line

    def __next__(self) -> str:  # type: ignore[override]
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def __iter__(self) -> DecodedText:  # type: ignore[override]
        return self

    def read(self, size: int | None = -1) -> str:
        if size is None or size < 0:
            while self._fill():
                pass
            if self._error:
                raise self._error
            end = len(self._buf)
        else:
            while len(self._buf) - self._pos < size and self._fill():
                pass
            if self._error and len(self._buf) - self._pos < size:
                raise self._error
            end = min(len(self._buf), self._pos + size)
        text = self._buf[self._pos : end]
        self._pos = end
        self._lines += len(_LINE_END.findall(text))
        return text

    def _line_number(self, more: str = "") -> int:
        """The line (1-based) after the text handed out, the text buffered and `more`."""
        pending = len(_LINE_END.findall(self._buf, self._pos))
        return self._lines + pending + len(_LINE_END.findall(more)) + 1

    def _readable_prefix(self, exc: UnicodeDecodeError) -> str:
        """The text before the undecodable bytes, so the lines before them can still be read."""
        prefix = bytes(exc.object[: exc.start])
        if self._codec == "utf-16" and prefix[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            prefix = prefix[2:]
        return prefix.decode(self._plain, errors="replace")

    def _decoding_error(self, exc: UnicodeDecodeError, prefix: str) -> FileDecodingError:
        line = self._line_number(prefix)
        label = _LABELS.get(self._codec, self._codec.upper())
        bad = bytes(exc.object[exc.start : exc.end]).hex(" ")
        if exc.end >= len(exc.object) and "end of data" in exc.reason:
            problem = "tệp bị cắt cụt ở cuối, ký tự cuối cùng không trọn vẹn"
        else:
            problem = (
                f"tệp được đọc theo bảng mã {label} nhưng từ chỗ này có ký tự thuộc bảng mã "
                "khác (thường do tệp được ghép từ nhiều nguồn hoặc lưu bằng phần mềm khác)"
            )
        return FileDecodingError(
            f"Không đọc được tệp ở dòng {line}: {problem}. {_FIX}",
            code="bad_bytes",
            details={"line": line, "encoding": self._codec, "bytes": bad},
        )

    def _line_too_long(self) -> FileDecodingError:
        line = self._line_number()
        limit = f"{MAX_LINE_CHARS:,}".replace(",", ".")
        return FileDecodingError(
            f"Dòng {line} dài hơn {limit} ký tự mà không xuống dòng: tệp có thể "
            f"không phải tệp CSV hoặc đã bị hỏng. Hãy kiểm tra lại tệp. {_FIX}",
            code="line_too_long",
            details={"line": line},
        )


def sniff_delimiter(first_line: str) -> str:
    """The delimiter of a CSV file from its first (header) line: ",", ";" or tab.

    Only characters outside double quotes count. Vietnamese Excel often writes ";" (the comma
    being the decimal separator); a tie goes to tab, then ";", then ","."""
    counts = {"\t": 0, ";": 0, ",": 0}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])  # first of equals wins: tab, ";", ","
    return best if counts[best] else ","


def normalise_cell(value: str) -> str:
    """NFC, without zero-width characters, surrounding spaces or runs of inner whitespace."""
    return nfc(_INVISIBLE.sub("", value))
