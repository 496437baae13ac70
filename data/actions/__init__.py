"""Documented actions: model, field rules, repository, contributions, search, personal-data guard, imports and exports."""
