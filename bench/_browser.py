"""Shared helpers for the benchmarks: a real app server and Debian Chromium (tests/support/app_server.py)."""
from __future__ import annotations

import time
from pathlib import Path

from tests.support.app_server import (  # noqa: F401 - used by the benches
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    start_app,
    wait_health,
)

ROOT = Path(__file__).resolve().parents[1]


def open_map(browser, url: str) -> tuple[float, int, int]:
    """Load ``url`` until the map shows its shapes.

    Returns (seconds, websocket bytes received, bytes of the territory files fetched).
    """
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    received = [0]
    shapes = [0]

    def on_ws(ws) -> None:
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    def on_response(response) -> None:
        if response.url.endswith(".json") and "/component/" in response.url:
            shapes[0] += len(response.body())

    page.on("websocket", on_ws)
    page.on("response", on_response)
    start = time.perf_counter()
    page.goto(url)
    frame = page.frame_locator('iframe[title="components.map.carte_atlas"]')
    frame.locator("path.leaflet-interactive").nth(89).wait_for(timeout=120_000)
    elapsed = time.perf_counter() - start
    page.wait_for_timeout(500)
    page.close()
    return elapsed, received[0], shapes[0]


class WireCounter:
    """A loopback TCP relay in front of an app server that counts the bytes the server sends, as on the wire.

    The DevTools protocol reports websocket messages after decompression; behind this
    relay a compressed websocket is counted at its real size. Connections whose first
    request asks for Streamlit's websocket (``/_stcore/stream``) are counted apart.
    """

    def __init__(self, target_port: int) -> None:
        import asyncio
        import threading

        self.target_port, self.port = target_port, free_port()
        self.websocket = 0
        self.http = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        started = threading.Event()
        threading.Thread(target=self._run, args=(started,), daemon=True).start()
        started.wait(10)

    def _run(self, started) -> None:
        import asyncio

        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._relay, "127.0.0.1", self.port))
        started.set()
        self._loop.run_forever()

    async def _relay(self, client_reader, client_writer) -> None:
        import asyncio

        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        first = await client_reader.read(65536)
        is_websocket = b"/_stcore/stream" in first.split(b"\r\n", 1)[0]
        server_writer.write(first)

        async def pipe(reader, writer, count: bool) -> None:
            try:
                while data := await reader.read(65536):
                    if count:
                        with self._lock:
                            if is_websocket:
                                self.websocket += len(data)
                            else:
                                self.http += len(data)
                    writer.write(data)
                    await writer.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                writer.close()

        await asyncio.gather(pipe(client_reader, server_writer, False), pipe(server_reader, client_writer, True))

    def websocket_bytes(self) -> int:
        """Bytes the server has sent on websocket connections so far."""
        with self._lock:
            return self.websocket
