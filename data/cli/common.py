"""Helpers shared by every group of commands: French parser, progress bar and file sub-commands."""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from data import textes


class FrenchHelpFormatter(argparse.HelpFormatter):
    """argparse's help with a French « utilisation : » line."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        """The usage line, prefixed in French."""
        super().add_usage(usage, actions, groups, textes.CLI_UTILISATION if prefix is None else prefix)


def translate_argparse(message: str) -> str:
    """argparse's English error message in French (unknown wordings are kept as they are)."""
    for pattern, french in textes.CLI_ARGPARSE_MESSAGES:
        message = re.sub(pattern, french, message)
    return message


class FrenchArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose own texts (usage, help, errors) are in French; sub-commands inherit it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = textes.CLI_ARGUMENTS
        self._optionals.title = textes.CLI_OPTIONS
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=textes.CLI_AIDE)

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error in French, then exit with status 2 (as argparse does)."""
        self.print_usage(sys.stderr)
        self.exit(2, textes.CLI_ERREUR.format(prog=self.prog, message=translate_argparse(message)))


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
