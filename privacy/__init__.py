"""Keeping as little about teachers as possible: erasure on request, and deletion after a retention period."""
