"""Rasa input channels beyond the built-in REST one, configured from the environment (assessment-contract.md
section 4) and registered in credentials.yml by module path."""
