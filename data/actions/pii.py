"""Detect personal data of accompanied people in free text, before anything is saved.

Four kinds, all with regular expressions and checks (no model, works offline):

* ``nir``: French social-security numbers (13 digits, or 15 with the key), with
  spaces, dots or dashes; the 15-character form must pass the mod-97 key check
  (Corsica ``2A``/``2B`` counted as 19/18); the 13-character form needs a
  plausible sex digit, month and département;
* ``email``: e-mail addresses, also written ``nom [at] domaine.fr`` or ``arobase``;
* ``telephone``: French numbers ``0X XX XX XX XX`` (spaces, dots, dashes or none),
  ``+33``/``0033`` with or without ``(0)``;
* ``date_naissance``: a full date next to "né(e) le", "naissance", "DDN"…; "le
  projet est né le …" (a collective subject) is not a birth date.

Matched text is never logged: callers get the kind and the position only (and
:func:`mask` to show a hint to the person who typed it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("nir", "email", "telephone", "date_naissance")

_SEP = r"[ .\-]?"
NIR_RE = re.compile(
    rf"(?<![\dA-Za-z])([12]){_SEP}(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{2}}|2[AaBb]){_SEP}(\d{{3}}){_SEP}(\d{{3}})"
    rf"(?:{_SEP}(\d{{2}}))?(?![\dA-Za-z])"
)
_TLDS = r"(?:fr|com|org|net|eu|info|be|ch|io|re|yt|gp|mq|gf|nc|pf|bzh|corsica|paris|alsace)"
_DOT = r"(?:\.|\s?\[(?:dot|point)\]\s?|\s?\((?:dot|point)\)\s?|\s(?:dot|point)\s)"
EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[a-zA-Z]{2,24}\b"
    r"|(?<![\w.+-])[\w.+-]{1,64}\s?(?:\[(?:at|arobase)\]|\((?:at|arobase)\)|\sarobase\s|\{at\})\s?"
    rf"[\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}})*{_DOT}{_TLDS}\b",
    re.IGNORECASE,
)
PHONE_RE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0)[1-9](?:[ .\-]?\d{2}){4}(?!\d)"
    r"|(?<![\d+])0[1-9]\d{2}[ .\-]\d{3}[ .\-]\d{3}(?!\d)"  # 0612 345 678
)
_MONTHS = (
    "janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|"
    r"janv\.?|f[ée]vr?\.?|avr\.?|juil\.?|sept?\.?|oct\.?|nov\.?|d[ée]c\.?"
)
DATE_RE = (
    r"(?:\d{1,2}|1er)\s+(?:" + _MONTHS + r")(?:\s+\d{4})?"
    r"|\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:\d{4}|\d{2})"
    r"|\d{4}-\d{2}-\d{2}"
)
BIRTH_RE = re.compile(
    r"(?P<ctx>\bn[ée]e?s?(?:\(e\))?(?:\s+le|\s+en\s+date\s+du|\s*:)|date\s+de\s+naissance|\bd\.?\s?d\.?\s?n\b\.?|"
    r"naissance\s*:?)\s*:?\s*(?P<date>" + DATE_RE + r")",
    re.IGNORECASE,
)
# A full date followed by "(date de) naissance": "12/03/1985 (date de naissance)".
BIRTH_AFTER_RE = re.compile(
    r"(?P<date>\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:\d{4}|\d{2})|(?:\d{1,2}|1er)\s+(?:" + _MONTHS + r")\s+\d{4})"
    r"\s*[(,;:–-]\s*(?:date\s+de\s+)?naissance\b(?!\s+(?:d[eu]|des|d'|d’))",
    re.IGNORECASE,
)
_COLLECTIVE = re.compile(
    r"\b(?:projet|collectif|association|action|atelier|dispositif|r[ée]seau|groupe|initiative|id[ée]e|"
    r"centre|lieu|festival|jardin|conseil|comit[ée]|march[ée]|journal|caf[ée]|service|partenariat|"
    r"programme|d[ée]marche|structure|chantier|club|maison|tiers-lieu|s[ée]jour)s?\b[^.!?]{0,10}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a text: its kind and where it is."""

    kind: str
    start: int
    end: int


def nir_key_ok(number13: str, key: str) -> bool:
    """Mod-97 key check of a NIR (``2A``/``2B`` read as 19/18 in the number)."""
    digits = number13.upper().replace("2A", "19").replace("2B", "18")
    if not digits.isdigit() or not key.isdigit():
        return False
    return 97 - int(digits) % 97 == int(key)


def _nir_findings(text: str) -> list[Finding]:
    found = []
    for m in NIR_RE.finditer(text):
        sex, _year, month, dep, _commune, _order, key = m.groups()
        body = "".join(g for g in m.groups()[:6])
        if key is not None:
            if nir_key_ok(body, key):
                found.append(Finding("nir", m.start(), m.end()))
            continue
        month_ok = 1 <= int(month) <= 12 or 20 <= int(month) <= 42 or 50 <= int(month) <= 99
        dep_ok = dep.upper() in ("2A", "2B") or dep.isdigit() and int(dep) >= 1
        raw = m.group(0)
        grouped = any(c in raw for c in " .-")
        # A bare 13-digit run without key is only taken when written like a NIR (grouped).
        if sex in "12" and month_ok and dep_ok and grouped:
            found.append(Finding("nir", m.start(), m.end()))
    return found


def find_pii(text: str | None) -> list[Finding]:
    """Every personal-data finding in ``text``, in order of position."""
    if not text:
        return []
    text = str(text)
    found = _nir_findings(text)
    taken = [(f.start, f.end) for f in found]

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for m in EMAIL_RE.finditer(text):
        if free(m.start(), m.end()):
            found.append(Finding("email", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in PHONE_RE.finditer(text):
        if free(m.start(), m.end()):
            found.append(Finding("telephone", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in BIRTH_RE.finditer(text):
        before = text[max(0, m.start() - 60) : m.start()]
        if m.group("ctx").lower().startswith("n") and _COLLECTIVE.search(before):
            continue
        if free(m.start("date"), m.end("date")):
            found.append(Finding("date_naissance", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in BIRTH_AFTER_RE.finditer(text):
        if free(m.start(), m.end()):
            found.append(Finding("date_naissance", m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def kinds_in(text: str | None) -> set[str]:
    """The kinds of personal data found in ``text``."""
    return {f.kind for f in find_pii(text)}


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
