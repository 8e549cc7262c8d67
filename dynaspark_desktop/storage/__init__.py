"""Persistence (settings now, history later). No Qt here."""
