"""Use cases: one function per verb, one transaction per call, adapters passed in."""
