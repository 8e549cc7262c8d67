"""Markdown for the chat transcript (pure Python, no Qt)."""
