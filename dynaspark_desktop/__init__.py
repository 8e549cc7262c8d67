"""Dynaspark Desktop: a native desktop chat client for AI models."""

__version__ = "0.1.0"
APP_NAME = "Dynaspark Desktop"
APP_ID = "dynaspark-desktop"
