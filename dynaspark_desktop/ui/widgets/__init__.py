"""The app's widgets: they show data and emit ``...Requested`` signals; no async work,
no controller. They import only ui.base below them."""
