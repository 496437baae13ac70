"""Contributions: validation, drafts that survive sessions, review, audit, conflicts (SQLite and PostgreSQL)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from data import textes
from data.accounts.roles import ADMIN, CONTRIBUTOR, MODERATOR, User
from data.actions.fields import empty_saisie
from data.actions.models import ActionFilter
from data.actions.places import place_from_point, place_from_text
from data.actions.validation import validate
from data.actions.workflow import ContributionStore
from data.store import schema
from data.store.db import make_engine

ALICE = User("alice", CONTRIBUTOR, mode="local")
BOB = User("bob", CONTRIBUTOR, mode="local")
MOD = User("mod", MODERATOR, mode="local")
MOD2 = User("mod2", MODERATOR, mode="local")
ADM = User("adm", ADMIN, mode="local")


def good_saisie(**changes) -> dict:
    saisie = empty_saisie() | {
        "titre": "Atelier cuisine du quartier",
        "resume": "Des habitants et une conseillère ESF préparent chaque mois un repas partagé.",
        "date_debut": "15/09/2019",
        "en_cours": True,
        "methodes": ["travail-social-groupe"],
        "publics": ["habitants"],
        "porteurs": "Centre social Les Tilleuls\nCCAS de Mézin",
        "fiches": [1, 3],
        "sources": "https://www.exemple.org/atelier Présentation de l'atelier",
        "contact_structure": "Centre social Les Tilleuls",
        "contact_email": "contact@tilleuls.example.org",
        "contact_telephone": "05 53 12 34 56",
        "lieu": {"niveau": "commune", "code": "47167", "mode": "recherche"},
    }
    return saisie | changes


def submitted(store: ContributionStore, ctx, user: User = ALICE, **changes) -> int:
    draft = store.save_draft(user, good_saisie(**changes))
    outcome = store.submit(user, draft.id, ctx)
    assert outcome.ok, outcome.errors
    return outcome.action_id


def test_valid_form_gives_a_declared_action(contrib_ctx) -> None:
    result = validate(good_saisie(), contrib_ctx, "form-x")
    assert result.ok
    contribution = result.contribution
    record = contribution  # the validated Action
    assert record.provenance == "declaree" and record.origine == "formulaire" and record.statut == "soumise"
    assert (record.commune, record.departement, record.region) == ("47167", "47", "75")
    assert record.annee_debut == 2019 and record.annee_fin is None
    assert contribution.date_debut.isoformat() == "2019-09-15"
    assert record.porteurs == ("Centre social Les Tilleuls", "CCAS de Mézin")
    assert record.sources[0].url == "https://www.exemple.org/atelier" and record.sources[0].titre.startswith("Présentation")
    assert [f.origine for f in record.fiches] == ["equipe", "equipe"]


def test_errors_are_french_per_field_and_the_input_is_untouched(contrib_ctx) -> None:
    saisie = good_saisie(
        titre="", date_debut="32/13/2019", date_fin="2018", en_cours=False, fiches=[27], methodes=["inconnue"],
        sources="javascript:alert(1)", contact_email="pas une adresse", lieu=None,
    )
    before = dict(saisie)
    result = validate(saisie, contrib_ctx, "form-x")
    assert not result.ok and saisie == before
    assert result.errors["titre"] == [textes.ERR_CHAMP_OBLIGATOIRE]
    assert "non reconnue" in result.errors["date_debut"][0]
    assert result.errors["fiches"] == [textes.ERR_FICHE_HORS_BORNES.format(numero=27)]
    assert result.errors["methodes"] == [textes.ERR_METHODE_INCONNUE.format(valeur="inconnue")]
    assert "http" in result.errors["sources"][0]
    assert result.errors["contact_email"] == [textes.CONTRIB_EMAIL_INVALIDE]
    assert result.errors["lieu"] == [textes.CONTRIB_LIEU_MANQUANT]
    ended = validate(good_saisie(date_fin="2018", en_cours=False), contrib_ctx, "x")
    assert ended.errors["date_fin"] == [textes.CONTRIB_DATES_ORDRE]
    both = validate(good_saisie(date_fin="2021"), contrib_ctx, "x")
    assert both.errors["date_fin"] == [textes.CONTRIB_EN_COURS_ET_FIN]


@pytest.mark.parametrize(
    "field, text, kind",
    [
        ("resume", "Mme D. (06 12 34 56 78) anime le groupe.", "telephone"),
        ("resume", "Écrire à jean.dupont@gmail.com pour venir.", "email"),
        ("titre", "Atelier de Mme B. née le 12/03/1985", "date_naissance"),
        ("porteurs", "Association X\nM. Y, NIR 1 85 05 75 123 456 73", "nir"),
        ("contact_structure", "Mme Z, 07 81 22 45 90", "telephone"),
    ],
)
def test_personal_data_blocks_with_an_explanation(contrib_ctx, field: str, text: str, kind: str) -> None:
    result = validate(good_saisie(**{field: text}), contrib_ctx, "form-x")
    assert not result.ok
    message = result.errors[field][0]
    assert textes.PII_LIBELLES[kind] in message and textes.PII_CONSEIL[kind] in message
    assert text not in message  # only a masked hint is shown


def test_structure_contact_fields_accept_email_and_phone(contrib_ctx) -> None:
    assert validate(good_saisie(contact_email="accueil@mairie-mezin.fr", contact_telephone="+33 5 53 65 70 17"), contrib_ctx, "x").ok
    result = validate(good_saisie(sources="mailto:jean@gmail.com"), contrib_ctx, "x")
    assert result.errors["sources"]


def test_place_by_name_postcode_and_point(contrib_ctx) -> None:
    assert place_from_text(contrib_ctx, "Mézin")[0]["code"] == "47167"
    assert place_from_text(contrib_ctx, "47170")[0]["code"] in {"47167"} | {t.code for t in contrib_ctx.territories.search("47170")}
    lieu, error = place_from_point(contrib_ctx, "44,0567", "0,2654", "coordonnees")
    assert error is None and lieu["code"] == "47167" and lieu["mode"] == "coordonnees"
    assert place_from_point(contrib_ctx, 51.5, -0.12, "carte") == (None, textes.CONTRIB_HORS_FRANCE.format(lat=51.5, lon=-0.12))
    assert place_from_point(contrib_ctx, "abc", "1", "carte")[1] == textes.CONTRIB_COORD_INVALIDES
    # The stored point is the commune's own point, never the typed one.
    record = validate(good_saisie(lieu=lieu), contrib_ctx, "x").contribution
    assert (record.lat, record.lon) == contrib_ctx.points("commune", "47167")


def test_draft_is_saved_with_its_title_and_survives_a_new_session(engine, db_url, contrib_ctx) -> None:
    store = ContributionStore(engine)
    assert store.save_draft(ALICE, empty_saisie()) is None  # no title, nothing yet
    typed = good_saisie(resume="à moitié écrit", date_debut="pas une date", lieu=None)
    draft = store.save_draft(ALICE, typed)
    assert draft.titre == typed["titre"]
    store.save_draft(ALICE, typed | {"resume": "à moitié écrit, puis complété"}, draft.id)
    # A new process (another engine): the draft is there, exactly as typed.
    other = make_engine(db_url)
    again = ContributionStore(other).draft(ALICE, draft.id)
    other.dispose()
    assert again.saisie["resume"] == "à moitié écrit, puis complété"
    assert again.saisie["date_debut"] == "pas une date"
    assert [d.id for d in store.drafts_of(ALICE)] == [draft.id]
    assert store.draft(BOB, draft.id) is None and store.drafts_of(BOB) == []
    # Bob cannot overwrite Alice's draft by using its id: he gets his own.
    bobs = store.save_draft(BOB, good_saisie(titre="Autre"), draft.id)
    assert bobs.id != draft.id and store.draft(ALICE, draft.id).saisie["titre"] == typed["titre"]
    with pytest.raises(PermissionError):
        store.save_draft(User(), typed)


def test_drafts_never_store_personal_data(engine, contrib_ctx) -> None:
    store = ContributionStore(engine)
    draft = store.save_draft(ALICE, good_saisie(resume="Appeler Mme D. au 06 12 34 56 78 ou jean.d@gmail.com."))
    stored = store.draft(ALICE, draft.id).saisie
    assert stored["resume"] == "Appeler Mme D. au 06 •• •• •• 78 ou je••.•@•••••.•om."
    assert stored["contact_email"] == "contact@tilleuls.example.org"  # the structure's own contact stays
    with engine.connect() as conn:
        raw = str(conn.execute(sa.select(schema.brouillons.c.saisie)).scalar_one())
    assert "06 12 34 56 78" not in raw and "jean.d@gmail.com" not in raw
    # Submitting the masked draft as it is: refused, the masked passage must go.
    outcome = store.submit(ALICE, draft.id, contrib_ctx)
    assert not outcome.ok and outcome.errors["resume"] == [textes.PII_MASQUE]
    # The form's live text is what is checked (the stored draft is masked).
    live = store.submit(ALICE, draft.id, contrib_ctx, good_saisie(resume="Appeler Mme D. au 06 12 34 56 78."))
    assert not live.ok and textes.PII_LIBELLES["telephone"] in live.errors["resume"][0]
    assert store.submit(ALICE, draft.id, contrib_ctx, good_saisie()).ok


def test_review_cycle_public_pages_and_audit(engine, contrib_ctx) -> None:
    store = ContributionStore(engine)
    action_id = submitted(store, contrib_ctx)
    full = store.full(action_id)
    assert full.statut == "soumise" and full.origine == "formulaire" and full.provenance == "declaree"
    assert full.external_id.startswith("form-") and full.created_by == "alice"
    assert store.list_actions(ActionFilter()).empty and store.get(action_id) is None  # not public yet
    assert store.drafts_of(ALICE) == []  # the draft became the action

    assert store.transition(ALICE, action_id, full.version, "publiee").message == textes.ROLE_INSUFFISANT
    refused = store.transition(MOD, action_id, full.version, "refusee", motif="")
    assert not refused.ok and refused.errors == {"motif": [textes.MODERATION_MOTIF_OBLIGATOIRE]}
    pii = store.transition(MOD, action_id, full.version, "refusee", motif="Appelez Mme X au 06 12 34 56 78")
    assert not pii.ok and "motif" in pii.errors
    assert store.transition(MOD, action_id, full.version, "refusee", motif="Source manquante").ok
    assert store.full(action_id).motif_refus == "Source manquante"
    assert store.transition(MOD, action_id, full.version + 1, "publiee").ok
    assert list(store.list_actions(ActionFilter())["id"]) == [action_id]
    assert store.get(action_id).titre == "Atelier cuisine du quartier"
    assert store.transition(MOD, action_id, full.version + 2, "archivee").ok
    assert store.list_actions(ActionFilter()).empty

    log = store.audit(action_id)
    assert [e.operation for e in log] == ["archive", "publish", "refuse", "creation"]
    assert {e.auteur for e in log} == {"alice", "mod"}
    refuse = log[2]
    assert refuse.avant == {"statut": "soumise", "motif_refus": None} and refuse.apres == {"statut": "refusee", "motif_refus": "Source manquante"}
    assert all(e.horodatage is not None for e in log)


def test_contributor_resubmits_a_refused_action(engine, contrib_ctx) -> None:
    store = ContributionStore(engine)
    action_id = submitted(store, contrib_ctx)
    store.transition(MOD, action_id, 1, "refusee", motif="Précisez les dates")
    assert store.open_edit(BOB, action_id) is None  # not his
    draft = store.open_edit(ALICE, action_id)
    assert draft.version_action == 2 and draft.saisie["titre"] == "Atelier cuisine du quartier"
    store.save_draft(ALICE, draft.saisie | {"date_debut": "2019"}, draft.id)
    outcome = store.submit(ALICE, draft.id, contrib_ctx)
    assert outcome.ok
    full = store.full(action_id)
    assert full.statut == "soumise" and full.motif_refus is None and full.version == 3 and full.date_debut is None
    change = store.audit(action_id)[0]
    assert change.operation == "modification" and change.avant["statut"] == "refusee" and change.apres["statut"] == "soumise"
    assert change.avant["date_debut"] == "2019-09-15" and change.apres["date_debut"] is None
    store.transition(MOD, action_id, 3, "publiee")
    assert store.open_edit(ALICE, action_id) is None  # published: only moderators edit it


def test_conflicting_edit_is_refused_and_nothing_is_overwritten(engine, contrib_ctx) -> None:
    store = ContributionStore(engine)
    action_id = submitted(store, contrib_ctx)
    first, second = store.open_edit(MOD, action_id), store.open_edit(MOD2, action_id)
    store.save_draft(MOD, first.saisie | {"titre": "Atelier cuisine partagée"}, first.id)
    store.save_draft(MOD2, second.saisie | {"resume": "Résumé réécrit par le second modérateur."}, second.id)
    assert store.submit(MOD, first.id, contrib_ctx).ok

    outcome = store.submit(MOD2, second.id, contrib_ctx)
    assert not outcome.ok and outcome.message == textes.CONFLIT_MESSAGE
    conflict = outcome.conflict
    assert conflict.saved_version == 2 and conflict.saved_by == "mod"
    diff = {name: (saved, mine) for name, saved, mine in conflict.differences()}
    assert diff["titre"] == ("Atelier cuisine partagée", "Atelier cuisine du quartier")
    assert diff["resume"][1] == "Résumé réécrit par le second modérateur."
    full = store.full(action_id)
    assert full.titre == "Atelier cuisine partagée" and full.resume.startswith("Des habitants")
    assert store.draft(MOD2, second.id) is not None  # the refused version is kept
    # A stale moderation decision is refused the same way.
    stale = store.transition(MOD2, action_id, 1, "publiee")
    assert not stale.ok and stale.conflict is not None and store.full(action_id).statut == "soumise"
    # Explicit choice: keep my text on top of the saved version, then save.
    store.rebase_draft(MOD2, second.id)
    assert store.submit(MOD2, second.id, contrib_ctx).ok
    assert store.full(action_id).version == 3


def test_version_guard_is_in_the_update_itself(engine, contrib_ctx) -> None:
    """Two saves that both passed the first check: the UPDATE … WHERE version refuses the second."""
    store = ContributionStore(engine)
    action_id = submitted(store, contrib_ctx)
    stale = store.full(action_id)
    first, second = store.open_edit(MOD, action_id), store.open_edit(MOD2, action_id)
    assert store.submit(MOD, first.id, contrib_ctx).ok
    from data.actions.validation import validate as check

    contribution = check(second.saisie | {"titre": "Perdu ?"}, contrib_ctx, stale.external_id, statut="soumise").contribution
    outcome = store._update(MOD2, stale, second, contribution)
    assert not outcome.ok and outcome.conflict is not None
    assert store.full(action_id).titre == "Atelier cuisine du quartier"
    with engine.connect() as conn:
        versions = conn.execute(sa.select(schema.actions.c.version).where(schema.actions.c.id == action_id)).scalar_one()
    assert versions == 2
