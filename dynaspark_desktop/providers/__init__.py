"""Backends that answer chat messages. No Qt here."""
