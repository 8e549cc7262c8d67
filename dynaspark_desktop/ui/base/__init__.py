"""Qt helpers that know nothing of chats: style, icons, safe text, thumbnails, notices,
file dialogs, image intake, background work, the translators and Qt's own messages. Imports
nothing else of ui/."""
