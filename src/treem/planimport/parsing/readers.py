"""Read plan documents (.txt, .md, .docx, .pdf) into plain text lines.

Tables are kept as one line per row with cells separated by tabs, which is also how the
plain-text copies of plans carry them. Anything that cannot be read raises PlanParseError
with a Vietnamese message that says what is wrong and how to fix it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import PlanParseError
from .pdf_tables import join_continued_rows, page_text

SUPPORTED = (".txt", ".md", ".docx", ".pdf")
_MIN_TEXT_CHARS = 20


def read_file(path: str | Path) -> str:
    """Return the text of a plan file; tables become tab-separated rows."""
    file_path = Path(path)
    if not file_path.exists():
        raise PlanParseError(f"Không tìm thấy tệp «{file_path}». Hãy kiểm tra lại đường dẫn.")
    if file_path.is_dir():
        raise PlanParseError(f"«{file_path}» là thư mục, không phải tệp kế hoạch.")
    suffix = file_path.suffix.lower()
    if file_path.stat().st_size == 0:
        raise PlanParseError(
            f"Tệp «{file_path.name}» rỗng (0 byte). Hãy chọn đúng tệp kế hoạch có nội dung."
        )
    if suffix in (".txt", ".md", ".markdown", ".text"):
        text = _read_plain(file_path)
    elif suffix == ".docx":
        text = _read_docx(file_path)
    elif suffix == ".pdf":
        text = _read_pdf(file_path)
    elif suffix == ".doc":
        raise PlanParseError(
            f"Tệp «{file_path.name}» là định dạng Word 97-2003 (.doc), không đọc trực tiếp được. "
            "Hãy mở bằng Word hoặc LibreOffice và lưu lại thành .docx rồi nhập lại."
        )
    else:
        raise PlanParseError(
            f"Không hỗ trợ định dạng «{suffix or 'không có đuôi'}» của tệp «{file_path.name}». "
            "Hãy lưu kế hoạch thành .docx, .pdf (có lớp văn bản), .txt hoặc .md."
        )
    if len(text.strip()) < _MIN_TEXT_CHARS:
        raise PlanParseError(
            f"Tệp «{file_path.name}» gần như không có chữ. Hãy kiểm tra lại tệp hoặc chọn "
            "bản kế hoạch đầy đủ."
        )
    return text


def _read_plain(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanParseError(
            f"Tệp «{path.name}» không phải tệp văn bản (có dữ liệu nhị phân). "
            "Hãy lưu kế hoạch thành .txt (UTF-8), .docx hoặc .pdf."
        )
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    try:
        # Vietnamese Windows code page, still used by old office machines.
        return data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise PlanParseError(
            f"Không đọc được bảng mã của tệp «{path.name}». Hãy lưu lại tệp với bảng mã UTF-8."
        ) from exc


def _read_docx(path: Path) -> str:
    try:
        import docx  # python-docx
        from docx.oxml.ns import qn
    except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
        raise PlanParseError("Thiếu thư viện python-docx để đọc tệp .docx.") from exc
    if not zipfile.is_zipfile(path):
        raise PlanParseError(
            f"Tệp «{path.name}» có đuôi .docx nhưng không phải tệp Word hợp lệ (có thể bị hỏng "
            "hoặc là .doc đổi tên). Hãy mở bằng Word/LibreOffice và lưu lại thành .docx."
        )
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types
        raise PlanParseError(
            f"Tệp Word «{path.name}» bị hỏng hoặc không đúng định dạng .docx ({exc}). "
            "Hãy mở bằng Word/LibreOffice và lưu lại thành .docx."
        ) from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph_text(child))
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_rows(child))
    return "\n".join(lines)


def _paragraph_text(p_element: Any) -> str:
    from docx.oxml.ns import qn

    parts: list[str] = []
    for node in p_element.iter():
        if node.tag == qn("w:t") and node.text:
            parts.append(node.text)
        elif node.tag == qn("w:tab"):
            parts.append(" ")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    return "".join(parts)


def _table_rows(tbl_element: Any) -> Iterator[str]:
    """One tab-separated line per row; a horizontally merged cell is written once."""
    from docx.oxml.ns import qn

    for tr in tbl_element.iterchildren(qn("w:tr")):
        cells: list[str] = []
        for tc in tr.iterchildren(qn("w:tc")):
            paragraphs = [_paragraph_text(p).replace("\n", " ").strip() for p in tc.iter(qn("w:p"))]
            cells.append(" ".join(p for p in paragraphs if p))
            span = _grid_span(tc)
            cells.extend([""] * (span - 1))
        yield "\t".join(cell.replace("\t", " ") for cell in cells)


def _grid_span(tc: Any) -> int:
    from docx.oxml.ns import qn

    tc_pr = tc.find(qn("w:tcPr"))
    if tc_pr is None:
        return 1
    span = tc_pr.find(qn("w:gridSpan"))
    if span is None:
        return 1
    try:
        return max(1, int(span.get(qn("w:val"))))
    except (TypeError, ValueError):
        return 1


def _read_pdf(path: Path) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
        raise PlanParseError("Thiếu thư viện pypdf để đọc tệp .pdf.") from exc
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise PlanParseError(
                f"Tệp PDF «{path.name}» có mật khẩu. Hãy gỡ mật khẩu hoặc xuất lại bản không khóa."
            )
        pages = [page_text(page) for page in reader.pages]
    except PlanParseError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise PlanParseError(
            f"Tệp PDF «{path.name}» bị hỏng hoặc không đọc được ({exc}). "
            "Hãy xuất lại PDF từ bản Word hoặc dùng tệp .docx."
        ) from exc
    text = join_continued_rows("\n".join(pages))
    if len(text.strip()) < _MIN_TEXT_CHARS:
        raise PlanParseError(
            f"Tệp PDF «{path.name}» không có lớp văn bản (có thể là bản scan ảnh). "
            "Hãy dùng bản .docx gốc, hoặc nhận dạng ký tự (OCR) để tạo PDF có chữ rồi nhập lại."
        )
    return text
