"""The desktop entry, the AppStream metadata, the icons and the Flatpak manifest: one
application id everywhere, image types for "Open with", icons at every standard size."""

from __future__ import annotations

import configparser
import json
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

import pytest
from PySide6.QtGui import QImage

from dynaspark_desktop import DESKTOP_ID
from tests.packaging.support import PACKAGING, REPO_ROOT

DESKTOP_FILE = PACKAGING / f"{DESKTOP_ID}.desktop"
METAINFO = PACKAGING / f"{DESKTOP_ID}.metainfo.xml"
FLATPAK_MANIFEST = PACKAGING / f"{DESKTOP_ID}.json"
ICONS = REPO_ROOT / "resources" / "icons" / "hicolor"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_id_is_reverse_dns() -> None:
    parts = DESKTOP_ID.split(".")
    assert len(parts) >= 3
    assert all(part.isidentifier() for part in parts)


def test_the_desktop_entry_opens_pictures_with_the_app() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Icon"] == DESKTOP_ID
    # %F: every picture chosen in the file manager comes as a path on the command line.
    assert entry["Exec"] == "dynaspark-desktop %F"
    types = [name for name in entry["MimeType"].split(";") if name]
    for wanted in ("image/png", "image/jpeg", "image/gif", "image/webp"):
        assert wanted in types
    assert all(name.startswith("image/") for name in types)
    assert entry["MimeType"].endswith(";")
    assert entry["Categories"].endswith(";")


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="no desktop-file-utils")
def test_the_desktop_entry_is_valid() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_metainfo_names_the_same_app_and_entry() -> None:
    root = ElementTree.parse(METAINFO).getroot()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == DESKTOP_ID
    assert root.findtext("launchable") == DESKTOP_FILE.name
    assert root.findtext("provides/binary") == "dynaspark-desktop"
    media_types = {element.text for element in root.iterfind("provides/mediatype")}
    assert media_types <= set(_desktop_entry()["MimeType"].split(";"))
    for required in ("name", "summary", "description", "metadata_license", "project_license"):
        assert root.find(required) is not None, required


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="no appstream")
def test_the_metainfo_is_valid() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("size", ICON_SIZES)
def test_an_icon_at_each_standard_size(size: int) -> None:
    image = QImage(str(ICONS / f"{size}x{size}" / "apps" / f"{DESKTOP_ID}.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    # Not blank: the middle (the spark) differs from the corner (transparent).
    assert image.pixel(size // 2, size // 2) != image.pixel(0, 0)


def test_the_scalable_icon_is_an_svg() -> None:
    svg = ICONS / "scalable" / "apps" / f"{DESKTOP_ID}.svg"
    assert ElementTree.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_the_flatpak_manifest_builds_the_app_on_the_kde_runtime() -> None:
    manifest = json.loads(FLATPAK_MANIFEST.read_text(encoding="utf-8"))
    for key in ("id", "runtime", "runtime-version", "sdk", "command", "modules", "finish-args"):
        assert key in manifest, key
    assert manifest["id"] == DESKTOP_ID
    assert manifest["runtime"] == "org.kde.Platform"
    assert manifest["sdk"] == "org.kde.Sdk"
    assert manifest["base"] == "io.qt.PySide.BaseApp"
    assert manifest["command"] == "dynaspark-desktop"
    modules = {module["name"]: module for module in manifest["modules"]}
    dependencies = modules["python-dependencies"]
    wheel_names = [source["url"].rsplit("/", 1)[-1].lower() for source in dependencies["sources"]]
    for wanted in ("qasync", "aiohttp", "pillow", "markdown_it_py", "pygments", "keyring"):
        assert any(name.startswith(wanted) for name in wheel_names), wanted
    # PySide6 comes from the baseapp, not from pip.
    assert not any(name.startswith("pyside6") for name in wheel_names)
    for source in dependencies["sources"]:
        assert source["url"].startswith("https://files.pythonhosted.org/")
        assert len(source["sha256"]) == 64
    app_commands = " ".join(modules["dynaspark-desktop"]["build-commands"])
    for installed in (DESKTOP_FILE.name, METAINFO.name, f"{DESKTOP_ID}.svg"):
        assert installed in app_commands
    assert "--socket=wayland" in manifest["finish-args"]
