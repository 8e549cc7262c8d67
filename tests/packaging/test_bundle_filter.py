"""What the one-folder bundle leaves out (read by the PyInstaller spec): unused Qt modules and
plugins, image formats Pillow decodes, Qt translations of languages the app is not in."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.packaging.support import REPO_ROOT, load_script

bundle_filter = load_script("bundle_filter")


@pytest.mark.parametrize(
    "destination",
    [
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6QmlModels.so.6",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/Qt/lib/libQt6WebEngineCore.so.6",
        "libQt6Network.so.6",
        "PySide6/QtNetwork.abi3.so",
        "PySide6/QtQml.abi3.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/imageformats/libqwebp.so",
        "PySide6/Qt/plugins/imageformats/libqgif.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
        "PySide6/Qt/plugins/qmltooling/libqmldbg_tcp.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    ],
)
def test_what_the_app_does_not_use_is_left_out(destination: str) -> None:
    assert not bundle_filter.keep_binary(destination)


@pytest.mark.parametrize(
    "destination",
    [
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "PySide6/QtCore.abi3.so",
        "PySide6/QtGui.abi3.so",
        "PySide6/QtWidgets.abi3.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "libpython3.11.so.1.0",
    ],
)
def test_what_the_app_needs_stays(destination: str) -> None:
    assert bundle_filter.keep_binary(destination)


def test_qt_translations_follow_the_apps_own(tmp_path: Path) -> None:
    german = "PySide6/Qt/translations/qtbase_de.qm"
    russian = "PySide6/Qt/translations/qtbase_ru.qm"
    # No translation of the app yet: no Qt translation either.
    assert not bundle_filter.keep_data(russian, tmp_path)
    assert not bundle_filter.keep_data("PySide6/Qt/translations/qt_help_ru.qm", tmp_path)
    assert bundle_filter.keep_data("dynaspark_desktop/ui/base/icons/send.png", tmp_path)
    # A Russian translation of the app lands: Qt's Russian comes along, German still not.
    folder = tmp_path / "resources" / "translations"
    folder.mkdir(parents=True)
    (folder / "dynaspark_desktop_ru.qm").write_bytes(b"qm")
    assert bundle_filter.app_languages(tmp_path) == {"ru"}
    assert bundle_filter.keep_data(russian, tmp_path)
    assert not bundle_filter.keep_data(german, tmp_path)
    # Only Qt's base strings: no Designer, Help or Qt Quick translations.
    assert not bundle_filter.keep_data("PySide6/Qt/translations/qt_help_ru.qm", tmp_path)
    assert not bundle_filter.keep_data("PySide6/Qt/translations/qtdeclarative_ru.qm", tmp_path)
    added = [source for source, _folder in bundle_filter.app_data_files(tmp_path)]
    assert str(folder / "dynaspark_desktop_ru.qm") in added


def test_the_apps_own_files_are_added_where_the_code_looks_for_them() -> None:
    data = bundle_filter.app_data_files(REPO_ROOT)
    folders = {Path(source).name: folder for source, folder in data}
    assert folders["send.png"] == "dynaspark_desktop/ui/base/icons"
    assert folders["io.dynaspark.Desktop.svg"] == "resources/icons/hicolor/scalable/apps"
    assert "screenshot.png" not in folders


def test_libraries_only_a_left_out_plugin_needed_are_pruned() -> None:
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0", "BINARY"),
        ("libgtk-3.so.0", "/usr/lib/libgtk-3.so.0", "BINARY"),
        ("libpython3.11.so.1.0", "/usr/lib/libpython3.11.so.1.0", "BINARY"),
        ("_cffi_backend.cpython-311-x86_64-linux-gnu.so", "/src/_cffi.so", "EXTENSION"),
    ]
    needs = {"/src/libqxcb.so": {"libxcb-cursor.so.0", "libc.so.6"}}
    kept = bundle_filter.prune_unneeded_libraries(binaries, lambda s: needs.get(s, set()))
    assert [entry[0] for entry in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "libxcb-cursor.so.0",
        "libpython3.11.so.1.0",
        "_cffi_backend.cpython-311-x86_64-linux-gnu.so",
    ]


def test_links_to_libraries_left_out_are_dropped() -> None:
    binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "/src/core", "BINARY")]
    datas = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("dynaspark_desktop/ui/base/icons/send.png", "/src/send.png", "DATA"),
    ]
    kept = bundle_filter.drop_dangling_links(datas, binaries)
    assert [entry[0] for entry in kept] == [
        "libQt6Core.so.6",
        "dynaspark_desktop/ui/base/icons/send.png",
    ]


@pytest.mark.parametrize(
    ("destination", "kept"),
    [
        ("libX11.so.6", False),
        ("libxcb-cursor.so.0", False),
        ("libfontconfig.so.1", False),
        ("libglib-2.0.so.0", False),
        ("libdbus-1.so.3", False),
        ("libEGL.so.1", False),
        ("libstdc++.so.6", False),
        ("libgcc_s.so.1", False),
        # Not every desktop has these (or not this version): carried.
        ("libssl.so.3", True),
        ("libsqlite3.so.0", True),
        # Pillow's own copies, renamed by their hash, stay with Pillow.
        ("pillow.libs/libxcb-9065bb12.so.1.1.0", True),
    ],
)
def test_libraries_every_desktop_has_come_from_the_system(destination: str, kept: bool) -> None:
    assert bundle_filter.keep_binary(destination) is kept


def test_only_the_runtime_hooks_the_app_needs_run_at_launch() -> None:
    # multiprocessing's and pkgutil's hooks import their modules at every launch, for nothing.
    assert not bundle_filter.keep_script("pyi_rth_multiprocessing")
    assert not bundle_filter.keep_script("pyi_rth_pkgutil")
    # The keyring's cryptography shim, PySide6's plugin paths and the app itself stay.
    for needed in ("pyi_rth_cryptography_shim", "pyi_rth_pyside6", "pyi_rth_inspect", "entry"):
        assert bundle_filter.keep_script(needed), needed
