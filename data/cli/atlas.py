"""Commands about the atlas itself: ``init``, ``check-seed``, ``import-fiches``."""
from __future__ import annotations

import argparse
from pathlib import Path

from data import textes
from data.actions.coverage import (
    CoverageRow,
    compute_coverage,
    coverage_lines,
    same_action_pairs,
)
from data.actions.seed import SeedError, read_seed
from data.atlas import Atlas, PlacePoints, open_atlas
from data.cli.common import file_command, progress_bar
from data.config import load_settings
from data.files.yamlfile import DataFileError
from data.guide.catalogue import (
    import_fiches,
    load_guide,
    read_fiche_file,
    sync_shipped_fiches,
)
from data.store.db import make_engine, migrate


def cmd_init(_args: argparse.Namespace) -> int:
    """Migrate, build the geodata cache, load the guide and the seed."""
    settings = load_settings()
    atlas = open_atlas(settings, progress=progress_bar)
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
    atlas.prepare_geodata(progress=progress_bar)
    guide = load_guide(settings.guide_file)
    try:
        records = read_seed(path, guide, atlas.territories, PlacePoints(settings.cache_dir))
    except SeedError as exc:
        for line in exc.report.errors:
            print(line)
        print(textes.CLI_SEED_KO.format(fichier=path.name, n=len(exc.report.errors)))
        return 1
    except DataFileError as exc:
        print(exc)
        return 1
    pairs = same_action_pairs(records)
    for first, second in pairs:
        print(textes.CLI_SEED_MEME_ACTION.format(premiere=first, seconde=second))
    if pairs:
        print(textes.CLI_SEED_KO.format(fichier=path.name, n=len(pairs)))
        return 1
    print(textes.CLI_SEED_OK.format(fichier=path.name, n=len(records)))
    coverage = compute_coverage((CoverageRow.from_record(r) for r in records), atlas.territories, guide.methodes)
    print(textes.CLI_COUVERTURE)
    for line in coverage_lines(coverage):
        print(f"  {line}")
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
    sync_shipped_fiches(engine, load_guide(settings.guide_file).fiches)
    updated, unchanged = import_fiches(engine, fiches)
    print(textes.CLI_FICHES_OK.format(n=len(fiches), crees=updated, inchangees=unchanged))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``init``, ``check-seed`` and ``import-fiches``."""
    sub.add_parser("init", help="migrer la base, préparer les contours, charger le guide et les actions").set_defaults(
        func=cmd_init
    )
    file_command(sub, "check-seed", "valider un fichier d'actions, afficher ses erreurs ou sa couverture", cmd_check_seed)
    file_command(sub, "import-fiches", "compléter les fiches du guide depuis un fichier CSV ou YAML", cmd_import_fiches)
