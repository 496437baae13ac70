"""The atlas's HTML fragments escape every text and link only safe addresses."""
from __future__ import annotations

from html.parser import HTMLParser

from components.html_view import Link, anchor, links_html, table_html

HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>&amp;"\''


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data) -> None:
        self.text.append(data)


def _parse(fragment: str) -> _Tags:
    parser = _Tags()
    parser.feed(fragment)
    return parser


def test_hostile_text_stays_text_in_every_cell_and_header() -> None:
    fragment = table_html([HOSTILE, Link(HOSTILE, "/territoire?code=departement:47")], [[HOSTILE, Link(HOSTILE, "/action?id=1")]], HOSTILE)
    parsed = _parse(fragment)
    assert {tag for tag, _ in parsed.tags} == {"div", "table", "caption", "thead", "tr", "th", "tbody", "td", "a"}
    assert "".join(parsed.text).count(HOSTILE) == 5  # caption, two headers, two cells: shown as typed
    assert all(not name.startswith("on") for _, attrs in parsed.tags for name in attrs)


def test_only_local_and_web_addresses_are_linked() -> None:
    assert anchor("x", "/action?id=3") == '<a href="/action?id=3">x</a>'  # same tab: no target
    outside = _parse(anchor("source", "https://example.org/a?b=1&c=2")).tags[0][1]
    assert outside["target"] == "_blank" and "noopener" in outside["rel"] and outside["href"] == "https://example.org/a?b=1&c=2"
    for bad in ("javascript:alert(1)", "data:text/html,<b>", "//evil.example", "/a\nb", " javascript:alert(1)"):
        assert "<a" not in anchor("x", bad), bad
    assert anchor("x", "/\\evil") == '<a href="/%5Cevil">x</a>'  # a backslash is encoded: it stays a local path
    assert links_html([]) == "—" and links_html([Link("a", "/guide"), "b"], " › ") == '<a href="/guide">a</a> › b'
