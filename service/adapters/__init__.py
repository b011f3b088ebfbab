"""What the service plugs into the core and the outside world: the score cache and the Redis client it
shares with the rate limiter, the versioned corpus store and its sync across replicas, the embedder."""
