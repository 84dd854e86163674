"""What teachers do with packs: scaffold, validate, test, export and install them."""
