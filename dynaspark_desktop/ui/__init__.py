"""The Qt side of the app, in rooms (see ARCHITECTURE.md): ``window`` composes;
``provider_setup`` sits on the rest; ``controllers``, ``transcript`` and ``widgets`` are
independent of each other; ``base`` holds Qt helpers that know nothing of chats."""
