"""``python -m data <command>``: the atlas's command line for work outside the browser."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data import textes
from data.atlas import Atlas, PlacePoints, open_atlas
from data.catalogue import import_fiches, load_guide, read_fiche_file
from data.config import load_settings
from data.db import make_engine, migrate
from data.seed import SeedError, read_seed
from data.yamlfile import DataFileError


def _progress_bar(fraction: float, message: str) -> None:
    width = 30
    filled = int(width * max(0.0, min(1.0, fraction)))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction * 100:5.1f} % {message[:60]:<60}")
    if fraction >= 1.0:
        sys.stderr.write("\n")
    sys.stderr.flush()


def cmd_init(_args: argparse.Namespace) -> int:
    """Migrate, build the geodata cache, load the guide and the seed."""
    settings = load_settings()
    atlas = open_atlas(settings, progress=_progress_bar)
    print(
        textes.CLI_INIT.format(
            actions=atlas.actions.count(), fiches=len(atlas.guide.fiches), cache=settings.cache_dir
        )
    )
    return 0


def cmd_check_seed(args: argparse.Namespace) -> int:
    """Validate a seed file and print its errors."""
    settings = load_settings()
    path = Path(args.file)
    atlas = Atlas(settings, make_engine("sqlite://"))
    atlas.prepare_geodata(progress=_progress_bar)
    try:
        records = read_seed(path, load_guide(settings.guide_file), atlas.territories, PlacePoints(settings.cache_dir))
    except SeedError as exc:
        for line in exc.report.errors:
            print(line)
        print(textes.CLI_SEED_KO.format(fichier=path.name, n=len(exc.report.errors)))
        return 1
    except DataFileError as exc:
        print(exc)
        return 1
    print(textes.CLI_SEED_OK.format(fichier=path.name, n=len(records)))
    return 0


def cmd_import_fiches(args: argparse.Namespace) -> int:
    """Complete or correct the fiche catalogue from a CSV or YAML file."""
    path = Path(args.file)
    try:
        fiches, report = read_fiche_file(path)
    except DataFileError as exc:
        print(exc)
        return 1
    if not report.ok:
        for line in report.errors:
            print(line)
        return 1
    settings = load_settings()
    engine = make_engine(settings.database_url)
    migrate(engine)
    from data.catalogue import sync_shipped_fiches

    sync_shipped_fiches(engine, load_guide(settings.guide_file).fiches)
    updated, unchanged = import_fiches(engine, fiches)
    print(textes.CLI_FICHES_OK.format(n=len(fiches), crees=updated, inchangees=unchanged))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = argparse.ArgumentParser(prog="python -m data", description=textes.CLI_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="migrer la base, préparer les contours, charger le guide et les actions").set_defaults(
        func=cmd_init
    )
    check = sub.add_parser("check-seed", help="valider un fichier d'actions et afficher ses erreurs")
    check.add_argument("file")
    check.set_defaults(func=cmd_check_seed)
    fiches = sub.add_parser("import-fiches", help="compléter les fiches du guide depuis un fichier CSV ou YAML")
    fiches.add_argument("file")
    fiches.set_defaults(func=cmd_import_fiches)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)
