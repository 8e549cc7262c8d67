"""A question's documents in this app's JSON export, and read back from one as untrusted
input (each field typed and capped, the text's SHA-256 checked, as an image's bytes are)."""

from __future__ import annotations

from typing import Any

from dynaspark_desktop.core.document_reading import MAX_DOCUMENT_CHARS, MAX_PDF_PAGES
from dynaspark_desktop.core.documents import PDF, TEXT, AttachedDocument
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.storage.files import sha256_hex

MAX_DOCUMENTS = 50
_MAX_NAME = 1_000
_MAX_NOTES = 10
_MAX_FILE_BYTES = 1 << 50
# A PDF may say it has more pages than were read (MAX_PDF_PAGES of them): any sane count.
_MAX_PAGES = 1_000_000


def documents_to_json(documents: tuple[AttachedDocument, ...]) -> dict[str, Any]:
    """``{"documents": [...]}`` for a message that has any, else nothing (older readers and
    exports without documents stay as they were)."""
    if not documents:
        return {}
    return {
        "documents": [
            {
                "filename": document.filename,
                "kind": document.kind,
                "size": document.size,
                "pages": document.pages,
                "pages_read": document.pages_read,
                "truncated": document.truncated,
                "notes": list(document.notes),
                "sha256": sha256_hex(document.text.encode("utf-8", "surrogatepass")),
                "text": document.text,
            }
            for document in documents
        ]
    }


def body_lines(message: Any) -> list[str]:
    """A message in a Markdown export: its documents named (their texts stay out: that
    export is for reading; the JSON keeps them), then its text."""
    named = [f"📄 *{document.filename}*" for document in message.documents]
    return [*([""] if named else []), *named, "", message.text]


def documents_from_json(reader: Any, item: dict[str, Any]) -> tuple[AttachedDocument, ...]:
    """The ``documents`` of an imported message (none when it has no such key); ``reader``
    is import_checks' typed reader, whose errors name the file and what is wrong."""
    if item.get("documents") is None:
        return ()
    entries = reader.get(item, "documents", list)
    if len(entries) > MAX_DOCUMENTS:
        raise reader.error(translate("Import", "more documents on a message than are kept"))
    return tuple(_document(reader, entry) for entry in entries)


def _document(reader: Any, entry: Any) -> AttachedDocument:
    entry = reader.expect(entry, dict, translate("Import", "a document"))
    kind = reader.get(entry, "kind", str)
    if kind not in (PDF, TEXT):
        raise reader.error(translate("Import", "a document of an unknown kind"))
    text = reader.text(entry, "text", MAX_DOCUMENT_CHARS)
    if sha256_hex(text.encode("utf-8", "surrogatepass")) != reader.get(entry, "sha256", str):
        raise reader.error(
            translate("Import", "a document whose text is damaged (its SHA-256 does not match)")
        )
    notes = reader.get(entry, "notes", list)
    if len(notes) > _MAX_NOTES or not all(
        isinstance(note, str) and len(note) <= _MAX_NAME for note in notes
    ):
        raise reader.error(translate("Import", "document notes that are not short texts"))
    pages = None if entry.get("pages") is None else reader.whole_number(entry, "pages", _MAX_PAGES)
    pages_read = (
        None
        if entry.get("pages_read") is None
        else reader.whole_number(entry, "pages_read", MAX_PDF_PAGES)
    )
    return AttachedDocument(
        filename=reader.text(entry, "filename", _MAX_NAME),
        kind=kind,
        size=reader.whole_number(entry, "size", _MAX_FILE_BYTES),
        text=text,
        pages=pages,
        pages_read=pages_read,
        truncated=reader.get(entry, "truncated", bool),
        notes=tuple(" ".join(note.split()) for note in notes),
        sha256=sha256_hex(text.encode("utf-8", "surrogatepass")),
        chars=len(text),
    )
