"""Exports of the child registry.

- `lists`: filtered lists of children as CSV or XLSX (streamed, formula-safe).
- `record`: one child's full record (DOCX, PDF) for a person's right of access to their data.

The heavy libraries (openpyxl, python-docx, fpdf2) load only when a module is imported.
"""
