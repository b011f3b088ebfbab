"""Evaluation harness: measures each scoring signal on public data."""
