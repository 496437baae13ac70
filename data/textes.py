"""Every French text a user reads: page titles, labels, messages and errors.

Pages, components, the command line and the tests all read these constants, so
that rewording a label never silently breaks a test.
"""
from __future__ import annotations

APP_TITLE = "Atlas du développement social"
APP_SUBTITLE = (
    "Des actions collectives de travail social, situées sur leur territoire "
    "et reliées au guide du Haut Conseil du travail social."
)

# Navigation
PAGE_CARTE = "Carte des actions"
PAGE_ACTION = "Action"
PAGE_GUIDE = "Le guide"
PAGE_FICHE = "Fiche du guide"

# Filters
FILTRES = "Filtres"
FILTRE_REGION = "Région"
FILTRE_DEPARTEMENT = "Département"
FILTRE_EPCI = "Intercommunalité (EPCI)"
FILTRE_COMMUNE = "Commune"
FILTRE_FICHES = "Fiches du guide"
FILTRE_METHODES = "Méthodes"
FILTRE_PUBLICS = "Publics"
FILTRE_ANNEES = "Années"
FILTRE_TEXTE = "Recherche libre"
FILTRE_TEXTE_AIDE = "Mots du titre, du résumé ou des porteurs ; accents et majuscules ignorés."
FILTRE_TOUTES = "Toutes"
FILTRE_TOUS = "Tous"
FILTRE_REINITIALISER = "Effacer les filtres"
NIVEAU_CARTE = "Découpage de la carte"
NIVEAU_DEPARTEMENTS = "Départements"
NIVEAU_REGIONS = "Régions"

# Home page
RESULTATS_COMPTE = "{n} action(s) correspondent à la sélection"
RESULTATS_AUCUN = "Aucune action ne correspond à ces filtres. Élargissez la sélection."
TABLEAU_TITRE = "Actions de la sélection"
COL_TITRE = "Titre"
COL_LIEU = "Lieu"
COL_DEPARTEMENT = "Département"
COL_ANNEES = "Années"
COL_METHODES = "Méthodes"
COL_FICHES = "Fiches"
COL_LIEN = "Page de l'action"
LIEN_VOIR_ACTION = "Voir l'action"
CARTE_LEGENDE = "Chaque point est une action documentée ; les nombres regroupent les actions proches. Cliquez pour lire le résumé."
PARTAGE_URL = "L'adresse de la page garde les filtres : copiez-la pour partager cette vue."

# Action page
ACTION_INTROUVABLE = "Cette action n'existe pas ou n'est pas publiée."
ACTION_ID_INVALIDE = "L'adresse ne désigne pas une action (identifiant attendu : un nombre)."
ACTION_TERRITOIRE = "Territoire"
ACTION_ANNEES = "Années"
ACTION_METHODES = "Méthode(s)"
ACTION_PUBLICS = "Public(s)"
ACTION_PORTEURS = "Porteurs"
ACTION_RESUME = "Résumé"
ACTION_FICHES = "Fiches du guide"
ACTION_SOURCES = "Sources"
ACTION_PROVENANCE = "Provenance"
ACTION_PROCHES = "Actions proches"
ACTION_AUCUNE_PROCHE = "Aucune autre action documentée à moins de {km} km."
ACTION_NOTE_LIEU = "Précision sur le lieu"
ACTION_RETOUR = "Retour à la carte"
PROVENANCE_LIBELLES = {
    "documentee": "Documentée par une source publique",
    "declaree": "Déclarée par une équipe",
}
ORIGINE_LIEN_LIBELLES = {
    "annexe": "lien établi par l'annexe du guide",
    "editeurs": "lien proposé par les éditeurs de l'atlas",
    "equipe": "lien proposé par l'équipe qui a déclaré l'action",
}
ANNEES_INCONNUES = "années non précisées"
ANNEES_DEPUIS = "depuis {debut}"
ANNEES_PERIODE = "{debut}–{fin}"
A_KM = "à {km} km"

