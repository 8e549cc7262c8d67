"""Export, import and attach dialogs open in the folder the last one was left in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from tests.ui.conftest import Harness, wait_until


def _dialog(window: object, name: str) -> QFileDialog:
    dialog = window.findChild(QFileDialog, name)
    assert dialog is not None, name
    return dialog


def test_dialogs_open_in_the_last_folder_and_remember_the_next(
    harness: Harness, tmp_path: Path
) -> None:
    first, second = tmp_path / "pictures", tmp_path / "exports"
    first.mkdir()
    second.mkdir()
    app = harness.start_app()
    window = app.window
    app.settings.set("last_folder", str(first))

    async def scenario() -> None:
        await wait_until(lambda: app.navigator is not None)
        window.attach_actions.choose_image_file()
        attach = _dialog(window, "attachDialog")
        assert Path(attach.directory().absolutePath()) == first
        attach.reject()

        assert app.navigator is not None
        app.navigator.choose_import_path()
        dialog = _dialog(window, "importDialog")
        assert Path(dialog.directory().absolutePath()) == first
        chosen = second / "archive.zip"
        chosen.write_bytes(b"not really a zip")
        dialog.fileSelected.emit(str(chosen))
        assert app.settings.get("last_folder") == str(second)
        dialog.reject()

        app.navigator.choose_export_all_path()
        export = _dialog(window, "exportDialog")
        assert Path(export.directory().absolutePath()) == second
        export.reject()

        # A folder that has gone away: the home folder instead.
        app.settings.set("last_folder", str(tmp_path / "gone"))
        app.navigator.choose_import_path()
        dialogs = window.findChildren(QFileDialog, "importDialog")
        assert Path(dialogs[-1].directory().absolutePath()) == Path.home()
        dialogs[-1].reject()

    harness.run(scenario())
