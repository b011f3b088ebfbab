"""The HTTP side: routes by resource, the JSON contract and its one mapper from core results, errors,
API keys, rate limits, middleware, metrics, and the lifespan state routes reach through dependencies."""
