"""Qt widgets and the controller that drives a chat turn."""
