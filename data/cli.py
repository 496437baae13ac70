"""``python -m data <command>``: the atlas's command line for work outside the browser."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
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


def cmd_fetch_insee(args: argparse.Namespace) -> int:
    """Download (or reuse) the INSEE dossier complet and load the catalogue's INSEE indicators."""
    from data.insee import InseeError, fetch_insee, file_url

    settings = load_settings()
    url = file_url(Path(args.file)) if args.file else (args.url or settings.insee_dossier_url)
    atlas = open_atlas(settings, progress=_progress_bar)
    _families, catalogue = atlas.indicator_catalogue
    try:
        report = fetch_insee(
            atlas.indicators, catalogue, atlas.territories, url, settings.insee_folder,
            force=args.force, progress=_progress_bar,
        )
    except InseeError as exc:
        sys.stderr.write("\n")
        print(exc)
        return 1
    for line in report.lines():
        print(line)
    print(textes.CLI_INSEE_OK.format(n=len(report.loaded), millesime=report.millesime))
    return 0


def cmd_import_indicators(args: argparse.Namespace) -> int:
    """Import indicator values from a CSV or XLSX file (report first; --dry-run writes nothing)."""
    from data.indicator_import import ImportOptions, apply_import, import_context, prepare_import

    path = Path(args.file)
    if not path.is_file():
        print(textes.ERREUR_FICHIER_ABSENT.format(fichier=path))
        print("read=0 matched=0 unknown=0 invalid=0")
        return 1
    options = ImportOptions(
        nom=args.nom, unite=args.unite, source=args.source, millesime=args.millesime, niveau=args.niveau,
        code_indicateur=args.code_indicateur, agregation=args.agregation, famille=args.famille,
    )
    atlas = open_atlas(load_settings(), progress=_progress_bar)
    territories, existing, families = import_context(atlas)
    plan = prepare_import(path.name, path.read_bytes(), options, territories, existing, families)
    for line in plan.lines():
        print(line)
    if not plan.ok:
        print(textes.CLI_IMPORT_BLOQUE)
        status = 1
    elif args.dry_run:
        print(textes.CLI_IMPORT_SIMULATION)
        status = 0
    else:
        for result in apply_import(plan, atlas.indicators):
            print(
                textes.IMPORT_SUCCES_INDICATEUR.format(
                    code=result.code, millesime=result.millesime, ecrites=result.written, inchangees=result.unchanged
                )
            )
        status = 0
    print(plan.summary())
    return status


def file_command(
    sub: argparse._SubParsersAction, name: str, help_text: str, func: Callable[[argparse.Namespace], int]
) -> argparse.ArgumentParser:
    """Register a sub-command taking a ``file`` argument; returns it for more options."""
    command = sub.add_parser(name, help=help_text)
    command.add_argument("file")
    command.set_defaults(func=func)
    return command


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = argparse.ArgumentParser(prog="python -m data", description=textes.CLI_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="migrer la base, préparer les contours, charger le guide et les actions").set_defaults(
        func=cmd_init
    )
    file_command(sub, "check-seed", "valider un fichier d'actions et afficher ses erreurs", cmd_check_seed)
    file_command(sub, "import-fiches", "compléter les fiches du guide depuis un fichier CSV ou YAML", cmd_import_fiches)
    insee = sub.add_parser("fetch-insee", help="télécharger le dossier complet de l'INSEE et charger ses indicateurs")
    insee.add_argument("--url", help="adresse de l'archive (défaut : ATLAS_INSEE_DOSSIER_URL)")
    insee.add_argument("--file", help="archive ou CSV déjà présent sur le disque")
    insee.add_argument("--force", action="store_true", help="télécharger à nouveau même si l'archive est en cache")
    insee.set_defaults(func=cmd_fetch_insee)
    imp = file_command(sub, "import-indicators", "importer des indicateurs depuis un fichier CSV ou XLSX", cmd_import_indicators)
    imp.add_argument("--dry-run", action="store_true", help="afficher le rapport sans rien écrire")
    imp.add_argument("--nom", help="nom de l'indicateur")
    imp.add_argument("--unite", help="unité (%%, hab., €…)")
    imp.add_argument("--source", help="source des données")
    imp.add_argument("--millesime", help="année des données (2021, ou 2019-2021)")
    imp.add_argument("--niveau", choices=["commune", "epci", "departement", "region"], help="niveau des codes")
    imp.add_argument("--code-indicateur", help="code de l'indicateur (défaut : tiré du nom)")
    imp.add_argument("--agregation", choices=["aucune", "somme"], default="aucune", help="somme : additionner les communes")
    imp.add_argument("--famille", help="famille d'indicateurs du catalogue")
    from data.cli_contrib import add_commands

    add_commands(sub)  # accounts, import-actions, export-actions
    from data.cli_trust import add_commands as add_trust_commands

    add_trust_commands(sub)  # backup, restore
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)
