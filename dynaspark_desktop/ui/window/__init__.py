"""Composition: the only room that knows both widgets and controllers (the main window,
the navigator, the model presenter, turn and picture actions, the send-path paint)."""
