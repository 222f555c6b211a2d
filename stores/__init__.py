"""Tracker and lock stores chosen from the environment (SQLite or PostgreSQL; in memory or Redis)."""
