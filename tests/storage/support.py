"""Helpers shared by the storage tests: images and a populated conversation."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from PIL import Image

from dynaspark_desktop.core.images import PreparedImage, prepare_image
from dynaspark_desktop.storage import HistoryStore


def real_image(
    colour: tuple[int, int, int] = (200, 30, 30), *, name: str = "photo.png"
) -> PreparedImage:
    """A small real image through the app's own preparation, as the composer makes them."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 24), colour).save(buffer, "PNG")
    return prepare_image(buffer.getvalue(), filename=name)


def fake_image(seed: int, *, name: str = "pasted.png") -> PreparedImage:
    """Distinct bytes without Pillow: storage never decodes images, so any bytes will do."""
    payload = seed.to_bytes(8, "big") * 64
    return PreparedImage(
        data=b"\x89PNG\r\n\x1a\n" + payload,
        mime_type="image/png",
        filename=name,
        width=16,
        height=8,
        thumbnail_png=b"\x89PNG\r\n\x1a\nthumb" + payload[:32],
        original_width=32,
        original_height=16,
    )


def image_files(data_dir: Path) -> list[Path]:
    root = data_dir / "images"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def integrity(database: Path) -> str:
    connection = sqlite3.connect(database)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchall()
        connection.execute("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')")
    finally:
        connection.close()
    return "; ".join(str(row[0]) for row in result)


def add_answered_turn(
    store: HistoryStore,
    conversation_id: int,
    question: str,
    answer: str,
    image: PreparedImage | None = None,
) -> tuple[int, int]:
    """Ask and answer; returns (question id, answer id)."""
    asked = store.add_user_message(conversation_id, question, "gemini-1.5-flash", image)
    answered = store.mark_answered(asked.id, answer, "gemini-1.5-pro", 1.5)
    assert answered is not None
    return asked.id, answered.id
