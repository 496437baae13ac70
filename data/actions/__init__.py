"""Documented actions: model (models), field list (fields), places, validation, repository, drafts, review workflow, search, personal-data guard, seed, imports and exports."""
