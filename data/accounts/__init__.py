"""Accounts: local and OIDC authentication, roles and permissions."""
