"""Command line ``python -m data``: one module per group of commands."""
