"""Attached documents read as untrusted files: each kind, each bad file, the caps."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from benchmarks.support.pdf_pages import pdf_bytes, write_pdf
from dynaspark_desktop.core import document_reading
from dynaspark_desktop.core.document_reading import DocumentError, ReadGuard, read_document
from dynaspark_desktop.core.documents import (
    PDF,
    TEXT,
    describe_kinds,
    kind_of_name,
    question_with_documents,
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", "plain words\nsecond line\n"),
        ("README.md", "# Title\n\n- a list item\n"),
        ("tool.py", "def answer() -> int:\n    return 42\n"),
        ("table.csv", "name,age\nAda,36\n"),
        ("data.json", '{"key": [1, 2, 3]}'),
        ("server.log", "2026-12-04 INFO started\n2026-12-04 WARN slow\n"),
        ("Makefile", "all:\n\techo hi\n"),
    ],
)
def test_each_text_like_kind_is_read_whole(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    document = read_document(path)
    assert document.kind == TEXT
    assert document.text == content
    assert not document.truncated
    assert document.notes == ()
    assert document.size == len(content.encode())
    assert f"File: {name}" in document.context_block()
    assert document.context_block().endswith(f"End of file: {name}")


def test_text_in_other_encodings_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes("café crème".encode("cp1252"))
    (tmp_path / "wide.txt").write_bytes("Grüße".encode("utf-16"))
    assert read_document(tmp_path / "latin.txt").text == "café crème"
    assert read_document(tmp_path / "wide.txt").text == "Grüße"


def test_a_pdf_gives_its_pages_text_and_header(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "report.pdf", ["Quarterly revenue rose", "Costs fell sharply"])
    document = read_document(path)
    assert document.kind == PDF
    assert document.pages == 2
    assert document.pages_read == 2
    assert "Quarterly revenue rose" in document.text
    assert "Costs fell sharply" in document.text
    assert document.header() == "File: report.pdf, pages 1–2"


def test_pdf_pages_past_the_cap_are_left_out_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document_reading, "MAX_PDF_PAGES", 2)
    path = write_pdf(tmp_path / "long.pdf", ["first", "second", "third", "fourth"])
    document = read_document(path)
    assert document.pages == 4
    assert document.pages_read == 2
    assert document.truncated
    assert "third" not in document.text
    assert document.header() == "File: long.pdf, pages 1–2 of 4, truncated"
    assert any("first 2 pages" in note for note in document.notes)


def test_text_past_the_character_cap_is_cut_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document_reading, "MAX_DOCUMENT_CHARS", 100)
    path = tmp_path / "long.md"
    path.write_text("x" * 500)
    document = read_document(path)
    assert len(document.text) == 100
    assert document.truncated
    assert any("100 characters" in note for note in document.notes)


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "secret.pdf", ["hidden"], password="hunter2")
    with pytest.raises(DocumentError, match="protected by a password"):
        read_document(path)


def test_a_pdf_with_an_empty_password_opens(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "open.pdf", ["readable anyway"], password="")
    assert "readable anyway" in read_document(path).text


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 3],  # cut short
        lambda data: b"%PDF-1.7\n" + os.urandom(2000),  # a header and noise
        lambda data: b"this is not a PDF at all",
    ],
)
def test_a_broken_pdf_is_refused(tmp_path: Path, damage) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(damage(pdf_bytes(["some text"] * 3)))
    with pytest.raises(DocumentError, match=r"not a readable PDF|no text to read"):
        read_document(path)


def test_a_two_gigabyte_log_is_read_in_part_never_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.log"
    with path.open("wb") as file:
        file.write(b"first line of the log\n" * 10)
        file.truncate(2 * 1024**3)  # sparse: costs no disk
    with pytest.raises(DocumentError, match="binary data"):
        read_document(path)  # the zeros of a sparse file are binary data: refused early
    with path.open("r+b") as file:  # a sparse file whose first megabyte is text
        file.write(b"log line\n" * (2 * 1024 * 1024 // 9))
    document = read_document(path)
    assert document.truncated
    assert document.size == 2 * 1024**3
    assert document.text.startswith("log line\nlog line\n")
    assert len(document.text) == document_reading.MAX_DOCUMENT_CHARS
    assert any("only the first 1 MB of 2,048 MB were read" in n for n in document.notes)


def test_binary_data_named_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(DocumentError, match=r"“notes\.txt” is not text"):
        read_document(path)


def test_an_archive_is_refused_by_name_and_by_contents(tmp_path: Path) -> None:
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("inside.txt", "hello")
    with pytest.raises(DocumentError, match="is an archive"):
        read_document(archive)
    disguised = tmp_path / "bundle.txt"
    disguised.write_bytes(archive.read_bytes())
    with pytest.raises(DocumentError, match="named like text, but it is an archive"):
        read_document(disguised)


def test_a_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no longer there"):
        read_document(tmp_path / "gone.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(DocumentError, match="not a regular file"):
        read_document(tmp_path / "folder.txt")


def test_extraction_stops_past_its_time_limit(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "slow.pdf", ["a page"])
    with pytest.raises(DocumentError, match="took longer than 0 seconds"):
        read_document(path, ReadGuard(time_limit=0))


def test_the_question_carries_each_document_as_a_delimited_block(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("alpha")
    first = read_document(tmp_path / "a.txt")
    second = read_document(write_pdf(tmp_path / "b.pdf", ["beta"]))
    sent = question_with_documents("What differs?", (first, second))
    assert sent == (
        "File: a.txt\n\nalpha\n\nEnd of file: a.txt\n\n"
        "File: b.pdf, page 1\n\nbeta\n\nEnd of file: b.pdf\n\nWhat differs?"
    )
    assert question_with_documents("Plain", ()) == "Plain"


def test_kinds_by_name_and_the_drop_description() -> None:
    assert kind_of_name("a.PDF") == PDF
    assert kind_of_name("x.rs") == TEXT
    assert kind_of_name("photo.png") is None
    assert describe_kinds(2, 1, 0) == "2 images and 1 PDF"
    assert describe_kinds(0, 0, 3) == "3 text files"
    assert describe_kinds(1, 2, 1) == "1 image, 2 PDFs and 1 text file"


def test_documents_too_long_are_cut_evenly_keeping_a_short_one_whole(tmp_path: Path) -> None:
    from dynaspark_desktop.core.document_budget import cut_to_fit, document_fit

    (tmp_path / "short.md").write_text("a short note " * 20)
    (tmp_path / "long.log").write_text("a long log line\n" * 20_000)
    documents = (read_document(tmp_path / "short.md"), read_document(tmp_path / "long.log"))
    limits = {"context_tokens": 4096, "system_prompt": "Be brief."}
    assert not document_fit("Why?", documents, **limits).fits
    short, long = cut_to_fit("Why?", documents, **limits)
    assert short == documents[0]  # whole
    assert long.truncated
    assert 0 < len(long.text) < len(documents[1].text)
    assert document_fit("Why?", (short, long), **limits).fits
    assert document_fit("Why?", documents[:1], **limits).fits


def test_a_cut_to_fit_replaces_the_readers_own_cut_in_the_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document_reading, "MAX_DOCUMENT_CHARS", 1000)
    path = tmp_path / "long.log"
    path.write_text("y" * 5000)
    document = read_document(path)
    assert document.notes == ("cut to 1,000 characters",)
    assert document.cut_to(400).notes == ("cut to 400 characters to fit the model",)
