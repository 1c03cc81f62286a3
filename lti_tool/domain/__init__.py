"""The core of the tool in plain Python: micro-credentials, results, rules and awards, no I/O."""
