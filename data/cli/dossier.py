"""``python -m data dossier <niveau>:<code> FICHIER.pdf``: a territory's printable dossier."""
from __future__ import annotations

import argparse
from pathlib import Path

from data import textes
from data.atlas import Atlas
from data.config import load_settings
from data.indicators.profile import parse_ref
from data.store.db import make_engine, migrate


def cmd_dossier(args: argparse.Namespace) -> int:
    """Write the PDF dossier of one territory."""
    from data.dossier.pdf import write_dossier

    settings = load_settings()
    engine = make_engine(settings.database_url)
    migrate(engine)
    atlas = Atlas(settings, engine)
    atlas.prepare_geodata()
    ref = parse_ref(args.territoire, atlas.territories)
    if ref is None:
        print(textes.DOSSIER_TERRITOIRE_INCONNU.format(ref=args.territoire[:40]))
        return 1
    path = write_dossier(atlas, *ref, Path(args.fichier), base_url=args.adresse or "")
    territory = atlas.territories.get(*ref)
    print(textes.CLI_DOSSIER_OK.format(territoire=territory.label, fichier=path, ko=round(path.stat().st_size / 1024)))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``dossier``."""
    command = sub.add_parser("dossier", help=textes.CLI_DOSSIER_AIDE)
    command.add_argument("territoire", metavar="NIVEAU:CODE")
    command.add_argument("fichier", metavar="FICHIER.pdf")
    command.add_argument("--adresse", help=textes.CLI_DOSSIER_ADRESSE)
    command.set_defaults(func=cmd_dossier)
