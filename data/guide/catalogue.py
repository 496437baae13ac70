"""The guide's catalogue: fiches, methods, publics and annex illustrations.

Methods, publics and illustrations are read from the shipped YAML file. Fiches
live in the database so that an administrator can complete their titles from the
official guide (``python -m data import-fiches FILE``) and every page shows it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from data import textes
from data.actions.models import (
    FICHE_COUNT,
    FICHE_STATUSES,
    Fiche,
    Illustration,
    LoadReport,
    Methode,
    Public,
)
from data.files.yamlfile import (
    DataFileError,
    Row,
    csv_rows,
    error,
    read_text,
    yaml_rows,
)
from data.store import schema
from data.store.db import write_transaction
from data.validation import check_text, check_url, clean_text, parse_int


@dataclass(frozen=True)
class Guide:
    """Static description of the guide and its vocabularies."""

    titre: str
    editeur: str
    annee: int
    url: str
    sources: tuple[tuple[str, str], ...]
    nombre_illustrations: int
    methodes: tuple[Methode, ...]
    publics: tuple[Public, ...]
    illustrations: tuple[Illustration, ...]
    fiches: tuple[Fiche, ...]

    def methode(self, slug: str) -> Methode | None:
        """The method with this slug."""
        return next((m for m in self.methodes if m.slug == slug), None)

    def public(self, slug: str) -> Public | None:
        """The public with this slug."""
        return next((p for p in self.publics if p.slug == slug), None)

    def illustration(self, slug: str) -> Illustration | None:
        """The annex illustration with this slug."""
        return next((i for i in self.illustrations if i.slug == slug), None)


def load_guide(path: Path) -> Guide:
    """Read the shipped guide file."""
    data = yaml.safe_load(read_text(path))
    head = data["guide"]
    fiches, report = parse_fiches(path, yaml_rows(path, "fiches"))
    if not report.ok:
        raise DataFileError("\n".join(report.errors))
    return Guide(
        titre=head["titre"],
        editeur=head["editeur"],
        annee=int(head["annee"]),
        url=head["url"],
        sources=tuple((s["url"], s["titre"]) for s in head.get("sources", [])),
        nombre_illustrations=int(head["nombre_illustrations"]),
        methodes=tuple(Methode(m["slug"], m["libelle"], m.get("description", "")) for m in data["methodes"]),
        publics=tuple(Public(p["slug"], p["libelle"]) for p in data["publics"]),
        illustrations=tuple(
            Illustration(i["slug"], i["titre"], tuple(i["fiches"]), i.get("lieu")) for i in data["illustrations"]
        ),
        fiches=tuple(fiches),
    )


def _keywords(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = value.split(";")
    return tuple(clean_text(v) for v in value if clean_text(v))


def parse_fiches(path: Path, rows: list[Row]) -> tuple[list[Fiche], LoadReport]:
    """Validate fiche records (from YAML or CSV); return the fiches and the errors."""
    report = LoadReport()
    fiches: dict[int, Fiche] = {}
    seen: dict[int, int] = {}
    for row in rows:
        d = row.data
        try:
            numero = parse_int(d.get("numero"))
        except ValueError:
            report.errors.append(error(path, row, "numero", textes.ERR_ENTIER.format(valeur=d.get("numero"))))
            continue
        if numero is None:
            report.errors.append(error(path, row, "numero", textes.ERR_CHAMP_OBLIGATOIRE))
            continue
        if not 1 <= numero <= FICHE_COUNT:
            report.errors.append(error(path, row, "numero", textes.ERR_FICHE_HORS_BORNES.format(numero=numero)))
            continue
        if numero in seen:
            report.errors.append(error(path, row, "numero", textes.ERR_DOUBLON.format(valeur=numero, ligne=seen[numero])))
            continue
        seen[numero] = row.line
        titre = clean_text(d.get("titre")) or None
        statut = clean_text(d.get("statut")) or ("confirmee" if titre else "a_completer")
        if statut not in FICHE_STATUSES:
            report.errors.append(error(path, row, "statut", textes.ERR_STATUT_FICHE.format(valeur=statut)))
            continue
        if statut == "confirmee" and not titre:
            report.errors.append(error(path, row, "titre", textes.ERR_FICHE_SANS_TITRE))
            continue
        problems = [
            (name, msg)
            for name, msg in (
                ("titre", check_text(titre, 300, required=False)),
                ("partie", check_text(d.get("partie"), 300, required=False)),
                ("resume", check_text(d.get("resume"), 3000, required=False)),
                ("source", check_url(d["source"]) if clean_text(d.get("source")) else None),
            )
            if msg
        ]
        if problems:
            report.errors.extend(error(path, row, name, msg) for name, msg in problems)
            continue
        fiches[numero] = Fiche(
            numero=numero,
            statut=statut,
            titre=titre,
            partie=clean_text(d.get("partie")) or None,
            resume=clean_text(d.get("resume")) or None,
            mots_cles=_keywords(d.get("mots_cles")),
            source=clean_text(d.get("source")) or None,
        )
    return [fiches[n] for n in sorted(fiches)], report


def read_fiche_file(path: Path) -> tuple[list[Fiche], LoadReport]:
    """Read a fiche file given by an administrator (CSV, or YAML list / ``fiches:`` key)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = csv_rows(path)
    elif suffix in (".yaml", ".yml"):
        data = yaml.safe_load(read_text(path))
        rows = yaml_rows(path, "fiches" if isinstance(data, dict) else None)
    else:
        raise DataFileError(textes.ERREUR_FORMAT.format(fichier=path.name))
    return parse_fiches(path, rows)


