"""Helpers of the AppTest files: open a page through app.py, read the announced count."""
from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest


def open_page(at: AppTest, page: str | None = None, **query: str) -> AppTest:
    """Run the app once, then switch to ``page`` with ``query`` in its address; no exception."""
    at.run()
    if page:
        at.switch_page(page)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def count_of(at: AppTest) -> int:
    """The number of actions announced on the map page."""
    heading = next(h.value for h in at.subheader if " correspond" in h.value and "sélection" in h.value)
    return int(heading.split(" ")[0])


def open_app(make_app: Callable[..., AppTest], page: str | None = None, **query: str) -> AppTest:
    """Build the app with ``query`` in its address and open ``page``; no exception."""
    return open_page(make_app(**query), page, **query)


def page_link_targets(at: AppTest) -> list[str]:
    """The same-tab links of the page, as ``/page?query`` addresses."""
    return [f"/{e.proto.page}" + (f"?{e.proto.query_string}" if e.proto.query_string else "") for e in at.get("page_link")]


def page_link_labels(at: AppTest) -> list[str]:
    """The labels of the page's same-tab links."""
    return [e.proto.label for e in at.get("page_link")]
