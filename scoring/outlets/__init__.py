"""Outlet reliability: URL -> outlet (domains.py), several rating tables pooled into a prior with a
confidence (priors.py), and the shipped table of those priors with its lookups (table.py)."""

from scoring.outlets.domains import USER_CONTENT_PLATFORMS, registrable_domain, table_key
from scoring.outlets.priors import NEUTRAL_P, SourceRating, pool_ratings, prior_of
from scoring.outlets.table import PARENT_WEIGHT_FACTOR, OutletRating, OutletTable
from scoring.text.canonical import name_key as normalise_name

__all__ = [
    "NEUTRAL_P",
    "PARENT_WEIGHT_FACTOR",
    "USER_CONTENT_PLATFORMS",
    "OutletRating",
    "OutletTable",
    "SourceRating",
    "normalise_name",
    "pool_ratings",
    "prior_of",
    "registrable_domain",
    "table_key",
]
