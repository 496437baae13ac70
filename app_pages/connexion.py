"""Sign in and out: ``/connexion`` (local accounts or OpenID Connect, by configuration)."""
from __future__ import annotations

from components.auth import sign_in_page

sign_in_page()
