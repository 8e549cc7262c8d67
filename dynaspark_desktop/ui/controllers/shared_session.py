"""The app's one HTTP session: made on first use, inside the running loop, closed at quit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import aiohttp


class SharedSession:
    """One ``aiohttp.ClientSession`` for every request and model listing of the app."""

    def __init__(self) -> None:
        self.current: aiohttp.ClientSession | None = None

    async def get(self) -> aiohttp.ClientSession:
        # Imported and created on first use: start-up does not pay for aiohttp, and the
        # session is born inside the running loop, as aiohttp requires. The import is
        # awaited on a background thread, never done (or waited for) on the UI thread.
        from dynaspark_desktop.ui.base import warm_up

        await warm_up.network_ready()
        import aiohttp

        if self.current is None or self.current.closed:
            if self.current is None:
                # The network stack has just been imported: it lives for the app's life too.
                from dynaspark_desktop.ui.base.main_thread_gc import freeze_long_lived

                freeze_long_lived()
            self.current = aiohttp.ClientSession(trust_env=False)
        return self.current

    async def close(self) -> None:
        if self.current is not None:
            await self.current.close()
            self.current = None
