"""PDFs made with pypdf's writer, for the tests and the documents benchmark: pages of known
text, optionally password-protected. No binary fixtures in the repository."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(pages: list[str], *, password: str | None = None) -> bytes:
    """A PDF whose page ``i`` shows ``pages[i]`` in Helvetica (one line per line of it)."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    font_ref = writer._add_object(font)
    for text in pages:
        page = writer.add_blank_page(width=612, height=792)
        stream = DecodedStreamObject()
        lines = " ".join(f"({_escape(line)}) '" for line in text.splitlines() or [""])
        stream.set_data(f"BT /F1 10 Tf 12 TL 72 760 Td {lines} ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
    if password is not None:
        writer.encrypt(password, algorithm="RC4-128")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def write_pdf(path: Path, pages: list[str], *, password: str | None = None) -> Path:
    path.write_bytes(pdf_bytes(pages, password=password))
    return path
