"""Documents attached to a question: what kinds there are, what one carries, and how it goes
into a request.

A document is a text-like file (plain text, Markdown, source code, CSV, JSON, a log) or a
PDF whose text was extracted (``core/document_reading.py``, in a worker thread). The model
sees its text as clearly delimited context before the question, whatever the provider:
a header naming the file (and the pages read), the text, and an end marker.

The kind is told from the name alone, so a drag can say what will happen without reading
anything; the reader checks the contents (binary data named ``.txt`` is refused there).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.sizes import megabytes

PDF = "pdf"
TEXT = "text"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Names the image preparation takes (the rest go to the document reader).
IMAGE_SUFFIXES = _words(
    ".png .jpg .jpeg .gif .webp .avif .bmp .tif .tiff .ppm .pgm .tga .heic .heif"
)
TEXT_SUFFIXES = _words(
    ".txt .text .md .markdown .rst .org .adoc .tex .csv .tsv .json .jsonl .ndjson .yaml "
    ".yml .toml .ini .cfg .conf .env .properties .xml .html .htm .svg .log .out .err "
    ".py .pyi .js .mjs .cjs .ts .tsx .jsx .java .kt .kts .scala .go .rs .c .h .cc .cpp "
    ".cxx .hpp .hh .m .mm .swift .cs .fs .vb .rb .php .pl .pm .lua .r .jl .dart .ex .exs "
    ".erl .hs .ml .mli .clj .el .lisp .scm .sh .bash .zsh .fish .ps1 .bat .cmd .sql .css "
    ".scss .sass .less .vue .svelte .gradle .cmake .mk .diff .patch .srt .vtt .bib .ipynb"
)
# Files that are text whatever their suffix (or without one).
TEXT_NAMES = _words(
    "makefile dockerfile readme license copying changelog authors notice .gitignore"
)
ARCHIVE_SUFFIXES = _words(
    ".zip .7z .rar .tar .gz .tgz .bz2 .tbz2 .xz .txz .zst .lz .lzma .cab .jar .war .apk "
    ".iso .dmg .deb .rpm"
)
# Office files are zip archives inside: their text needs a converter the app does not have.
OFFICE_SUFFIXES = _words(".doc .docx .odt .rtf .xls .xlsx .ods .ppt .pptx .odp .pages")


def kind_of_name(name: str) -> str | None:
    """``PDF``, ``TEXT`` or None (not a document by its name: an image, or unknown)."""
    path = PurePath(name)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return PDF
    if suffix in TEXT_SUFFIXES or path.name.lower() in TEXT_NAMES:
        return TEXT
    return None


def refusal_for_name(name: str) -> str | None:
    """Why a file of this name cannot be attached at all (an archive, an office file), said
    for the user; None when it may be tried."""
    suffix = PurePath(name).suffix.lower()
    if suffix in ARCHIVE_SUFFIXES:
        return translate(
            "Documents",
            "“{name}” is an archive. Unpack it and attach the files inside instead.",
        ).format(name=name)
    if suffix in OFFICE_SUFFIXES:
        return translate(
            "Documents",
            "“{name}” is an office document, which cannot be read here. Save it as PDF or "
            "plain text and attach that instead.",
        ).format(name=name)
    return None


@dataclass(frozen=True)
class AttachedDocument:
    """One document that goes with a question.

    ``text`` is what the model is sent (already cut to the caps); a document loaded from the
    history may hold it empty until a request needs it (then it is read from ``stored_at``).
    """

    filename: str
    kind: str  # PDF or TEXT
    size: int  # bytes of the file as it was attached
    text: str
    pages: int | None = None  # a PDF's page count
    pages_read: int | None = None  # the pages whose text is in ``text`` (the first ones)
    truncated: bool = False  # ``text`` is not the whole document's
    notes: tuple[str, ...] = ()  # what was cut or could not be read, for the user
    sha256: str = ""  # of ``text`` in UTF-8: stored once by it
    chars: int = 0  # len(text), kept when the text itself is not loaded
    # The history's file holding ``text`` (see above); not part of what a document is.
    stored_at: str | None = field(default=None, compare=False)

    @property
    def char_count(self) -> int:
        return len(self.text) if self.text else self.chars

    def header(self) -> str:
        """The line that opens its context block: "File: report.pdf, pages 1–12 of 40"."""
        parts = [f"File: {self.filename}"]
        if self.kind == PDF and self.pages:
            read = self.pages_read if self.pages_read is not None else self.pages
            pages = f"pages 1–{read}" if read > 1 else "page 1"
            parts.append(pages if read == self.pages else f"{pages} of {self.pages}")
        if self.truncated:
            parts.append("truncated")
        return ", ".join(parts)

    def context_block(self) -> str:
        """Its text as the model sees it: header, text, end marker."""
        body = self.text.rstrip("\n")
        end = f"End of file: {self.filename}"
        if self.truncated:
            end += " (truncated: the rest was not sent)"
        return f"{self.header()}\n\n{body}\n\n{end}"

    def cut_to(self, chars: int) -> AttachedDocument:
        """A copy whose text keeps its first ``chars`` characters (marked truncated)."""
        from dataclasses import replace

        if chars >= len(self.text):
            return self
        text = self.text[: max(0, chars)]
        note = translate("Documents", "cut to {count:,} characters to fit the model").format(
            count=len(text)
        )
        # This cut says it all: the reader's cut to its cap (to the length now) is dropped.
        notes = tuple(earlier for earlier in self.notes if earlier != cap_note(len(self.text)))
        return replace(self, text=text, chars=len(text), truncated=True, notes=(*notes, note))


def cap_note(count: int) -> str:
    """The note on a document whose text was cut to ``count`` characters by the reader."""
    return translate("Documents", "cut to {count:,} characters").format(count=count)


def document_details(document: AttachedDocument) -> str:
    """ "12 pages · 340 KB · only the first 10 pages were read": what a chip says under the
    name (also on the question after it is sent)."""
    parts = []
    if document.kind == PDF and document.pages:
        parts.append(
            translate("Documents", "1 page")
            if document.pages == 1
            else translate("Documents", "{count} pages").format(count=document.pages)
        )
    parts.append(
        megabytes(document.size)
        if document.size >= 1024
        else translate("Documents", "{size} B").format(size=document.size)
    )
    parts.extend(document.notes)
    return " · ".join(parts)


def question_with_documents(question: str, documents: tuple[AttachedDocument, ...]) -> str:
    """The question as a request sends it: each document's block, then the question."""
    if not documents:
        return question
    blocks = "\n\n".join(document.context_block() for document in documents)
    return f"{blocks}\n\n{question}"


def describe_kinds(images: int, pdfs: int, texts: int) -> str:
    """What a drop brings, for the drag-over hint: "2 images and 1 PDF"."""
    parts = []
    if images:
        parts.append(
            translate("Documents", "1 image")
            if images == 1
            else translate("Documents", "{count} images").format(count=images)
        )
    if pdfs:
        parts.append(
            translate("Documents", "1 PDF")
            if pdfs == 1
            else translate("Documents", "{count} PDFs").format(count=pdfs)
        )
    if texts:
        parts.append(
            translate("Documents", "1 text file")
            if texts == 1
            else translate("Documents", "{count} text files").format(count=texts)
        )
    if len(parts) <= 1:
        return "".join(parts)
    return translate("Documents", "{first} and {last}").format(
        first=", ".join(parts[:-1]), last=parts[-1]
    )
