"""Benchmarks of the tool: standalone scripts, run by hand (see benchmarks/README.md)."""
