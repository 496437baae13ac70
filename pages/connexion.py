"""Sign in and out: ``/connexion`` (local accounts or OpenID Connect, by configuration)."""
from __future__ import annotations

from components.auth import sign_in_page
from components.entry import through_app

through_app()  # a first request on this address runs it through app.py

sign_in_page()
