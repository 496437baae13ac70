"""Detect personal data of accompanied people in free text, before anything is saved.

The text is first folded (``data/actions/pii_text.py``: NFKD, accents, every kind of
space, zero-width characters, fullwidth forms, HTML entities, percent-encoding), then
four kinds are looked for, with checks (no model, works offline):

* ``nir``: social-security numbers, 13 characters or 15 with the key, with any
  separators or none (``1/85/05/…``), Corsica ``2A``/``2B``, overseas births ``97x``
  (3-digit département, 2-digit commune) and births abroad ``99``; the 15-character
  form must pass the mod-97 key check; the 13-character form must be grouped and
  plausible (sex, month, département);
* ``telephone``: candidates checked by the ``phonenumbers`` library (French and
  overseas plans: ``+262``, ``+590``, ``+594``, ``+596``, ``+269``, ``+687``, ``+689``,
  ``+508``…; national ``0692…``, ``0590…`` numbers as well); toll-free and shared-cost
  numbers (``0 800 …``) are public services, not personal;
* ``email``: ``@`` in any form (``＠``, ``&#64;``, ``%40``, ``at``, ``AT``, ``arobase``,
  ``chez``, ``[at]``, ``(a)``, ``{at}``…) and dots written ``dot``/``point``;
* ``date_naissance``: a date (digits or words, with or without the day, the day in
  words too) after "né(e) le / en", "date de naissance", "DDN", or followed by
  "(date de naissance)"; "le projet est né le …" (a collective subject: a noun such
  as projet, association, or a name like "La Ruche") is not a birth date.

Matched text is never logged: callers get the kind and the position in the original
text only (and :func:`mask` to show a hint to the person who typed it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType

from data.actions.pii_text import Normalised, normalise

KINDS = ("nir", "email", "telephone", "date_naissance")

# --- NIR ---------------------------------------------------------------------------
_NIR_RUN = re.compile(r"(?<![\w])[0-9](?:[ ./_:\-]{0,3}[0-9ABab])+")
_NIR_SEPARATORS = " ./_:-"


def nir_key_ok(number13: str, key: str) -> bool:
    """Mod-97 key check of a NIR (``2A``/``2B`` read as 19/18 in the number)."""
    digits = number13.upper().replace("2A", "19").replace("2B", "18")
    if not digits.isdigit() or not key.isdigit() or len(digits) != 13:
        return False
    return 97 - int(digits) % 97 == int(key)


def _nir_body_ok(body: str) -> bool:
    """Plausible 13-character NIR: sex, month, département (2A/2B, 97x overseas, 99 abroad)."""
    if not re.fullmatch(r"[12]\d{4}(?:\d\d|2[AB])\d{6}", body):
        return False
    month, dep = int(body[3:5]), body[5:7]
    month_ok = 1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99
    return month_ok and (dep in ("2A", "2B") or dep.isdigit() and int(dep) >= 1)


def _nir_findings(norm: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for run in _NIR_RUN.finditer(norm):
        raw, base = run.group(0), run.start()
        compact, where = [], []
        for i, ch in enumerate(raw):
            if ch not in _NIR_SEPARATORS:
                compact.append(ch.upper())
                where.append(base + i)
        text = "".join(compact)
        # Candidate starts: the run's start and every character after a separator.
        starts = [0] + [k for k in range(1, len(where)) if where[k] != where[k - 1] + 1]
        taken_until = -1
        for k in starts:
            if k <= taken_until:
                continue
            for size in (15, 13):
                chunk = text[k : k + size]
                if len(chunk) != size:
                    continue
                end_k = k + size
                if end_k < len(where) and where[end_k] == where[end_k - 1] + 1:
                    continue  # the number goes on: not a boundary
                if size == 15 and not (chunk[0] in "12" and nir_key_ok(chunk[:13], chunk[13:])):
                    continue
                if size == 13:
                    # Without its key: grouped like a NIR, plausible, and nothing after it
                    # (a 2-digit group after it would be a key, and it did not check).
                    grouped = where[end_k - 1] - where[k] + 1 > 13
                    if end_k < len(where) or not (grouped and _nir_body_ok(chunk)):
                        continue
                found.append((where[k], where[end_k - 1] + 1))
                taken_until = end_k - 1
                break
    return found


# --- telephone -----------------------------------------------------------------------
_PHONE_RUN = re.compile(r"(?<![\w+])(?:\(\s?\+\s?\d{1,3}\s?\)|\+\s?\d|\d)[\d \-./()]*\d(?![\d])")
_GROUP = re.compile(r"\d+")
_NATIONAL_REGIONS = ("FR", "RE", "GP", "MQ", "GF", "YT")
_PUBLIC_TYPES = {PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST, PhoneNumberType.PREMIUM_RATE, PhoneNumberType.UAN}
_DATE_SHAPE = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{2}|\d{4})")


def _valid_phone(candidate: str) -> bool:
    """True when ``candidate`` is a personal phone number (not a public service such as 0 800).

    International numbers must be valid for the ``phonenumbers`` library; French ones
    (``0X…`` or ``+33``) need only the right length, as a number not yet allocated
    (``07 12 …``) is still someone's number once allocated.
    """
    compact = re.sub(r"\(0\)", "", candidate)
    compact = re.sub(r"[^\d+]", "", compact)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+"):
        regions: tuple[str | None, ...] = (None,)
        if not 7 <= len(compact) - 1 <= 15:
            return False
    else:
        if len(compact) != 10 or not compact.startswith("0") or compact[1] == "0":
            return False
        regions = _NATIONAL_REGIONS
    for region in regions:
        try:
            number = phonenumbers.parse(compact, region)
        except phonenumbers.NumberParseException:
            continue
        french = number.country_code == 33 and phonenumbers.is_possible_number(number)
        if phonenumbers.is_valid_number(number) or french:
            public = number.country_code == 33 and str(number.national_number).startswith("8")  # 08…: services
            return phonenumbers.number_type(number) not in _PUBLIC_TYPES and not public
    return False


def _separators(window: str) -> set[str]:
    """The separators between the digit groups of ``window`` (a leading ``(+33)``/``(0)`` aside)."""
    inner = re.sub(r"\(0\)|^\(?\+\d{1,3}\)?", "", window).strip()
    return {sep.strip() or " " for sep in re.split(r"\d+", inner) if sep}


def _standalone(raw: str, groups: list[re.Match], i: int, j: int, seps: set[str]) -> bool:
    """False when the groups around ``i..j`` continue the same number (``1 85 05 75 123 456 99``)."""
    if not seps:
        return True
    sep = next(iter(seps))
    before = i > 0 and (raw[groups[i - 1].end() : groups[i].start()].strip() or " ") == sep
    after = j + 1 < len(groups) and (raw[groups[j].end() : groups[j + 1].start()].strip() or " ") == sep
    return not (before or after)


def _glued_numbers(raw: str, groups: list[re.Match]) -> list[tuple[int, int]]:
    """Several national numbers written one after the other with the same separator
    (``06 12 34 56 78 07 81 22 45 90``): the spans of each, when every one is a phone."""
    if raw.startswith(("+", "(")) or len(_separators(raw)) > 1:
        return []
    spans, first, digits = [], 0, 0
    for k, group in enumerate(groups):
        digits += len(group.group(0))
        if digits == 10:
            spans.append((groups[first].start(), group.end()))
            first, digits = k + 1, 0
        elif digits > 10:
            return []
    if digits or len(spans) < 2 or not all(_valid_phone(raw[a:b]) for a, b in spans):
        return []
    return spans


def _phone_findings(norm: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for run in _PHONE_RUN.finditer(norm):
        raw, base = run.group(0), run.start()
        if _DATE_SHAPE.fullmatch(raw.strip()):
            continue
        groups = list(_GROUP.finditer(raw))
        glued = _glued_numbers(raw, groups)
        if glued:
            found.extend((base + a, base + b) for a, b in glued)
            continue
        i = 0
        while i < len(groups):
            hit = None
            digits = 0
            for j in range(i, len(groups)):
                digits += len(groups[j].group(0))
                if digits > 15:
                    break
                start = 0 if i == 0 else groups[i].start()  # keep a leading "+" or "(+33)"
                window = raw[start : groups[j].end()]
                seps = _separators(window)
                if (
                    digits >= 6
                    and len(seps) <= 1
                    and not _DATE_SHAPE.fullmatch(window)
                    and _standalone(raw, groups, i, j, seps)
                    and _valid_phone(window)
                ):
                    hit = (base + start, base + groups[j].end(), j)
            if hit:
                found.append(hit[:2])
                i = hit[2] + 1
            else:
                i += 1
    return found


# --- e-mail ---------------------------------------------------------------------------
_TLDS = (
    r"(?:fr|com|org|net|eu|info|be|ch|lu|ca|io|re|yt|gp|mq|gf|nc|pf|pm|wf|bzh|corsica|paris|alsace|"
    r"gouv\.fr|asso\.fr|coop|me|biz|de|es|it|uk|ma|dz|tn|sn|ci|cm|km)"
)
_LOCAL = r"[a-z0-9][a-z0-9._+\-]{0,63}"
_LABEL = r"[a-z0-9][a-z0-9\-]{0,62}"
_AT_WORDS = r"(?:at|arobase|chez|a)"
_AT_SPELLED = (
    rf"\s?[\[\(\{{<]\s?(?:{_AT_WORDS}|@)\s?[\]\)\}}>]\s?"  # [at] (a) {at} <at> (@)
    r"|\s(?:at|arobase|chez)\s"  # jean AT exemple
)
_DOT_SPELLED = r"\s?[\[\(\{<]\s?(?:dot|point|\.)\s?[\]\)\}>]\s?|\s(?:dot|point)\s"
EMAIL_RE = re.compile(
    rf"(?<![a-z0-9._+\-]){_LOCAL}\s?@\s?{_LABEL}(?:\s?\.\s?{_LABEL})*\s?\.\s?[a-z]{{2,24}}(?![a-z0-9\-])"
    rf"|(?<![a-z0-9._+\-]){_LOCAL}(?:(?:{_DOT_SPELLED}){_LOCAL})*(?:{_AT_SPELLED}|\s?@\s?)"
    rf"{_LABEL}(?:(?:{_DOT_SPELLED}|\.){_LABEL})*(?:{_DOT_SPELLED}|\.){_TLDS}(?![a-z0-9\-])",
    re.IGNORECASE,
)

# --- birth dates ----------------------------------------------------------------------
_MONTHS = (
    r"(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    r"janv\.?|fevr?\.?|avr\.?|juil\.?|sept?\.?|oct\.?|nov\.?|dec\.?)"
)
_DAY_WORDS = (
    r"(?:premier|1er|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|"
    r"dix-sept|dix-huit|dix-neuf|vingt(?:-et-un|\set\sun|-(?:deux|trois|quatre|cinq|six|sept|huit|neuf))?|"
    r"trente(?:-et-un|\set\sun)?)"
)
_NUMERIC_DATE = r"\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}"
_FULL_DATE = rf"(?:\d{{1,2}}|{_DAY_WORDS})\s+{_MONTHS}\s+(?:\d{{4}}|\d{{2}})|{_NUMERIC_DATE}"
_MONTH_YEAR = rf"{_MONTHS}\s+\d{{4}}"
_DAY_MONTH = rf"(?:\d{{1,2}}|{_DAY_WORDS})\s+{_MONTHS}(?![a-z])"
_BORN = r"\bnee?s?(?:\s?\(e\)|\.e|·e|-e)?s?"
# "née Martin le …", "né à Cayenne le …": a name or a place between "né(e)" and the date.
_BETWEEN = r"(?:\s+(?:a|au|aux)\s+(?-i:[A-Z][\w'\-]*(?:[ \-][A-Z][\w'\-]*){0,3})|\s+(?-i:[A-Z][\w'\-]+))?"
BIRTH_RE = re.compile(
    rf"(?P<born>{_BORN}){_BETWEEN}\s+le\s?:?\s*(?P<full>{_FULL_DATE}|{_DAY_MONTH})"
    rf"|(?P<born2>{_BORN}){_BETWEEN}\s+en\s+(?P<partial>{_MONTH_YEAR}|(?:19|20)\d\d)(?!\d)"
    rf"|(?:date\s+de\s+naiss(?:ance|\.)?|\bd\.?\s?d\.?\s?n\b\.?|\bnaissance|\bne\s?\(e\)\s?le)\s*:?\s*(?P<any>{_FULL_DATE}|{_MONTH_YEAR})"
    rf"|(?P<after>{_FULL_DATE})\s*[(,;:\-]\s*(?:date\s+de\s+)?naissance\b(?!\s+(?:du|de|des|d'))",
    re.IGNORECASE,
)
_COLLECTIVE = re.compile(
    r"\b(?:projets?|collectifs?|associations?|asso|actions?|ateliers?|dispositifs?|reseaux?|groupes?|initiatives?|"
    r"idees?|centres?|lieux?|lieu|festivals?|fetes?|jardins?|conseils?|comites?|marches?|journal|cafes?|services?|"
    r"partenariats?|programmes?|demarches?|structures?|chantiers?|clubs?|maisons?|tiers-lieux?|sejours?|creches?|"
    r"epiceries?|ressourceries?|amicales?|federations?|cooperatives?|regies?|plateformes?|equipes?|foyers?|"
    r"residences?|mouvements?|rencontres?|operations?|evenements?|manifestations?|espaces?|missions?|haltes?|"
    r"permanences?|fondations?|entreprises?|compagnies?|troupes?|chorales?|ecoles?|antennes?|poles?|commissions?|"
    r"coordinations?|cites?|quartiers?|concepts?|outils?|histoires?|aventures?|cooperations?|alliances?)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(
    r"\b(?:mme|mlle|m\.|madame|monsieur|mr|fils|fille|enfant|bebe|frere|soeur|pere|mere|jeune|participante?|"
    r"beneficiaire|usager|usagere|petite?|mari|epouse|conjointe?)\b",
    re.IGNORECASE,
)
# "La Ruche, née en …", "Le Relais, né le …": an article and a capitalised name is an organisation.
_NAMED_THING = re.compile(r"(?:^|[\s(])(?:La|Le|Les|L')\s?[A-Z][\w'\-]*(?:\s[A-Z][\w'\-]*)*\s*,?\s*(?:est\s|a\s)?$")


def _collective_subject(before: str) -> bool:
    """True when the clause before "né(e)" names a project or an organisation, not a person."""
    clause = re.split(r"[.;!?\n]\s", before)[-1][-80:]
    last_collective = max((m.end() for m in _COLLECTIVE.finditer(clause)), default=-1)
    last_person = max((m.end() for m in _PERSON.finditer(clause)), default=-1)
    if last_collective > last_person:
        return True
    return last_person < 0 and bool(_NAMED_THING.search(clause))


def _birth_findings(norm: str) -> list[tuple[int, int]]:
    found = []
    for m in BIRTH_RE.finditer(norm):
        if (m.group("born") or m.group("born2")) and _collective_subject(norm[max(0, m.start() - 120) : m.start()]):
            continue
        found.append((m.start(), m.end()))
    return found


# --- findings ------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a text: its kind and where it is (original text)."""

    kind: str
    start: int
    end: int


