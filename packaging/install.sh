#!/bin/sh
# Install the one-folder bundle for this user, like any desktop app, or take it away again.
#
#   ./install.sh              (from the unpacked bundle, or packaging/install.sh in a checkout
#                             after python packaging/build.py)
#   ./install.sh --uninstall
#
# Puts the bundle in ~/.local/lib/dynaspark-desktop, a launcher in ~/.local/bin, the icons in
# ~/.local/share/icons/hicolor, the desktop entry (with its image types, for "Open with") in
# ~/.local/share/applications and the AppStream metadata in ~/.local/share/metainfo.
# PREFIX=/some/where installs there instead of ~/.local. Your conversations and settings
# (~/.local/share/Dynaspark) are never touched, not even by --uninstall.
set -eu

APP_ID=io.dynaspark.Desktop
NAME=dynaspark-desktop
PREFIX=${PREFIX:-$HOME/.local}
TARGET=$PREFIX/lib/$NAME
LAUNCHER=$PREFIX/bin/$NAME
SHARE=$PREFIX/share
DESKTOP_FILE=$SHARE/applications/$APP_ID.desktop
METAINFO=$SHARE/metainfo/$APP_ID.metainfo.xml
ICON_SIZES="16 24 32 48 64 128 256 512"

refresh_caches() {
    # Menus learn of the entry and its image types; icon themes of the icons. Optional tools.
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$SHARE/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" 2>/dev/null || true
    fi
}

uninstall() {
    # Only what install put there: the launcher only if it is our link.
    if [ -L "$LAUNCHER" ] && [ "$(readlink "$LAUNCHER")" = "$TARGET/$NAME" ]; then
        rm -f "$LAUNCHER"
    fi
    rm -rf "$TARGET"
    rm -f "$DESKTOP_FILE" "$METAINFO" "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
    for size in $ICON_SIZES; do
        rm -f "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    refresh_caches
    echo "Dynaspark Desktop is uninstalled (your conversations and settings are kept)."
}

find_bundle() {
    here=$(cd "$(dirname "$0")" && pwd)
    if [ -x "$here/$NAME" ] && [ -d "$here/share" ]; then
        BUNDLE=$here
    elif [ -x "$here/../dist/$NAME/$NAME" ]; then
        BUNDLE=$(cd "$here/../dist/$NAME" && pwd)
    else
        echo "No bundle here: run python packaging/build.py first, or run the install.sh" \
            "inside the unpacked bundle." >&2
        exit 1
    fi
}

install_bundle() {
    find_bundle
    if [ "$BUNDLE" = "$TARGET" ]; then
        echo "The bundle is already installed in $TARGET." >&2
        exit 1
    fi
    mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$SHARE/applications" "$SHARE/metainfo"
    # A fresh copy: files of an older version must not linger beside the new ones.
    rm -rf "$TARGET.new"
    cp -a "$BUNDLE" "$TARGET.new"
    rm -rf "$TARGET"
    mv "$TARGET.new" "$TARGET"
    ln -sfn "$TARGET/$NAME" "$LAUNCHER"
    for size in $ICON_SIZES; do
        folder=$SHARE/icons/hicolor/${size}x${size}/apps
        mkdir -p "$folder"
        cp "$BUNDLE/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png" "$folder/"
    done
    mkdir -p "$SHARE/icons/hicolor/scalable/apps"
    cp "$BUNDLE/share/icons/hicolor/scalable/apps/$APP_ID.svg" "$SHARE/icons/hicolor/scalable/apps/"
    # The entry starts this launcher wherever ~/.local/bin is not on PATH.
    sed -e "s|^Exec=$NAME |Exec=\"$LAUNCHER\" |" -e "s|^TryExec=.*|TryExec=$LAUNCHER|" \
        "$BUNDLE/share/applications/$APP_ID.desktop" > "$DESKTOP_FILE"
    cp "$BUNDLE/share/metainfo/$APP_ID.metainfo.xml" "$METAINFO"
    refresh_caches
    echo "Dynaspark Desktop is installed: find it in your applications, or run $LAUNCHER"
}

case "${1:-}" in
    --uninstall) uninstall ;;
    "") install_bundle ;;
    *) echo "usage: $0 [--uninstall]" >&2; exit 2 ;;
esac
