"""Helpers shared by every group of commands: progress bar and file sub-commands."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def progress_bar(fraction: float, message: str) -> None:
    """Draw a progress bar on standard error (the command line's progress callback)."""
    width = 30
    filled = int(width * max(0.0, min(1.0, fraction)))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction * 100:5.1f} % {message[:60]:<60}")
    if fraction >= 1.0:
        sys.stderr.write("\n")
    sys.stderr.flush()


def file_command(
    sub: argparse._SubParsersAction, name: str, help_text: str, func: Callable[[argparse.Namespace], int]
) -> argparse.ArgumentParser:
    """Register a sub-command taking a ``file`` argument; returns it for more options."""
    command = sub.add_parser(name, help=help_text)
    command.add_argument("file")
    command.set_defaults(func=func)
    return command


def missing_file(path: Path, message: str, counts: str) -> bool:
    """Print ``message`` and the zero ``counts`` line when ``path`` is not a file; True then."""
    if path.is_file():
        return False
    print(message.format(fichier=path))
    print(counts)
    return True
