"""Pack operations: scaffold, validate, test, install, list, remove and export packs."""
