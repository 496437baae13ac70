"""Territory indicators: catalogue, built-in values, imports, INSEE loader, profiles, classes, similarity."""
