"""The sidebar's list model on its own: a refreshed list updates only what changed (the rows
whose summary differs, or one new conversation at the top) and resets for anything else, so
that the view's selection survives the common refreshes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QListView
from pytestqt.qtbot import QtBot

from dynaspark_desktop.storage import ConversationSummary
from dynaspark_desktop.ui.widgets.conversation_list import ConversationIdRole, ConversationListModel

AnyIndex = QModelIndex | QPersistentModelIndex


def _summaries(ids: list[int]) -> list[ConversationSummary]:
    """A listing as the history gives it: newest first, each with its own title and time."""
    return [
        ConversationSummary(
            id=conversation_id,
            title=f"Conversation {conversation_id}",
            updated=1_700_000_000.0 + conversation_id * 60,
            model="gemini-1.5-flash",
            pinned=False,
        )
        for conversation_id in ids
    ]


class ModelSignals:
    """What a model told its views: resets, layout changes, inserted, removed and changed rows."""

    def __init__(self, model: ConversationListModel) -> None:
        self.resets = 0
        self.layout_changes = 0
        self.inserted: list[tuple[bool, int, int]] = []  # (parent valid, first, last)
        self.removed: list[tuple[int, int]] = []
        self.changed: list[tuple[int, int]] = []  # (top row, bottom row)
        model.modelReset.connect(self._on_reset)
        model.layoutChanged.connect(self._on_layout_changed)
        model.rowsInserted.connect(self._on_inserted)
        model.rowsRemoved.connect(self._on_removed)
        model.dataChanged.connect(self._on_changed)

    def _on_reset(self) -> None:
        self.resets += 1

    def _on_layout_changed(self, *_: object) -> None:
        self.layout_changes += 1

    def _on_inserted(self, parent: AnyIndex, first: int, last: int) -> None:
        self.inserted.append((parent.isValid(), first, last))

    def _on_removed(self, _parent: AnyIndex, first: int, last: int) -> None:
        self.removed.append((first, last))

    def _on_changed(self, top_left: AnyIndex, bottom_right: AnyIndex, *_: object) -> None:
        self.changed.append((top_left.row(), bottom_right.row()))


def _shown(model: ConversationListModel) -> list[tuple[int, str]]:
    """(id, title) of each row, as a view reads them."""
    return [
        (
            model.index(row).data(ConversationIdRole),
            model.index(row).data(Qt.ItemDataRole.DisplayRole),
        )
        for row in range(model.rowCount())
    ]


def _expected(summaries: list[ConversationSummary]) -> list[tuple[int, str]]:
    return [(summary.id, summary.title) for summary in summaries]


@pytest.fixture
def model(qtbot: QtBot) -> ConversationListModel:
    return ConversationListModel()


def test_the_same_listing_again_changes_nothing(model: ConversationListModel) -> None:
    listing = _summaries([5, 4, 3, 2, 1])
    model.set_conversations(listing)
    signals = ModelSignals(model)

    model.set_conversations([dataclasses.replace(summary) for summary in listing])

    assert signals.resets == 0
    assert signals.inserted == []
    assert signals.removed == []
    assert signals.changed == []
    assert signals.layout_changes == 0
    assert _shown(model) == _expected(listing)


@pytest.mark.parametrize(
    ("changed_rows", "expected_span"),
    [
        pytest.param([2], (2, 2), id="one-row"),
        pytest.param([1, 3], (1, 3), id="rows-apart"),
        pytest.param([0, 4], (0, 4), id="first-and-last"),
    ],
)
def test_changed_summaries_in_the_same_order_update_only_the_span_that_differs(
    model: ConversationListModel, changed_rows: list[int], expected_span: tuple[int, int]
) -> None:
    listing = _summaries([5, 4, 3, 2, 1])
    model.set_conversations(listing)
    signals = ModelSignals(model)
    refreshed = [
        dataclasses.replace(summary, title=f"{summary.title}, renamed", updated=summary.updated + 1)
        if row in changed_rows
        else summary
        for row, summary in enumerate(listing)
    ]

    model.set_conversations(refreshed)

    assert signals.resets == 0
    assert signals.inserted == []
    assert signals.removed == []
    assert signals.layout_changes == 0
    assert signals.changed == [expected_span]
    assert _shown(model) == _expected(refreshed)


def test_a_change_the_list_does_not_show_as_text_still_updates_its_row(
    model: ConversationListModel,
) -> None:
    listing = _summaries([3, 2, 1])
    model.set_conversations(listing)
    signals = ModelSignals(model)
    refreshed = [listing[0], dataclasses.replace(listing[1], pinned=True), listing[2]]

    model.set_conversations(refreshed)

    assert signals.resets == 0
    assert signals.changed == [(1, 1)]
    assert [model.summary(row) for row in range(model.rowCount())] == refreshed


@pytest.mark.parametrize("old_ids", [[], [4, 3, 2, 1]], ids=["into-an-empty-list", "on-top"])
def test_one_new_conversation_at_the_top_is_an_insertion_of_row_zero(
    model: ConversationListModel, old_ids: list[int]
) -> None:
    listing = _summaries(old_ids)
    model.set_conversations(listing)
    signals = ModelSignals(model)
    (new,) = _summaries([9])
    refreshed = [new, *listing]

    model.set_conversations(refreshed)

    assert signals.inserted == [(False, 0, 0)]
    assert signals.resets == 0
    assert signals.removed == []
    assert signals.layout_changes == 0
    assert signals.changed == []
    assert _shown(model) == _expected(refreshed)
    assert model.row_of(new.id) == 0
    assert all(model.row_of(summary.id) == row for row, summary in enumerate(refreshed))


def test_a_new_conversation_on_top_with_another_one_changed_inserts_and_updates_that_row(
    model: ConversationListModel,
) -> None:
    listing = _summaries([4, 3, 2, 1])
    model.set_conversations(listing)
    signals = ModelSignals(model)
    (new,) = _summaries([9])
    renamed = dataclasses.replace(listing[2], title="Renamed meanwhile")
    refreshed = [new, listing[0], listing[1], renamed, listing[3]]

    model.set_conversations(refreshed)

    assert signals.inserted == [(False, 0, 0)]
    assert signals.resets == 0
    # The row of the renamed one after the insertion (one below where it was).
    assert signals.changed == [(3, 3)]
    assert _shown(model) == _expected(refreshed)


@pytest.mark.parametrize(
    ("old_ids", "new_ids"),
    [
        pytest.param([4, 3, 2, 1], [2, 4, 3, 1], id="one-moved-to-the-top"),
        pytest.param([4, 3, 2, 1], [4, 2, 1], id="one-gone"),
        pytest.param([4, 3, 2, 1], [], id="all-gone"),
        pytest.param([4, 3, 2, 1], [9, 8, 4, 3, 2, 1], id="two-new-on-top"),
        pytest.param([4, 3, 2, 1], [4, 3, 2, 1, 9], id="one-new-at-the-bottom"),
        pytest.param([4, 3, 2, 1], [4, 9, 3, 2, 1], id="one-new-in-the-middle"),
        pytest.param([4, 3, 2, 1], [9, 4, 3, 2], id="one-new-on-top-and-one-gone"),
        pytest.param([4, 3, 2, 1], [8, 7, 6, 5], id="all-different"),
    ],
)
def test_any_other_change_of_the_listing_resets_the_model(
    model: ConversationListModel, old_ids: list[int], new_ids: list[int]
) -> None:
    model.set_conversations(_summaries(old_ids))
    signals = ModelSignals(model)
    refreshed = _summaries(new_ids)

    model.set_conversations(refreshed)

    assert signals.resets == 1
    assert signals.inserted == []
    assert signals.removed == []
    assert signals.changed == []
    assert _shown(model) == _expected(refreshed)
    assert all(model.row_of(summary.id) == row for row, summary in enumerate(refreshed))
    assert all(
        model.row_of(conversation_id) is None for conversation_id in set(old_ids) - set(new_ids)
    )


def _list_view(qtbot: QtBot, model: ConversationListModel) -> QListView:
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    return view


def _select(view: QListView, model: ConversationListModel, conversation_id: int) -> None:
    row = model.row_of(conversation_id)
    assert row is not None
    view.selectionModel().setCurrentIndex(
        model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


def _selected_ids(view: QListView) -> list[int]:
    return [index.data(ConversationIdRole) for index in view.selectionModel().selectedIndexes()]


@pytest.mark.parametrize(
    "refresh",
    [
        pytest.param(
            lambda listing: [
                dataclasses.replace(summary, title="Renamed", updated=summary.updated + 5)
                for summary in listing
            ],
            id="every-row-updated-in-place",
        ),
        pytest.param(lambda listing: [*_summaries([9]), *listing], id="a-new-one-on-top"),
    ],
)
def test_the_selection_and_current_row_follow_their_conversation_through_a_refresh(
    qtbot: QtBot,
    model: ConversationListModel,
    refresh: Callable[[list[ConversationSummary]], list[ConversationSummary]],
) -> None:
    listing = _summaries([4, 3, 2, 1])
    model.set_conversations(listing)
    view = _list_view(qtbot, model)
    _select(view, model, 3)
    assert _selected_ids(view) == [3]
    signals = ModelSignals(model)

    refreshed = refresh(listing)
    model.set_conversations(refreshed)

    assert signals.resets == 0
    assert _selected_ids(view) == [3]
    assert view.currentIndex().data(ConversationIdRole) == 3
    assert view.currentIndex().row() == model.row_of(3)
    assert _shown(model) == _expected(refreshed)


def test_generating_and_unread_marks_change_only_their_rows_and_are_said_to_screen_readers(
    model: ConversationListModel, qtbot: QtBot
) -> None:
    from dynaspark_desktop.ui.widgets.conversation_list import (
        GENERATING,
        UNREAD,
        ActivityRole,
        ConversationDelegate,
    )

    model.set_conversations(_summaries([5, 4, 3, 2, 1]))
    signals = ModelSignals(model)

    model.set_activity(frozenset({4}), frozenset({2}))

    assert sorted(signals.changed) == [(1, 1), (3, 3)]  # rows of 4 and 2, nothing else
    marks = [model.index(row).data(ActivityRole) for row in range(model.rowCount())]
    assert marks == ["", GENERATING, "", UNREAD, ""]
    spoken = [
        str(model.index(row).data(Qt.ItemDataRole.AccessibleTextRole))
        for row in range(model.rowCount())
    ]
    assert "generating an answer" in spoken[1]
    assert "new answer" in spoken[3]
    assert not any("answer" in spoken[row] for row in (0, 2, 4))

    signals.changed.clear()
    model.set_activity(frozenset(), frozenset({4, 2}))  # 4 ended while the user was away
    assert signals.changed == [(1, 1)]
    assert model.index(1).data(ActivityRole) == UNREAD

    # The marks paint (a static glyph, a dot) without error in a real view.
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegate(ConversationDelegate(view))
    view.resize(260, 300)
    view.show()
    assert not view.grab().isNull()


def test_a_conversation_shows_its_models_name_not_its_key(qtbot: QtBot) -> None:
    from dynaspark_desktop.ui.widgets.conversation_list import SubtitleRole

    model = ConversationListModel()
    summary = dataclasses.replace(_summaries([1])[0], model="custom:llama3.2:3b")
    model.set_conversations([summary])
    subtitle = model.data(model.index(0), SubtitleRole)
    assert subtitle.endswith(" · llama3.2:3b")
    assert "custom:" not in subtitle
