"""QObjects that own async work, threads and state, and no widgets: chat, history,
attachments, the model catalog, image generation. Import only ui.base."""
