"""Helpers of the browser tests: a page that refuses outside hosts, the announced count."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

MAP_FRAME = 'iframe[title="components.map.carte_atlas"]'
COUNT_RE = re.compile(r"(\d+) (?:action correspond|actions correspondent)")


def _offline_page(browser, app_url: str, bypass_csp: bool = False):
    """A page whose requests to any host but the app's are refused and recorded.

    ``bypass_csp``: for tests that inject their own script (axe-core), which the app's
    Content-Security-Policy rightly refuses.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR", bypass_csp=bypass_csp)
    app_host = urlsplit(app_url).netloc
    refused: list[str] = []
    errors: list[str] = []

    def guard(route) -> None:
        if urlsplit(route.request.url).netloc == app_host:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return page, refused, errors


def _count(page) -> int:
    heading = page.get_by_text(COUNT_RE).first
    heading.wait_for(timeout=60_000)
    return int(COUNT_RE.search(heading.inner_text()).group(1))
