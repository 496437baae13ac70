"""Reading files: YAML and CSV data files of the project."""
