"""Small seed files written by tests (real INSEE codes, invented wording)."""
from __future__ import annotations

from pathlib import Path

import yaml

GOOD_ROW = {
    "id": "essai-mezin",
    "titre": "Un ESAT fait revivre un village",
    "resume": "Des travailleurs d'un ESAT reprennent des commerces du village.",
    "lieu": {"niveau": "commune", "code": "47167", "nom": "Mézin"},
    "note_lieu": None,
    "annee_debut": 1993,
    "annee_fin": None,
    "methodes": ["animation-socioculturelle"],
    "publics": ["personnes-handicapees"],
    "porteurs": ["Association L'Essor"],
    "fiches": [{"numero": 1, "origine": "annexe"}, {"numero": 3, "origine": "annexe"}],
    "sources": [{"url": "https://www.example.org/essor", "titre": "Exemple"}],
    "provenance": "documentee",
    "confiance": "H",
    "illustration": "esat-village",
}

SECOND_ROW = {
    **GOOD_ROW,
    "id": "essai-poitiers",
    "titre": "Un centre de santé co-géré avec les habitants",
    "resume": "Une enquête des habitants mène à un centre de santé communautaire.",
    "lieu": {"niveau": "commune", "code": "86194", "nom": "Poitiers"},
    "annee_debut": 2008,
    "annee_fin": 2016,
    "methodes": ["pouvoir-d-agir"],
    "publics": ["habitants"],
    "porteurs": ["Centre social des Trois-Cités"],
    "fiches": [{"numero": 3, "origine": "editeurs"}],
    "illustration": None,
}

DEPARTEMENT_ROW = {
    **GOOD_ROW,
    "id": "essai-gers",
    "titre": "Théâtre forum départemental",
    "resume": "Un conseil départemental organise des séances de théâtre forum.",
    "lieu": {"niveau": "departement", "code": "32", "nom": "Gers"},
    "annee_debut": None,
    "methodes": ["theatre-forum"],
    "publics": ["minima-sociaux"],
    "porteurs": ["Conseil général du Gers"],
    "fiches": [{"numero": 5, "origine": "editeurs"}],
    "illustration": None,
}


def write_seed(path: Path, rows: list[dict]) -> Path:
    """Write rows as a seed YAML file and return its path."""
    path.write_text(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
