"""A conversation as Markdown, for reading: the shown version of each question and answer,
its images written into a folder beside the file and linked relatively, so the pair can be
moved together. Every file is written atomically."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.images import extension_for
from dynaspark_desktop.core.timestamps import local_time
from dynaspark_desktop.storage.document_transfer import body_lines
from dynaspark_desktop.storage.files import atomic_write_bytes, sha256_hex
from dynaspark_desktop.storage.history import HistoryStore
from dynaspark_desktop.storage.models import ImageSnapshot, Role
from dynaspark_desktop.storage.transfer import safe_name, without_secrets


def export_conversation_markdown(store: HistoryStore, conversation_id: int, path: Path) -> Path:
    """Write ``path`` (Markdown) and its images into ``<stem>_images/`` beside it: the
    conversation as shown (the chosen version of each question and answer)."""
    snapshot = without_secrets(store.snapshot(conversation_id))
    images_dir = path.with_name(f"{path.stem}_images")
    lines = [f"# {snapshot.title or 'Untitled conversation'}", ""]
    lines.append(f"- Created: {_when(snapshot.created)}")
    if snapshot.model:
        lines.append(f"- Model: {snapshot.model}")
    if snapshot.system_prompt:
        lines.append(f"- System prompt: {' '.join(snapshot.system_prompt.split())}")
    for message in snapshot.shown_path():
        speaker = "You" if message.role is Role.USER else "Assistant"
        about = (
            f"{_when(message.created)} · {message.model}"
            if message.model
            else _when(message.created)
        )
        lines += ["", "---", "", f"**{speaker}** · {about}", *body_lines(message)]
        for image in message.images:
            name = _image_file_name(image)
            atomic_write_bytes(images_dir / name, image.data)
            alt = re.sub(r"[\[\]\\]", "", image.filename)
            lines += ["", f"![{alt}]({quote(images_dir.name)}/{quote(name)})"]
        if message.state is TurnState.FAILED:
            lines += ["", f"> **Failed:** {message.error or 'no answer'}"]
        elif message.state is TurnState.CANCELLED:
            lines += ["", "> **Stopped** before the answer arrived."]
    atomic_write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def _image_file_name(image: ImageSnapshot) -> str:
    # The digest keeps two different "image.png" apart and one image shared by two
    # messages in one file.
    stem = safe_name(Path(image.filename).stem) or "image"
    return f"{stem}-{sha256_hex(image.data)[:10]}{extension_for(image.mime_type)}"


def _when(seconds: float) -> str:
    return local_time(seconds).strftime("%Y-%m-%d %H:%M")
