"""Plain-Python heart of the app: no Qt here (an import-linter contract keeps it so)."""
