"""The one list of action fields: form, conflicts and audit log, exports (data/shipped/schema.json)."""
from __future__ import annotations

import dataclasses
import datetime as dt

from data import textes
from data.actions.exports import columns
from data.actions.fields import (
    FIELDS,
    FORM_FIELDS,
    SNAPSHOT_FIELDS,
    empty_saisie,
    export_row,
    form_fields,
    snapshot,
)
from data.actions.models import Action, FicheLink, Source, StoredAction

ACTION = Action(
    external_id="essai", titre="Atelier", resume="Un résumé.", niveau_lieu="commune", code_lieu="47167",
    commune="47167", epci="200068997", departement="47", region="75", lat=44.05, lon=0.26,
    annee_debut=2019, annee_fin=None, methodes=("theatre-forum", "pouvoir-d-agir"), publics=("habitants",),
    porteurs=("Centre social | B", "CCAS"), fiches=(FicheLink(3, "equipe"), FicheLink(1, "equipe")),
    sources=(Source("https://www.exemple.org/a", "Article"), Source("https://www.exemple.org/b")),
    provenance="declaree", origine="formulaire", statut="soumise", date_debut=dt.date(2019, 9, 15),
    contact_structure="Centre social", contact_email="contact@cs.example.org", contact_telephone="05 53 00 00 00",
)
STORED = StoredAction(
    **{f.name: getattr(ACTION, f.name) for f in dataclasses.fields(Action)},
    id=7, version=2, updated_by="mod", motif_refus=None,
)


def test_every_field_is_an_action_attribute_or_a_form_only_entry() -> None:
    attributes = {f.name for f in dataclasses.fields(StoredAction)}
    for field in FIELDS:
        assert field.name in attributes or field.kind in ("case", "lieu"), field.name
    assert set(FORM_FIELDS) == set(empty_saisie())
    assert set(FORM_FIELDS) | set(SNAPSHOT_FIELDS) <= set(textes.CHAMP_LIBELLES)
    assert form_fields("liste") == ("methodes", "publics", "fiches")


def test_export_columns_are_the_table_schema_ones_and_never_the_structure_contact() -> None:
    exported = [f.export for f in FIELDS if f.export]
    assert set(exported) | {"nom_lieu", "mise_a_jour"} == set(columns())
    assert len(exported) == len(set(exported))
    row = export_row(STORED)
    assert "contact_email" not in row and "contact_telephone" not in row
    assert row["fiches"] == "1 | 3" and row["methodes"] == "pouvoir-d-agir | theatre-forum"
    assert row["porteurs"] == "Centre social \\| B | CCAS"
    assert row["sources"] == "https://www.exemple.org/a Article | https://www.exemple.org/b"
    assert (row["identifiant"], row["date_debut"], row["date_fin"], row["latitude"]) == ("essai", "2019-09-15", None, 44.05)


def test_snapshot_is_the_same_for_a_new_and_a_stored_action() -> None:
    new, stored = snapshot(ACTION), snapshot(STORED)
    assert list(new) == [n for n in SNAPSHOT_FIELDS if n != "motif_refus"]  # a new action has no refusal reason
    assert stored == new | {"motif_refus": None}
    assert list(snapshot(ACTION, review=False)) == [n for n in SNAPSHOT_FIELDS if n not in ("statut", "motif_refus")]
    assert new["fiches"] == [1, 3] and new["methodes"] == ["pouvoir-d-agir", "theatre-forum"]
    assert new["sources"] == ["https://www.exemple.org/a", "https://www.exemple.org/b"]
    assert new["date_debut"] == dt.date(2019, 9, 15) and new["contact_email"] == "contact@cs.example.org"
