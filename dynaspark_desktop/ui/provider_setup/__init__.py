"""The "Models and providers" window and its own controller. May import controllers,
transcript, widgets and base; nothing imports it but ui.window."""