def find_pii(text: str | None) -> list[Finding]:
    """Every personal-data finding in ``text``, in order of position in ``text``."""
    if not text:
        return []
    folded: Normalised = normalise(str(text))
    norm = folded.text
    found: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, spans: list[tuple[int, int]]) -> None:
        for start, end in spans:
            if all(end <= s or start >= e for s, e in taken):
                found.append((kind, start, end))
                taken.append((start, end))

    add("nir", _nir_findings(norm))
    add("email", [(m.start(), m.end()) for m in EMAIL_RE.finditer(norm)])
    add("date_naissance", _birth_findings(norm))
    add("telephone", _phone_findings(norm))
    out = [Finding(kind, *folded.span(start, end)) for kind, start, end in found]
    return sorted(out, key=lambda f: f.start)


def kinds_in(text: str | None) -> set[str]:
    """The kinds of personal data found in ``text``."""
    return {f.kind for f in find_pii(text)}


#: Kinds allowed in the fields that hold the lead structure's own contact details (the form
#: checks those fields' format and only refuses a NIR there).
ALLOWED_IN_FIELD = {name: set(KINDS) - {"nir"} for name in ("contact_telephone", "contact_email")}


def blocking_kinds(field: str, text: str | None) -> set[str]:
    """The kinds found in ``text`` that block it in this form field (a structure's own phone is fine in its field)."""
    return kinds_in(text) - ALLOWED_IN_FIELD.get(field, set())


MASK_CHAR = "•"


def mask(text: str, finding: Finding) -> str:
    """A hint of what was found, with most characters hidden: ``06 •• •• •• 78``."""
    part = text[finding.start : finding.end]
    if len(part) <= 4:
        return MASK_CHAR * len(part)
    return part[:2] + "".join(MASK_CHAR if c.isalnum() else c for c in part[2:-2]) + part[-2:]


def redact(text: str | None) -> str:
    """``text`` with every finding replaced by its masked hint (nothing personal is kept)."""
    if not text:
        return text or ""
    out, last = [], 0
    for finding in find_pii(text):
        if finding.start < last:
            continue
        out.append(text[last : finding.start])
        out.append(mask(text, finding))
        last = finding.end
    out.append(text[last:])
    return "".join(out)


def scan_fields(fields: dict[str, str | None]) -> dict[str, list[Finding]]:
    """Findings per field name, for the fields that have some."""
    out: dict[str, list[Finding]] = {}
    for name, value in fields.items():
        found = find_pii(value)
        if found:
            out[name] = found
    return out