# Guide
GUIDE_INTRO = (
    "Le *Guide d'appui aux interventions collectives du travail social en faveur du "
    "développement social*, publié en juin 2019 par le Haut Conseil du travail social, "
    "montre comment les travailleurs sociaux peuvent agir avec des groupes, des "
    "habitants et des partenaires, et pas seulement auprès de chaque personne. "
    "Il distingue le développement social, une façon de conduire l'action sociale qui "
    "cherche à prévenir les difficultés en décloisonnant les politiques publiques et en "
    "faisant des personnes des participantes, des méthodes collectives qui le servent."
)
GUIDE_POURQUOI = (
    "Les actions collectives restent peu visibles à côté de l'accompagnement individuel. "
    "L'atlas relie chaque action documentée aux fiches du guide, pour montrer la méthode "
    "employée là où elle a été conduite."
)
GUIDE_LIEN = "Lire le guide (présentation et téléchargement)"
GUIDE_FICHES = "Les 26 fiches"
GUIDE_METHODES = "Approches et méthodes collectives"
GUIDE_ILLUSTRATIONS = "Illustrations de l'annexe"
GUIDE_ILLUSTRATIONS_NOTE = (
    "L'annexe du guide présente {total} illustrations ; {connues} ont pu être identifiées "
    "dans des copies publiques."
)
GUIDE_STATUT_NOTE = (
    "{confirmees} intitulés de fiches sur 26 ont pu être vérifiés dans des copies publiques ; "
    "les autres restent à compléter à partir du guide officiel."
)
FICHE_NUMERO = "Fiche {numero}"
FICHE_A_COMPLETER = "intitulé à compléter"
FICHE_STATUT = {"confirmee": "intitulé confirmé", "a_completer": "intitulé à compléter"}
FICHE_INVALIDE = "Numéro de fiche invalide : choisissez un nombre entre 1 et 26."
FICHE_ACTIONS = "Actions reliées à cette fiche"
FICHE_AUCUNE_ACTION = "Aucune action documentée n'est encore reliée à cette fiche."
METHODE_AUCUNE_ACTION = "Aucune action documentée pour l'instant."
COMPTE_ACTIONS = "{n} action(s)"
ILLUSTRATION_LIEU_INCONNU = "lieu non identifié"
VOIR_FICHE = "Voir la fiche"

# Geodata preparation
GEO_PREPARATION = "Préparation des contours des territoires (une seule fois)…"
GEO_PRET = "Contours prêts."

# Loading errors (seed, catalogue, imports)
ERREUR_FICHIER = "{fichier}, ligne {ligne}, champ « {champ} » : {message}"
ERREUR_FICHIER_ILLISIBLE = "{fichier} : fichier illisible ({detail})."
ERREUR_FICHIER_ABSENT = "{fichier} : fichier introuvable."
ERREUR_FORMAT = "{fichier} : format non reconnu (attendu : CSV ou YAML)."
ERR_CHAMP_OBLIGATOIRE = "champ obligatoire manquant"
ERR_TEXTE_VIDE = "le texte est vide"
ERR_TEXTE_LONG = "texte trop long ({n} caractères, maximum {max})"
ERR_CODE_INCONNU = "code {niveau} « {code} » inconnu dans le référentiel des territoires"
ERR_NIVEAU_INCONNU = "niveau « {niveau} » inconnu (attendu : {attendus})"
ERR_FICHE_HORS_BORNES = "numéro de fiche {numero} impossible (le guide compte 26 fiches)"
ERR_FICHE_ORIGINE = "origine du lien « {origine} » inconnue (attendu : {attendus})"
ERR_METHODE_INCONNUE = "méthode « {valeur} » inconnue"
ERR_PUBLIC_INCONNU = "public « {valeur} » inconnu"
ERR_ILLUSTRATION_INCONNUE = "illustration « {valeur} » inconnue"
ERR_URL = "adresse « {url} » invalide (seules les adresses http:// ou https:// complètes sont acceptées)"
ERR_SOURCE_MANQUANTE = "au moins une source publique est exigée"
ERR_ANNEE = "année {annee} peu plausible (attendu entre {min} et {max})"
ERR_ANNEES_ORDRE = "l'année de fin ({fin}) précède l'année de début ({debut})"
ERR_ENTIER = "nombre entier attendu, reçu « {valeur} »"
ERR_LISTE = "liste attendue"
ERR_DOUBLON = "identifiant « {valeur} » déjà utilisé ligne {ligne}"
ERR_PROVENANCE = "provenance « {valeur} » inconnue (attendu : {attendus})"
ERR_STATUT_FICHE = "statut « {valeur} » inconnu (attendu : confirmee ou a_completer)"
ERR_FICHE_SANS_TITRE = "une fiche confirmée doit avoir un intitulé"
ERR_IDENTIFIANT = "identifiant « {valeur} » invalide (lettres minuscules, chiffres et tirets)"

# Command line
CLI_DESCRIPTION = "Commandes de l'Atlas du développement social (hors navigateur)."
CLI_INIT = "Base prête : {actions} action(s) publiées, {fiches} fiches, contours en cache dans {cache}."
CLI_SEED_OK = "{fichier} : {n} action(s) valides."
CLI_SEED_KO = "{fichier} : {n} erreur(s)."
CLI_FICHES_OK = "{n} fiche(s) lue(s) : {crees} mise(s) à jour, {inchangees} inchangée(s)."
CLI_MIGRATION = "Migration de la base…"
CLI_SEED = "Chargement des actions documentées…"
CLI_ERREUR_BASE = "Base de données inaccessible : {detail}"
