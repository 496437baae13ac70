"""Hostile and broken inputs: the catalogue (``catalogue.py``), the helpers that feed them
to the atlas (``harness.py``) and the tests that check what must happen."""
