"""Builds data/ from the researched tables in ../shared/sources (run once per research update)."""
