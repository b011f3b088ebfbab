"""POST /check: a whole draft, every sentence with its offsets, the check-worthy ones scored."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from service.api.admission import ScoringDep
from service.api.cached_scoring import check_draft
from service.api.json_response import model_json
from service.api.logs import log_submitted_texts
from service.api.schemas.errors import SCORING_ERRORS
from service.api.schemas.requests import CheckRequest
from service.api.schemas.responses import CheckResponse

router = APIRouter(tags=["draft"])


@router.post("/check", response_model=CheckResponse, responses=SCORING_ERRORS)
async def check(body: CheckRequest, ctx: ScoringDep) -> Response:
    """Check a whole draft: every sentence with its offsets, the check-worthy ones scored, and a summary."""
    log_submitted_texts(ctx.settings.log_claim_text, "draft", [body.text])
    report = await check_draft(
        ctx.scorer, ctx.cache, ctx.flight, body.text, body.source, on_stage=ctx.metrics.observe_stage
    )
    return model_json(report)
