"""The child process of the crash test: saves history in a loop until it is killed.

Each line on stdout is printed only after the save it names has returned, so the parent
knows exactly which saves the store had reported done when the SIGKILL landed:

    Q <message id>        a question was committed (every fourth carries an image)
    A <message id>        an answer was committed
    D <number>            the new-chat draft "draft <number>" was committed

Run as ``python crash_writer.py DATA_DIR``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.storage import HistoryStore


def image_for(counter: int) -> PreparedImage:
    # Half the images repeat (shared files), half are new.
    seed = counter % 8 if counter % 2 else counter
    payload = seed.to_bytes(8, "big") * 512
    return PreparedImage(
        data=b"\x89PNG\r\n\x1a\n" + payload,
        mime_type="image/png",
        filename=f"image-{seed}.png",
        width=64,
        height=64,
        thumbnail_png=b"\x89PNG\r\n\x1a\nthumbnail" + payload[:64],
        original_width=64,
        original_height=64,
    )


def main(data_dir: Path) -> None:
    store = HistoryStore.open(data_dir)
    conversations = store.list_conversations()
    conversation = conversations[0] if conversations else store.create_conversation("model-a")
    counter = len(store.load_conversation(conversation.id).messages)
    print("ready", flush=True)
    while True:
        counter += 1
        image = image_for(counter) if counter % 4 == 0 else None
        question = store.add_user_message(
            conversation.id, f"question {counter} " + "words " * 40, "model-a", image
        )
        print(f"Q {question.id}", flush=True)
        if counter % 3:
            answer = store.mark_answered(question.id, f"answer {counter} " * 30, "model-b", 0.1)
            assert answer is not None
            print(f"A {answer.id}", flush=True)
        else:
            store.mark_failed(question.id, "network down", 0.1)
        if counter % 5 == 0:
            store.save_draft(None, f"draft {counter}", image)
            print(f"D {counter}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
