"""The HCTS guide: fiches, methods, publics and annex illustrations."""
