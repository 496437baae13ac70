"""Reading files: the project's YAML and CSV data files, and uploaded tables (CSV, XLSX) for the importers."""
