"""Text primitives every stage shares: sentences, word patterns, calendar names, the canonical form."""
