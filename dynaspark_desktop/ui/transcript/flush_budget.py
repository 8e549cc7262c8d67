"""How much of a streaming answer's arrived text one frame lays out."""

from __future__ import annotations

from collections import deque

# The most arrived text one frame lays out. Qt lays out new text at about 0.3 ms a kilobyte
# here, so a server pouring megabytes a second would otherwise stall the window for a tenth
# of a second a frame; a real model writes a few hundred characters a second, far below.
FLUSH_BUDGET_CHARS = 16 * 1024
# ... and at most about this layout cost (see shown_part.layout_cost): text that costs more
# to lay out than prose (tables, short lines, long runs) arrives in smaller pieces a frame.
FLUSH_BUDGET_COST = 16_000
MIN_FLUSH_CHARS = 512
# The first frame of an answer takes this much: its cost is not known yet (16 K of tables
# took a third of a second); later frames take what the last one's cost says fits.
FIRST_FLUSH_CHARS = 4 * 1024


def take_budget(pending: deque[str], room: int) -> str:
    """Up to ``room`` characters of the queued pieces, from the front (a flood's megabytes
    are not joined or copied every frame); the rest stays queued."""
    taken: list[str] = []
    while pending and room > 0:
        piece = pending.popleft()
        if len(piece) > room:
            pending.appendleft(piece[room:])
            piece = piece[:room]
        taken.append(piece)
        room -= len(piece)
    return "".join(taken)
