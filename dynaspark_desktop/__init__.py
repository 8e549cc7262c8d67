"""Dynaspark Desktop: a native desktop chat client for AI models."""

__version__ = "0.1.0"
APP_NAME = "Dynaspark Desktop"
APP_ID = "dynaspark-desktop"
# The reverse-DNS id desktops know the app by: the .desktop file's name, the icon's name,
# the AppStream id, the Flatpak id and the Wayland app id (QGuiApplication.desktopFileName).
# (APP_ID stays: it names the data folder.)
DESKTOP_ID = "io.dynaspark.Desktop"
