"""What the one-folder bundle leaves out, and the app's own files it adds.

Read by the PyInstaller spec (``dynaspark-desktop.spec``) and by the tests: plain Python,
no PyInstaller import. Paths are the bundle's destination names, e.g.
``PySide6/Qt/plugins/platforms/libqxcb.so`` or ``PySide6/Qt/translations/qtbase_de.qm``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path

# Python modules the app never imports (PyInstaller's hooks may pull some in by themselves).
EXCLUDED_MODULES = [
    "tkinter",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtPrintSupport",
    "PySide6.QtDBus",
    "PySide6.QtConcurrent",
    "PySide6.QtTest",
    "PySide6.QtXml",
    "PySide6.QtSvg",
    "PySide6.QtSvgWidgets",
    "PySide6.QtUiTools",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    # Pillow's text drawing (FreeType, HarfBuzz), colour management (LittleCMS) and Tk and
    # Qt bridges: the app opens, turns, scales and encodes pictures, nothing more.
    "PIL.ImageFont",
    "PIL._imagingft",
    "PIL.ImageCms",
    "PIL._imagingcms",
    "PIL.ImageTk",
    "PIL._imagingtk",
    "PIL.ImageQt",
    # 11 MB, for SecretStorage's AES alone: packaging/cryptography_shim.py stands in for it
    # (cffi went with it).
    "cryptography",
    "cffi",
    "_cffi_backend",
]

# Qt libraries (libQt6<Name>.so.6) no module the app loads needs.
_UNUSED_QT_LIBRARIES = re.compile(
    r"libQt6(Network|Qml\w*|Quick\w*|Pdf\w*|WebEngine\w*|Sql|Test|Designer\w*|UiTools|Help"
    r"|VirtualKeyboard\w*|Lottie\w*|WaylandCompositor\w*|Concurrent|Xml|PrintSupport"
    r"|ShaderTools|Charts\w*|DataVisualization\w*|Graphs\w*|3D\w*|Multimedia\w*"
    r"|Positioning\w*|Location|Sensors\w*|SerialPort|Bluetooth|Nfc|WebSockets|WebChannel\w*"
    r"|RemoteObjects\w*|Scxml\w*|StateMachine\w*|TextToSpeech|SpatialAudio|HttpServer"
    r"|EglFS\w*|EglFsKms\w*|WlShellIntegration)\.so"
)
# PySide6's Python extension modules for those libraries.
_UNUSED_BINDINGS = re.compile(r"^PySide6/Qt(?!Core\.|Gui\.|Widgets\.)\w+\.(abi3\.)?so")
# Plugin folders the app needs; every other folder under plugins/ goes.
_KEPT_PLUGIN_FOLDERS = {
    "platforms",
    "platformthemes",
    "platforminputcontexts",
    "xcbglintegrations",
    "iconengines",  # desktop icon themes are SVG (the file dialog's icons)
    "imageformats",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-shell-integration",
}
# Within the kept folders, plugins the app does not use.
_UNUSED_PLUGINS = {
    # Pillow decodes every picture and hands Qt a PNG (built into QtGui); SVG stays for
    # the icon theme.
    "imageformats": {
        "libqgif.so",
        "libqicns.so",
        "libqico.so",
        "libqjpeg.so",
        "libqpdf.so",
        "libqtga.so",
        "libqtiff.so",
        "libqwbmp.so",
        "libqwebp.so",
    },
    # Desktops, the offscreen self-check and the minimal platform; no frame buffers or VNC.
    "platforms": {
        "libqeglfs.so",
        "libqlinuxfb.so",
        "libqminimalegl.so",
        "libqvkkhrdisplay.so",
        "libqvnc.so",
    },
    "platforminputcontexts": {"libqtvirtualkeyboardplugin.so"},
    # The GTK theme plugin would bring GTK 3, Cairo and Pango along (~25 MB); the portal
    # theme gives the desktop's own file dialogs without them.
    "platformthemes": {"libqgtk3.so"},
    # A Wayland client needs xdg-shell; the others are for embedded compositors.
    "wayland-shell-integration": {
        "libfullscreen-shell-v1.so",
        "libivi-shell.so",
        "libqt-shell.so",
        "libwl-shell-plugin.so",
    },
    # Buffer sharing between a compositor and its own clients, not an app's business.
    "wayland-graphics-integration-client": {
        "libdmabuf-server.so",
        "libdrm-egl-server.so",
        "libshm-emulation-server.so",
        "libvulkan-server.so",
    },
}
_PLUGIN_PATH = re.compile(r"^PySide6/Qt/plugins/([^/]+)/([^/]+)$")
_QT_TRANSLATION = re.compile(r"^PySide6/Qt/translations/\w+?_([a-z]{2}(?:_[A-Z]{2})?)\.qm$")


# Libraries every Linux desktop has, taken from the system rather than carried (as AppImage's
# exclude list does): a copy from the build machine can clash with the desktop's own (a
# fontconfig older than the system's fonts.conf; a GLib or D-Bus older than the session's).
# A missing one is named, with its package, by dynaspark_desktop/platform_check.py.
# The C++ runtime too: the build machine's libstdc++ needs a newer glibc than the rest of the
# bundle (2.36, Debian 12's, against libpython's 2.35) and can be older than the one the
# desktop's own GL driver needs, loaded into the same process; Qt asks for GLIBCXX_3.4.29
# (GCC 11), which every system with glibc 2.35 has.
_DESKTOP_SYSTEM_LIBRARY = re.compile(
    r"^lib(X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|xcb(-[\w-]+)?|xkbcommon(-x11)?|fontconfig"
    r"|freetype|expat|z|glib-2\.0|gobject-2\.0|gthread-2\.0|gio-2\.0|gmodule-2\.0|pcre2-8"
    r"|dbus-1|systemd|gcrypt|gpg-error|lz4|zstd|cap|bsd|md|png16|brotli(common|dec)"
    r"|EGL|GL|GLX|GLdispatch|OpenGL|stdc\+\+|gcc_s)\.so(\.[\d.]+)?$"
)


def keep_binary(destination: str) -> bool:
    """Whether a shared library or plugin (by its place in the bundle) goes in."""
    name = destination.replace("\\", "/")
    if _DESKTOP_SYSTEM_LIBRARY.match(name):
        return False
    if _UNUSED_QT_LIBRARIES.search(name.rsplit("/", 1)[-1]):
        return False
    if _UNUSED_BINDINGS.match(name):
        return False
    plugin = _PLUGIN_PATH.match(name)
    if plugin is not None:
        folder, file_name = plugin.groups()
        if folder not in _KEPT_PLUGIN_FOLDERS:
            return False
        return file_name not in _UNUSED_PLUGINS.get(folder, set())
    return True


def app_languages(root: Path) -> set[str]:
    """The languages the app is translated to: its compiled ``*_xx.qm`` (or ``xx.qm``) files."""
    languages = set()
    for qm in _app_translations(root):
        match = re.search(r"(?:^|_)([a-z]{2}(?:_[A-Z]{2})?)$", qm.stem)
        if match:
            languages.add(match.group(1))
    return languages


def keep_data(destination: str, root: Path) -> bool:
    """Whether a data file goes in: Qt's own base translations only for the app's languages."""
    name = destination.replace("\\", "/")
    translation = _QT_TRANSLATION.match(name)
    if translation is not None:
        # Only Qt's base strings (standard buttons, file dialog): no Designer, Help or QML.
        if not posixpath.basename(name).startswith("qtbase_"):
            return False
        language = translation.group(1)
        wanted = app_languages(root)
        return language in wanted or language.split("_")[0] in wanted
    if name.startswith("PySide6/Qt/translations/"):
        return False
    # PyInstaller lists the links it makes to libraries (libQt6Network.so.6 beside the
    # executable) among the data: a link to a library left out goes too.
    return keep_binary(name)


def _app_translations(root: Path) -> list[Path]:
    """Compiled translations: resources/translations/*.qm and any .qm in the package."""
    found = sorted((root / "resources" / "translations").glob("*.qm"))
    found += sorted((root / "dynaspark_desktop").rglob("*.qm"))
    return found


def app_data_files(root: Path) -> list[tuple[str, str]]:
    """(source, folder in the bundle) of the app's own files: the package's data (icons,
    translations) where the code looks for them, and resources/ (app icons, translations)."""
    data: list[tuple[str, str]] = []
    package = root / "dynaspark_desktop"
    for pattern in ("*.png", "*.qm", "*.svg"):
        for path in sorted(package.rglob(pattern)):
            data.append((str(path), str(path.parent.relative_to(root))))
    resources = root / "resources"
    for path in sorted(resources.rglob("*")):
        if (
            path.is_file()
            and path.suffix in {".png", ".svg", ".qm"}
            and path.name != ("screenshot.png")
        ):
            data.append((str(path), str(path.parent.relative_to(root))))
    return data


_TOP_LEVEL_LIBRARY = re.compile(r"^lib[^/]*\.so(\.[\d.]+)?$")


def prune_unneeded_libraries(
    binaries: list[tuple[str, str, str]], libraries_needed_by: Callable[[str], set[str]]
) -> list[tuple[str, str, str]]:
    """Drop the system libraries (``libfoo.so.1`` beside the executable) that only a plugin
    left out needed: PyInstaller gathers them before the spec leaves the plugin out.

    ``binaries`` are PyInstaller's (destination, source, kind) entries;
    ``libraries_needed_by(source)`` names every library a binary loads, directly or not
    (``ldd``'s answer). Python itself is always kept: the executable loads it by path.
    """
    needed: set[str] = set()
    for destination, source, _kind in binaries:
        if not _TOP_LEVEL_LIBRARY.match(destination):
            needed |= libraries_needed_by(source)
    return [
        entry
        for entry in binaries
        if not _TOP_LEVEL_LIBRARY.match(entry[0])
        or entry[0].startswith("libpython")
        or entry[0] in needed
    ]


def drop_dangling_links(
    datas: list[tuple[str, str, str]], binaries: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """The data entries without the links (``SYMLINK``: destination, relative target)
    whose target is not in the bundle any more."""
    present = {entry[0].replace("\\", "/") for entry in [*datas, *binaries]}
    kept = []
    for entry in datas:
        destination, target, kind = entry
        if kind == "SYMLINK":
            folder = posixpath.dirname(destination.replace("\\", "/"))
            if posixpath.normpath(posixpath.join(folder, target)) not in present:
                continue
        kept.append(entry)
    return kept


# PyInstaller's runtime hooks run before the app, at every launch. These two serve features
# the app never uses, yet import their modules first (multiprocessing and its spawn helper,
# pkgutil: ~7 ms of CPU the source install does not pay): the app starts no subprocess
# interpreter and lists no package's modules with pkgutil.
UNNEEDED_RUNTIME_HOOKS = frozenset({"pyi_rth_multiprocessing", "pyi_rth_pkgutil"})


def keep_script(name: str) -> bool:
    """Whether the bundle runs the script ``name`` (a runtime hook or the entry point)."""
    return name not in UNNEEDED_RUNTIME_HOOKS
