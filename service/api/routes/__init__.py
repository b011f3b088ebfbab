"""The API's routes, one module per resource: scoring (claims), drafts, corpus, ops, plugin page, API docs.

ROUTES is every route of the app, in matching order; the app puts them on its own router (an included
router is matched as one more level, which cost about a tenth of a cache hit, bench/http_bench.py).
"""

from starlette.routing import BaseRoute

from service.api.routes import corpus, docs, drafts, ops, plugin, scoring

ROUTES: list[BaseRoute] = [
    *scoring.router.routes,
    *drafts.router.routes,
    *ops.router.routes,
    *plugin.router.routes,
    *corpus.router.routes,
    *docs.router.routes,
]
