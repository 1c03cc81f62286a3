"""Open Badges 3.0 credentials: JSON-LD, Data Integrity signing and verification, DIDs."""