def _fiche_values(fiche: Fiche) -> dict[str, Any]:
    return {
        "statut": fiche.statut,
        "titre": fiche.titre,
        "partie": fiche.partie,
        "resume": fiche.resume,
        "mots_cles": list(fiche.mots_cles),
        "source": fiche.source,
    }


def sync_shipped_fiches(engine: sa.Engine, shipped: tuple[Fiche, ...]) -> None:
    """Insert missing fiches; let a shipped confirmed title replace an unconfirmed row only.

    Titles an administrator imported are never overwritten by the shipped file. When
    nothing changes (every start but the first), no write lock is taken: the app and
    the command line start while an import holds the database.
    """
    with engine.connect() as conn:
        if not _shipped_changes(conn, shipped):
            return
    with write_transaction(engine) as conn:
        for fiche, is_new in _shipped_changes(conn, shipped):
            if is_new:
                conn.execute(sa.insert(schema.fiches).values(numero=fiche.numero, **_fiche_values(fiche)))
            else:
                conn.execute(
                    sa.update(schema.fiches).where(schema.fiches.c.numero == fiche.numero).values(**_fiche_values(fiche))
                )


def _shipped_changes(conn: sa.Connection, shipped: tuple[Fiche, ...]) -> list[tuple[Fiche, bool]]:
    """Shipped fiches to write, each with True when it is missing from the table."""
    existing = {r.numero: r.statut for r in conn.execute(sa.select(schema.fiches.c.numero, schema.fiches.c.statut))}
    return [
        (fiche, fiche.numero not in existing)
        for fiche in shipped
        if fiche.numero not in existing or (existing[fiche.numero] == "a_completer" and fiche.statut == "confirmee")
    ]


def import_fiches(engine: sa.Engine, fiches: list[Fiche]) -> tuple[int, int]:
    """Write imported fiches (idempotent); return (updated, unchanged)."""
    updated = unchanged = 0
    with write_transaction(engine) as conn:
        current = {r.numero: r for r in conn.execute(sa.select(schema.fiches))}
        for fiche in fiches:
            values = _fiche_values(fiche)
            row = current.get(fiche.numero)
            if row is not None and all(getattr(row, k) == v for k, v in values.items()):
                unchanged += 1
                continue
            if row is None:
                conn.execute(sa.insert(schema.fiches).values(numero=fiche.numero, **values))
            else:
                conn.execute(sa.update(schema.fiches).where(schema.fiches.c.numero == fiche.numero).values(**values))
            updated += 1
    return updated, unchanged


def list_fiches(engine: sa.Engine) -> list[Fiche]:
    """The 26 fiches as stored now."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(schema.fiches).order_by(schema.fiches.c.numero)).all()
    return [
        Fiche(
            numero=r.numero,
            statut=r.statut,
            titre=r.titre,
            partie=r.partie,
            resume=r.resume,
            mots_cles=tuple(r.mots_cles or ()),
            source=r.source,
        )
        for r in rows
    ]


def is_confirmed(fiche: Fiche) -> bool:
    """True when the fiche's title is confirmed (fiches 1, 3, 5 and 6 in the shipped guide)."""
    return fiche.statut == "confirmee" and bool(fiche.titre)


def fiche_choices(fiches: list[Fiche]) -> dict[int, str]:
    """Fiches to choose from: confirmed ones by title first, then the others by number only."""
    ordered = sorted(fiches, key=lambda f: (not is_confirmed(f), f.numero))
    return {
        f.numero: fiche_label(f) if is_confirmed(f) else textes.FICHE_NUMERO_SEUL.format(numero=f.numero)
        for f in ordered
    }


def fiche_label(fiche: Fiche) -> str:
    """'Fiche 3 — title' or 'Fiche 7 — intitulé à compléter'."""
    title = fiche.titre or textes.FICHE_A_COMPLETER
    return f"{textes.FICHE_NUMERO.format(numero=fiche.numero)} — {title}"
