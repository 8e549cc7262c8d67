"""The Settings window: pages of fields made from the settings' declarations, and what only
it offers (the endpoint's Test, backups, the data folder, the trash)."""
