"""Storage: engine and transactions, tables, migrations, audit log, backups."""
