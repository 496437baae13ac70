"""Commands about indicators: ``fetch-insee``, ``import-indicators`` and ``build-indicators``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data import textes
from data.atlas import open_atlas
from data.cli.common import file_command, missing_file, progress_bar
from data.config import load_settings


def cmd_fetch_insee(args: argparse.Namespace) -> int:
    """Download (or reuse) the INSEE dossier complet and load the catalogue's INSEE indicators."""
    from data.indicators.insee import InseeError, fetch_insee, file_url

    settings = load_settings()
    url = file_url(Path(args.file)) if args.file else (args.url or settings.insee_dossier_url)
    atlas = open_atlas(settings, progress=progress_bar)
    _families, catalogue = atlas.indicator_catalogue
    try:
        report = fetch_insee(
            atlas.indicators, catalogue, atlas.territories, url, settings.insee_folder,
            force=args.force, progress=progress_bar,
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
    from data.indicators.import_plan import ImportOptions
    from data.indicators.imports import apply_import, import_context, prepare_import

    path = Path(args.file)
    if missing_file(path, textes.ERREUR_FICHIER_ABSENT, "read=0 matched=0 unknown=0 invalid=0"):
        return 1
    options = ImportOptions(
        nom=args.nom, unite=args.unite, source=args.source, millesime=args.millesime, niveau=args.niveau,
        code_indicateur=args.code_indicateur, agregation=args.agregation, famille=args.famille,
    )
    atlas = open_atlas(load_settings(), progress=progress_bar)
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


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``fetch-insee`` and ``import-indicators``."""
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
    add_build_command(sub)


def cmd_build_indicators(args: argparse.Namespace) -> int:
    """Check the official source files and write the compact shipped table and its manifest."""

    from data.indicators.catalogue import load_catalogue
    from data.indicators.official import (
        COMPACT_FILE,
        OfficialDataError,
        build,
        official_indicators,
    )
    from geo.territories import Territories

    settings = load_settings()
    folder = args.dossier or settings.indicator_sources
    _families, catalogue = load_catalogue(settings.indicators_file)
    try:
        info = build(Path(folder), catalogue, Territories.load())
    except OfficialDataError as exc:
        print(exc)
        return 1
    print(
        textes.OFFICIEL_CONSTRUIT.format(
            lignes=info["lignes"], fichier=COMPACT_FILE.name, ko=COMPACT_FILE.stat().st_size // 1024,
            indicateurs=len(official_indicators(catalogue)),
        )
    )
    return 0


def add_build_command(sub: argparse._SubParsersAction) -> None:
    """Register ``build-indicators``."""
    build = sub.add_parser("build-indicators", help="construire le fichier compact des statistiques publiques livrées")
    build.add_argument("--dossier", help="dossier des fichiers sources (défaut : data/shipped/sources-indicateurs, ou ATLAS_INDICATEURS_SOURCES)")
    build.set_defaults(func=cmd_build_indicators)
