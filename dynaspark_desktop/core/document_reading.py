"""Reading an attached document, as untrusted input, in a worker thread: the text of a
text-like file, or the text of a PDF's pages (pypdf, imported only here).

Every read has caps and a time limit: a text file is read only up to ``MAX_TEXT_READ_BYTES``
(a 2 GB log is read in part, with a note, never loaded whole); a PDF up to ``MAX_PDF_BYTES``
is read, its first ``MAX_PDF_PAGES`` pages extracted; the text kept is at most
``MAX_DOCUMENT_CHARS``; and the extraction stops past its time limit (checked between pages).
What cannot be read (binary data named ``.txt``, an archive, an encrypted or broken PDF) is
refused with a sentence for the user.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from pathlib import Path

from dynaspark_desktop.core.capped_files import (
    FileTooLargeError,
    NotARegularFileError,
    read_regular_file,
    read_regular_prefix,
)
from dynaspark_desktop.core.documents import (
    PDF,
    TEXT,
    AttachedDocument,
    cap_note,
    kind_of_name,
    refusal_for_name,
)
from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.sizes import megabytes

log = logging.getLogger(__name__)

MAX_TEXT_READ_BYTES = 1024 * 1024
MAX_PDF_BYTES = 64 * 1024 * 1024
MAX_PDF_PAGES = 300
MAX_DOCUMENT_CHARS = 200_000
EXTRACT_TIME_LIMIT_SECONDS = 30.0
# How much of a file's start is looked at to tell text from binary data.
_SNIFF_BYTES = 8192
# Signatures of archives and other binary formats often renamed (named as text or not).
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"\x1f\x8b", b"BZh")
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13, 27}


class DocumentError(UserFacingError):
    """An attached document cannot be used; the message says why."""


class ExtractionCancelled(Exception):
    """The reading was abandoned (the chip removed, the app quitting)."""


class ReadGuard:
    """Lets the UI thread stop a reading, and stops it by itself past a time limit."""

    def __init__(self, time_limit: float = EXTRACT_TIME_LIMIT_SECONDS) -> None:
        self.time_limit = time_limit
        self._deadline = time.monotonic() + time_limit
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    def check(self, name: str) -> None:
        if self._cancelled.is_set():
            raise ExtractionCancelled
        if time.monotonic() > self._deadline:
            raise DocumentError(
                translate(
                    "Documents",
                    "Reading “{name}” took longer than {seconds} seconds, so it was stopped.",
                ).format(name=name, seconds=f"{self.time_limit:g}")
            )


def read_document(path: Path, guard: ReadGuard | None = None) -> AttachedDocument:
    """The document at ``path``, read within the caps; raises DocumentError for the user."""
    guard = guard or ReadGuard()
    name = path.name
    refusal = refusal_for_name(name)
    if refusal is not None:
        raise DocumentError(refusal)
    try:
        if kind_of_name(name) == PDF:
            return _read_pdf(path, guard)
        return _read_text(path)
    except DocumentError:
        raise
    except FileNotFoundError as error:
        raise DocumentError(
            translate("Documents", "“{name}” is no longer there.").format(name=name),
            detail=repr(error),
        ) from error
    except (IsADirectoryError, NotARegularFileError) as error:
        raise DocumentError(
            translate("Documents", "“{name}” is not a regular file.").format(name=name),
            detail=repr(error),
        ) from error
    except OSError as error:
        raise DocumentError(
            translate("Documents", "“{name}” could not be read: {reason}.").format(
                name=name, reason=error.strerror or type(error).__name__
            ),
            detail=repr(error),
        ) from error


def _read_text(path: Path) -> AttachedDocument:
    name = path.name
    data, size = read_regular_prefix(path, MAX_TEXT_READ_BYTES)
    read_in_part = size > len(data)
    text = decode_text(data, name, cut_short=read_in_part)
    notes: list[str] = []
    if read_in_part:
        notes.append(
            translate("Documents", "only the first {read} of {size} were read").format(
                read=megabytes(len(data)), size=megabytes(size)
            )
        )
    text, cut = _cap_chars(text, notes)
    return _document(name, TEXT, size, text, truncated=read_in_part or cut, notes=notes)


def decode_text(data: bytes, name: str, *, cut_short: bool = False) -> str:
    """``data`` as text (UTF-8, UTF-16 with its mark, else a single-byte code page), or a
    DocumentError when it is binary data whatever its name says."""
    head = data[:_SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        cut = len(data) - len(data) % 2 if cut_short else len(data)
        return data[:cut].decode("utf-16", errors="replace")
    if any(head.startswith(magic) for magic in _ARCHIVE_MAGIC) or head.startswith(b"%PDF"):
        what = (
            translate("Documents", "a PDF")
            if head.startswith(b"%PDF")
            else translate("Documents", "an archive")
        )
        raise DocumentError(
            translate(
                "Documents",
                "“{name}” is named like text, but it is {what}. Rename it, or attach the "
                "original file.",
            ).format(name=name, what=what)
        )
    if b"\x00" in head or _looks_binary(head):
        raise DocumentError(
            translate(
                "Documents",
                "“{name}” is not text: it holds binary data, which cannot be sent to a model.",
            ).format(name=name)
        )
    try:
        if cut_short:  # the read may end inside a character: leave that one out
            import codecs

            return codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=False)
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return controls > max(2, len(head) // 100)


def _read_pdf(path: Path, guard: ReadGuard) -> AttachedDocument:
    name = path.name
    try:
        data = read_regular_file(path, MAX_PDF_BYTES)
    except FileTooLargeError as error:
        raise DocumentError(
            translate(
                "Documents", "“{name}” is larger than {cap}, the most a PDF attached may be."
            ).format(name=name, cap=megabytes(MAX_PDF_BYTES)),
            detail=repr(error),
        ) from error
    guard.check(name)
    reader = _open_pdf(data, name)
    try:
        page_count = len(reader.pages)
    except Exception as error:
        raise _broken(name, error) from error
    notes: list[str] = []
    pages_to_read = min(page_count, MAX_PDF_PAGES)
    if pages_to_read < page_count:
        notes.append(
            translate("Documents", "only the first {count} pages were read").format(
                count=pages_to_read
            )
        )
    texts: list[str] = []
    chars = 0
    pages_read = 0
    failed_pages = 0
    for index in range(pages_to_read):
        guard.check(name)
        try:
            page_text = reader.pages[index].extract_text() or ""
        except Exception:
            log.info("Page %d of a PDF could not be read", index + 1, exc_info=True)
            failed_pages += 1
            page_text = ""
        texts.append(page_text)
        pages_read = index + 1
        chars += len(page_text) + 2
        if chars > MAX_DOCUMENT_CHARS:
            if pages_read < page_count:
                notes.append(
                    translate("Documents", "only the first {count} pages were read").format(
                        count=pages_read
                    )
                )
            break
    if failed_pages:
        notes.append(
            translate("Documents", "{count} pages could not be read").format(count=failed_pages)
        )
    text = "\n\n".join(texts).strip()
    if not text:
        raise DocumentError(
            translate(
                "Documents",
                "“{name}” has no text to read: it may be scanned images of pages. Attach the "
                "pages as images instead.",
            ).format(name=name)
        )
    text, cut = _cap_chars(text, notes)
    return _document(
        name,
        PDF,
        len(data),
        text,
        pages=page_count,
        pages_read=pages_read,
        truncated=cut or pages_read < page_count,
        notes=notes,
    )


def _open_pdf(data: bytes, name: str):  # -> pypdf.PdfReader
    import io

    import pypdf

    if not data.lstrip()[:1024].find(b"%PDF") >= 0:
        raise _broken(name, ValueError("no %PDF header"))
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as error:
        raise _broken(name, error) from error
    if encrypted:
        try:
            opened = reader.decrypt("")  # many PDFs are "encrypted" with an empty password
        except Exception as error:
            log.info("An encrypted PDF could not be opened: %r", error)
            opened = 0
        if not opened:
            raise DocumentError(
                translate(
                    "Documents",
                    "“{name}” is protected by a password, so its text cannot be read. Save an "
                    "unprotected copy and attach that.",
                ).format(name=name)
            )
    return reader


def _broken(name: str, error: BaseException) -> DocumentError:
    log.info("A PDF could not be read: %r", error)
    return DocumentError(
        translate(
            "Documents", "“{name}” is not a readable PDF: the file is damaged or incomplete."
        ).format(name=name),
        detail=repr(error),
    )


def _cap_chars(text: str, notes: list[str]) -> tuple[str, bool]:
    if len(text) <= MAX_DOCUMENT_CHARS:
        return text, False
    notes.append(cap_note(MAX_DOCUMENT_CHARS))
    return text[:MAX_DOCUMENT_CHARS], True


def _document(
    name: str,
    kind: str,
    size: int,
    text: str,
    *,
    pages: int | None = None,
    pages_read: int | None = None,
    truncated: bool,
    notes: list[str],
) -> AttachedDocument:
    return AttachedDocument(
        filename=os.path.basename(name) or name,
        kind=kind,
        size=size,
        text=text,
        pages=pages,
        pages_read=pages_read,
        truncated=truncated,
        notes=tuple(notes),
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        chars=len(text),
    )
