"""The transcript asks for older turns near its top and for a branch's next part near its
bottom, each once until it arrives, and at once when there is no scroll bar to scroll."""

from __future__ import annotations

from dynaspark_desktop.ui.transcript.page_requests import LOAD_WITHIN_PX, PageRequests


def _pages() -> tuple[PageRequests, list[str]]:
    asked: list[str] = []
    return PageRequests(lambda: asked.append("earlier"), lambda: asked.append("later")), asked


def test_near_the_top_older_turns_are_asked_for_once_until_they_arrive() -> None:
    pages, asked = _pages()
    pages.reset(has_earlier=True)
    pages.scrolled(5000, 10000)
    assert asked == []
    pages.scrolled(LOAD_WITHIN_PX - 1, 10000)
    pages.scrolled(0, 10000)
    assert asked == ["earlier"]
    pages.earlier_arrived(has_earlier=False)
    pages.scrolled(0, 10000)
    assert asked == ["earlier"]


def test_near_the_bottom_the_next_part_is_asked_for_only_while_one_follows() -> None:
    pages, asked = _pages()
    pages.reset(has_earlier=False)
    pages.scrolled(10000, 10000)
    assert asked == []  # nothing follows
    pages.later_arrived(has_later=True)
    pages.scrolled(10000 - LOAD_WITHIN_PX - 1, 10000)
    assert asked == []
    pages.scrolled(10000 - LOAD_WITHIN_PX + 1, 10000)
    pages.scrolled(10000, 10000)
    assert asked == ["later"]
    pages.later_arrived(has_later=True)
    pages.scrolled(10000, 10000)
    assert asked == ["later", "later"]
    pages.reset(has_earlier=False)  # another conversation: nothing follows any more
    pages.scrolled(10000, 10000)
    assert asked == ["later", "later"]


def test_a_page_shown_without_a_scroll_bar_asks_for_both_at_once() -> None:
    pages, asked = _pages()
    pages.reset(has_earlier=True)
    pages.later_arrived(has_later=True)
    pages.settled(0, 0)
    assert asked == ["earlier", "later"]


def test_a_part_shown_while_the_reader_is_at_the_bottom_asks_for_the_next() -> None:
    pages, asked = _pages()
    pages.reset(has_earlier=True)
    pages.later_arrived(has_later=True)
    pages.settled(2000, 2000)
    assert asked == ["later"]  # the top is far: no older turns yet
