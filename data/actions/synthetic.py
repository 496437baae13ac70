"""Synthetic actions for benchmarks and scale tests — never written to the real database.

Every synthetic action says so in its title, carries ``origine="synthetique"`` and
an external id starting with ``synth-``; they are placed on real communes in
proportion to their population.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import random

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data.actions.search import normalize
from data.store import schema

METHODS = (
    "travail-social-groupe", "travail-social-communautaire", "education-populaire", "animation-socioculturelle",
    "travail-en-reseau", "action-collective-territoriale", "mediation-sociale", "pouvoir-d-agir",
    "croisement-des-savoirs", "conference-familiale", "theatre-forum", "recherche-action",
)
PUBLICS = ("habitants", "personnes-agees", "jeunes", "familles-parents", "minima-sociaux", "personnes-isolees")
WORDS = ("jardin", "atelier", "quartier", "village", "insertion", "parents", "aînés", "théâtre", "épicerie", "santé")


def synthetic_actions(n: int, communes: pd.DataFrame, seed: int = 1) -> pd.DataFrame:
    """``n`` synthetic actions; ``communes`` has code, nom, epci, departement, region, population, lat, lon."""
    rng = np.random.default_rng(seed)
    weights = communes["population"].to_numpy(dtype=float)
    picks = communes.iloc[rng.choice(len(communes), size=n, p=weights / weights.sum())].reset_index(drop=True)
    start = rng.integers(1995, 2026, size=n)
    ongoing = rng.random(n) < 0.4
    end = np.where(ongoing, -1, np.minimum(start + rng.integers(0, 8, size=n), 2026))
    words = rng.choice(WORDS, size=n)
    frame = pd.DataFrame(
        {
            "external_id": [f"synth-{i}" for i in range(n)],
            "titre": [f"Action synthétique {i} : {w} à {c}" for i, (w, c) in enumerate(zip(words, picks["nom"]))],
            "commune": picks["code"],
            "commune_nom": picks["nom"],
            "epci": picks["epci"].replace("", None),
            "departement": picks["departement"],
            "region": picks["region"],
            "lat": picks["lat"] + rng.normal(0, 0.004, n),
            "lon": picks["lon"] + rng.normal(0, 0.004, n),
            "annee_debut": start,
            "annee_fin": [None if e < 0 else int(e) for e in end],
            "fiches": [sorted(set(rng.integers(1, 27, size=rng.integers(1, 3)).tolist())) for _ in range(n)],
            "methodes": [sorted(set(rng.choice(METHODS, size=rng.integers(1, 3)).tolist())) for _ in range(n)],
            "publics": [sorted(set(rng.choice(PUBLICS, size=rng.integers(1, 3)).tolist())) for _ in range(n)],
        }
    )
    return frame


def write_synthetic(engine: sa.Engine, frame: pd.DataFrame, chunk: int = 5000) -> None:
    """Insert synthetic actions (published) with their links, in one transaction."""
    now = dt.datetime.now(dt.timezone.utc)
    with engine.begin() as conn:
        for start in range(0, len(frame), chunk):
            part = frame.iloc[start : start + chunk]
            rows = [
                {
                    "external_id": r.external_id, "titre": r.titre,
                    "resume": "Action fictive générée pour mesurer les performances.",
                    "niveau_lieu": "commune", "code_lieu": r.commune, "commune": r.commune, "epci": r.epci,
                    "departement": r.departement, "region": r.region, "lat": float(r.lat), "lon": float(r.lon),
                    "annee_debut": int(r.annee_debut),
                    "annee_fin": None if r.annee_fin is None or pd.isna(r.annee_fin) else int(r.annee_fin),
                    "porteurs": [],
                    "provenance": "declaree", "origine": "synthetique", "statut": "publiee",
                    "texte_recherche": normalize(f"{r.titre} {r.commune_nom}"), "version": 1,
                    "created_at": now, "updated_at": now,
                }
                for r in part.itertuples(index=False)
            ]
            conn.execute(sa.insert(schema.actions), rows)
            ids = dict(
                conn.execute(
                    sa.select(schema.actions.c.external_id, schema.actions.c.id).where(
                        schema.actions.c.external_id.in_(part["external_id"].tolist())
                    )
                ).all()
            )
            links = {"fiches": [], "methodes": [], "publics": []}
            for r in part.itertuples(index=False):
                action_id = ids[r.external_id]
                links["fiches"] += [{"action_id": action_id, "fiche_numero": n, "origine": "editeurs"} for n in r.fiches]
                links["methodes"] += [{"action_id": action_id, "methode": m} for m in r.methodes]
                links["publics"] += [{"action_id": action_id, "public": p} for p in r.publics]
            conn.execute(sa.insert(schema.action_fiches), links["fiches"])
            conn.execute(sa.insert(schema.action_methodes), links["methodes"])
            conn.execute(sa.insert(schema.action_publics), links["publics"])


def synthetic_import_csv(territories, locator_points, rows: int = 10_000, seed: int = 7) -> bytes:
    """An import file (CSV, ``;``, UTF-8 with BOM) of ``rows`` valid actions placed four ways."""
    rng = random.Random(seed)
    communes = territories.communes[territories.communes["type"] == "COM"]
    unique = communes.drop_duplicates("nom", keep=False)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["identifiant", "titre", "resume", "date_debut", "methodes", "publics", "fiches",
                     "porteurs", "sources", "code_commune", "commune", "code_postal", "latitude", "longitude"])
    for i in range(rows):
        com = unique.iloc[rng.randrange(len(unique))]
        code, nom = com["code"], com["nom"]
        place = ["", "", "", "", ""]
        kind = i % 4
        if kind in (0, 1):
            place = [code, "", "", "", ""]
        elif kind == 2:
            lat, lon = locator_points("commune", code)
            place = ["", "", "", str(lat).replace(".", ","), str(lon).replace(".", ",")]
        else:
            postal = com["codes_postaux"][0] if len(com["codes_postaux"]) else ""
            place = ["", nom, postal, "", ""]
        writer.writerow([
            f"bench-{i:05d}", f"Action collective n° {i} à {nom}",
            "Un groupe d'habitants et une équipe de travail social construisent ensemble un projet.",
            f"{2010 + i % 15}-0{1 + i % 9}-15", "travail-social-groupe | pouvoir-d-agir", "habitants",
            f"{1 + i % 26} | 3", "Centre social du quartier", "https://www.exemple.org/actions Présentation",
            *place,
        ])
    return out.getvalue().encode("utf-8-sig")
