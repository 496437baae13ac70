"""The catalogue itself: at least 50 inputs, every channel, every kind of attack the issue lists."""
from __future__ import annotations

import yaml

from tests.hostile import catalogue as cat


def test_at_least_fifty_cases_with_unique_ids_and_known_channels() -> None:
    assert len(cat.CASES) >= 50
    assert len({c.id for c in cat.CASES}) == len(cat.CASES)
    assert {c.channel for c in cat.CASES} == set(cat.CHANNELS)
    assert all(c.outcome in cat.OUTCOMES for c in cat.CASES)
    assert all(n >= 5 for n in cat.sizes().values()), cat.sizes()


def test_every_case_says_what_must_happen() -> None:
    for case in cat.CASES:
        assert case.input and case.expected, case.id
        if case.outcome == "lignes":
            assert case.counts and case.counts[0] == case.counts[1] + case.counts[2], case.id
        if case.outcome == "fichier_refuse":
            assert case.message, case.id
        if case.channel == "formulaire":
            assert case.stored or case.fields, case.id


def test_the_issue_list_is_covered() -> None:
    words = " ".join(f"{c.input} {c.expected}" for c in cat.CASES)
    for topic in (
        "<img src=x onerror=alert(1)>", "<script>", "svg onload", "${alert(4)}", "javascript:", "JaVaScRiPt:",
        "control", "vbscript:", "data:", "=HYPERLINK", "=cmd|' /C calc'!A0", "tab and CR", "@", "10 MB", "emoji",
        "U+202E", "NUL", "UTF-16", "Windows-1252", "invalid byte", "10,000 columns", "bomb", "inflat",
        "self-intersecting", "nested 100,000", "500,000 positions", "NaN", "inf", "out of range",
        "INSEE", "former", "repeated", "SQL", "path traversal", "unicode",
    ):
        assert topic in words, topic
    text_fields = {"title", "summary", "porteurs", "contact", "source title"}
    form = " ".join(c.input for c in cat.of("formulaire")).replace("résumé", "summary")
    assert all(f in form for f in text_fields), form


def test_every_page_is_in_the_url_channel() -> None:
    for page in ("/", "/action", "/fiche", "/territoire", "/comparer", "/contribuer", "/moderation", "/import-indicateurs"):
        assert page in cat.PAGES


def test_browser_seed_carries_every_payload() -> None:
    rows = yaml.safe_load((cat.FIXTURES / "seed_navigateur.yaml").read_text(encoding="utf-8"))
    for payload in cat.BROWSER_PAYLOADS[:4]:
        assert any(payload in str(v) for row in rows for v in _values(row)), payload
    assert "javascript:alert(5)" not in {s["url"] for row in rows for s in row["sources"]}
    bad = yaml.safe_load((cat.FIXTURES / "seed_url_javascript.yaml").read_text(encoding="utf-8"))
    assert bad[0]["sources"][0]["url"] == "javascript:alert(5)"


def _values(row: dict) -> list:
    out = []
    for value in row.values():
        if isinstance(value, list):
            for item in value:
                out += list(item.values()) if isinstance(item, dict) else [item]
        else:
            out.append(value)
    return out
