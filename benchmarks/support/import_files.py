"""Import files the import benchmarks share: a conversation export of a chosen size, its
pictures random bytes behind a PNG signature, each with a real 1×1 PNG thumbnail."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import zlib


def tiny_png() -> bytes:
    """A 1×1 PNG, made without Pillow (a thumbnail the import keeps as it is)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))
        + chunk(b"IEND", b"")
    )


def conversation_json(images: int, image_bytes: int) -> bytes:
    thumbnail = base64.b64encode(tiny_png()).decode("ascii")
    messages = []
    for number in range(images):
        data = b"\x89PNG\r\n\x1a\n" + os.urandom(image_bytes)
        messages.append(
            {
                "position": number * 2,
                "role": "user",
                "text": f"Picture {number}",
                "model": "m",
                "state": "answered",
                "error": "",
                "created": 1.7e9,
                "finished": None,
                "elapsed_ms": None,
                "images": [
                    {
                        "filename": f"{number}.png",
                        "mime_type": "image/png",
                        "width": 10,
                        "height": 10,
                        "original_width": 10,
                        "original_height": 10,
                        "notes": [],
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "data_base64": base64.b64encode(data).decode("ascii"),
                        "thumbnail_png_base64": thumbnail,
                    }
                ],
            }
        )
    document = {
        "format": "dynaspark-desktop-conversation",
        "version": 1,
        "conversation": {
            "title": "Big",
            "created": 1.7e9,
            "updated": 1.7e9,
            "model": "m",
            "system_prompt": "",
            "pinned": False,
            "messages": messages,
        },
    }
    return json.dumps(document).encode("utf-8")
