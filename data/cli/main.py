"""``python -m data <command>``: the atlas's command line for work outside the browser."""
from __future__ import annotations

import argparse

from data import textes
from data.cli import atlas, contributions, dossier, indicators, trust
from data.cli.common import FrenchArgumentParser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = FrenchArgumentParser(prog="python -m data", description=textes.CLI_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True, metavar=textes.CLI_COMMANDE, title=textes.CLI_COMMANDES)
    for group in (atlas, indicators, contributions, trust, dossier):
        group.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)
