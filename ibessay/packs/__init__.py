"""Teacher packs: scaffold, validate, test, install and export them (issue 11)."""
