"""The virtualised transcript: ``transcript.Transcript`` is its face; the turn column,
turn widgets, answer views and picture views are its parts. Imports only ui.base."""
