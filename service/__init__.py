"""The HTTP layer: adapts HTTP, the cache and environment settings to the scoring core."""
