"""A real `streamlit run app.py` server and the Chromium settings, for tests and benches."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(env_overrides: dict[str, str], port: int, log: IO | int = subprocess.DEVNULL) -> subprocess.Popen:
    """Start `streamlit run app.py` on ``port`` with ``env_overrides`` (returns at once)."""
    return subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        ],
        cwd=ROOT, env={**os.environ, **env_overrides}, stdout=log, stderr=subprocess.STDOUT,
    )


def wait_health(url: str, timeout: float = 120) -> bool:
    """Wait until the server at ``url`` answers its health check; False after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.read() == b"ok":
                    return True
        except OSError:
            time.sleep(0.1)
    return False


@contextmanager
def serve_app(tmp: Path, env_overrides: dict[str, str], timeout: float = 60) -> Iterator[str]:
    """Run the app on a free loopback port with ``env_overrides``; yield its URL, stop it after."""
    port = free_port()
    log_path = tmp / f"streamlit-{port}.log"
    with open(log_path, "w") as log:
        proc = start_app(env_overrides, port, log)
        url = f"http://127.0.0.1:{port}"
        try:
            if not wait_health(url, timeout):
                raise RuntimeError(log_path.read_text())
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=20)
