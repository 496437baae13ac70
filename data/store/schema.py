"""Database tables (SQLAlchemy Core). Alembic migrations create them; a test
checks that the migrated database matches these definitions."""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

fiches = sa.Table(
    "fiches",
    metadata,
    sa.Column("numero", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("statut", sa.String(20), nullable=False),
    sa.Column("titre", sa.Text),
    sa.Column("partie", sa.Text),
    sa.Column("resume", sa.Text),
    sa.Column("mots_cles", sa.JSON, nullable=False),
    sa.Column("source", sa.Text),
)

actions = sa.Table(
    "actions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("external_id", sa.String(120), nullable=False, unique=True),
    sa.Column("titre", sa.Text, nullable=False),
    sa.Column("resume", sa.Text, nullable=False),
    sa.Column("niveau_lieu", sa.String(20), nullable=False),
    sa.Column("code_lieu", sa.String(20), nullable=False),
    sa.Column("commune", sa.String(5), index=True),
    sa.Column("epci", sa.String(9), index=True),
    sa.Column("departement", sa.String(3), index=True),
    sa.Column("region", sa.String(2), index=True),
    sa.Column("note_lieu", sa.Text),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("annee_debut", sa.Integer),
    sa.Column("annee_fin", sa.Integer),
    sa.Column("porteurs", sa.JSON, nullable=False),
    sa.Column("provenance", sa.String(20), nullable=False),
    sa.Column("origine", sa.String(20), nullable=False),
    sa.Column("statut", sa.String(20), nullable=False, index=True),
    sa.Column("confiance", sa.String(1)),
    sa.Column("illustration", sa.String(60)),
    sa.Column("texte_recherche", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    # 0002 (contributions)
    sa.Column("date_debut", sa.Date),
    sa.Column("date_fin", sa.Date),
    sa.Column("contact_structure", sa.Text),
    sa.Column("contact_email", sa.Text),
    sa.Column("contact_telephone", sa.String(40)),
    sa.Column("motif_refus", sa.Text),
    sa.Column("created_by", sa.String(200)),
    sa.Column("updated_by", sa.String(200)),
    sa.Index("ix_actions_statut_titre", "statut", "titre"),
)

action_fiches = sa.Table(
    "action_fiches",
    metadata,
    sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("fiche_numero", sa.Integer, primary_key=True, index=True),
    sa.Column("origine", sa.String(20), nullable=False),
)

action_methodes = sa.Table(
    "action_methodes",
    metadata,
    sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("methode", sa.String(60), primary_key=True, index=True),
)

action_publics = sa.Table(
    "action_publics",
    metadata,
    sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("public", sa.String(60), primary_key=True, index=True),
)

action_sources = sa.Table(
    "action_sources",
    metadata,
    sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("titre", sa.Text, nullable=False),
)

meta = sa.Table(
    "atlas_meta",
    metadata,
    sa.Column("cle", sa.String(60), primary_key=True),
    sa.Column("valeur", sa.Text, nullable=False),
)


# --- Contribution, comptes, modération (migration 0002) ---------------------------

comptes = sa.Table(
    "comptes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("identifiant", sa.String(200), nullable=False, unique=True),
    sa.Column("nom", sa.Text, nullable=False, server_default=""),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("mot_de_passe", sa.String(255)),
    sa.Column("actif", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

# Signed-in sessions of local accounts, revocable on the server (migration 0006).
sessions_connexion = sa.Table(
    "sessions_connexion",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("compte_id", sa.Integer, sa.ForeignKey("comptes.id"), nullable=False, index=True),
    sa.Column("jeton", sa.String(64), unique=True),
    sa.Column("ticket", sa.String(64), unique=True),
    sa.Column("ticket_expire_at", sa.DateTime(timezone=True)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("vu_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoque_at", sa.DateTime(timezone=True)),
    sa.Column("motif", sa.String(40)),
    sqlite_autoincrement=True,
)

brouillons = sa.Table(
    "brouillons",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("auteur", sa.String(200), nullable=False, index=True),
    sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id"), index=True),
    sa.Column("version_action", sa.Integer),
    sa.Column("titre", sa.Text, nullable=False),
    sa.Column("saisie", sa.JSON, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sqlite_autoincrement=True,
)

journal = sa.Table(
    "journal",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("horodatage", sa.DateTime(timezone=True), nullable=False),
    sa.Column("auteur", sa.String(200), nullable=False),
    sa.Column("objet", sa.String(20), nullable=False),
    sa.Column("objet_id", sa.Integer),
    sa.Column("operation", sa.String(40), nullable=False),
    sa.Column("avant", sa.JSON),
    sa.Column("apres", sa.JSON),
    sa.Index("ix_journal_objet", "objet", "objet_id"),
)

# --- Sign-in attempts (migration 0005) ----------------------------------------------
tentatives_connexion = sa.Table(
    "tentatives_connexion",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("horodatage", sa.DateTime(timezone=True), nullable=False),
    sa.Column("identifiant", sa.String(200), nullable=False),
    sa.Column("adresse", sa.String(64)),
    sa.Column("reussie", sa.Boolean, nullable=False),
    sa.Index("ix_tentatives_identifiant", "identifiant", "horodatage"),
    sa.Index("ix_tentatives_adresse", "adresse", "horodatage"),
    sa.Index("ix_tentatives_horodatage", "horodatage"),
)

# --- Indicators (migration 0003) ---------------------------------------------------
indicateurs = sa.Table(
    "indicateurs",
    metadata,
    sa.Column("code", sa.String(80), primary_key=True),
    sa.Column("libelle", sa.Text, nullable=False),
    sa.Column("definition", sa.Text, nullable=False),
    sa.Column("unite", sa.String(40), nullable=False),
    sa.Column("famille", sa.String(40), nullable=False),
    sa.Column("origine", sa.String(20), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("source_url", sa.Text),
    sa.Column("millesime", sa.String(40)),
    sa.Column("agregation", sa.String(20), nullable=False),
    sa.Column("spec", sa.JSON, nullable=False),
    sa.Column("fiches", sa.JSON, nullable=False),
    sa.Column("illustration", sa.String(60)),
    sa.Column("lien_fiches", sa.Text),
    sa.Column("position", sa.Integer, nullable=False),
)

indicateur_valeurs = sa.Table(
    "indicateur_valeurs",
    metadata,
    sa.Column("indicateur", sa.String(80), sa.ForeignKey("indicateurs.code", ondelete="CASCADE"), primary_key=True),
    sa.Column("niveau", sa.String(20), primary_key=True),
    sa.Column("code", sa.String(20), primary_key=True),
    sa.Column("millesime", sa.String(40), primary_key=True),
    sa.Column("valeur", sa.Float),
    sa.Index("ix_indicateur_valeurs_niveau_code", "niveau", "code"),
)
