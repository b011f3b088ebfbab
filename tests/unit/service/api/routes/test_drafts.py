"""POST /check through the real app: exact offsets on awkward text, limits, summary, per-sentence reuse."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.fakes import FakeEmbedder

DRAFT = (
    "Floods kill dozens in the valley\r\n"
    "Lt. Col. Ahmed Karim said floods in the river valley killed 12 people on Monday. "
    "Rescue teams evacuated 3,000 residents 🚨 from the lowest villages overnight.\r\n\r\n"
    "Сильные дожди затопили город, сообщили власти. "
    "Floods in the river valley killed 50 people on Monday.\n"
    "Why did the dam fail? "
    "“I think the council failed us,” a resident said. "
    "A source close to the council said the dam was never inspected."
)


def test_every_sentence_maps_back_to_the_draft_exactly(client: TestClient) -> None:
    body = client.post("/check", json={"text": DRAFT}).json()
    claims = body["claims"]
    assert len(claims) >= 8
    for claim in claims:
        assert DRAFT[claim["start"] : claim["end"]] == claim["text"]
    texts = [c["text"] for c in claims]
    assert "Lt. Col. Ahmed Karim said floods in the river valley killed 12 people on Monday." in texts
    assert any(t.startswith("Сильные дожди") for t in texts)
    reasons = {c["text"]: c["reason"] for c in claims}
    assert reasons["Floods kill dozens in the valley"] == "heading"
    assert reasons["Why did the dam fail?"] == "question"
    assert reasons["“I think the council failed us,” a resident said."] == "quoted_opinion"
    assert all((c["result"] is None) == (not c["is_claim"]) for c in claims)


def test_summary_counts_and_attention_order(client: TestClient) -> None:
    body = client.post("/check", json={"text": DRAFT}).json()
    summary = body["summary"]
    scored = [c for c in body["claims"] if c["result"]]
    assert summary["claims"] == len(scored) and summary["sentences"] == len(body["claims"])
    assert sum(summary["by_verdict"].values()) == len(scored) == sum(summary["by_band"].values())
    attention = [body["claims"][i]["result"] for i in summary["attention"]]
    assert attention and attention[0]["verdict"] == "contested"
    said = next(c for c in scored if c["text"].startswith("Lt. Col."))
    assert said["result"]["signals"]["attribution"]["kind"] == "on_record"
    anonymous = next(c for c in scored if c["text"].startswith("A source close"))
    assert anonymous["result"]["signals"]["attribution"]["kind"] == "anonymous"


def test_editing_one_sentence_rescores_only_that_sentence(client: TestClient, embedder: FakeEmbedder) -> None:
    client.post("/check", json={"text": DRAFT})
    before = embedder.texts_encoded
    edited = DRAFT.replace("3,000 residents", "4,000 residents")
    body = client.post("/check", json={"text": edited}).json()
    assert embedder.texts_encoded - before == 1
    cached = [c["result"]["cached"] for c in body["claims"] if c["result"]]
    assert cached.count(False) == 1


def test_draft_limits_and_hostile_text(client: TestClient) -> None:
    too_long = client.post("/check", json={"text": "Floods hit the valley. " * 5000})
    assert too_long.status_code in (413, 422) and set(too_long.json()) == {"detail", "code"}
    one_word = client.post("/check", json={"text": "x" * 90_000})
    assert one_word.status_code == 200
    assert one_word.json()["claims"][0]["reason"] == "too_short"
    nested = "[" * 5000 + "]" * 5000
    deep = client.post(
        "/check", content=f'{{"text": {nested}}}', headers={"content-type": "application/json"}
    )
    # Python's JSON parser refuses this depth; the answer is a plain 400, not a 500 or a stack trace.
    assert deep.status_code == 400 and deep.json()["code"] == "bad_request"


def test_evidence_carries_its_article_and_the_passage_in_context(client: TestClient) -> None:
    body = client.post(
        "/check", json={"text": "Floods in the river valley killed 50 people on Monday."}
    ).json()
    evidence = body["claims"][0]["result"]["evidence"]
    reuters = next(e for e in evidence if e["doc_id"] == "wire-1")
    assert reuters["title"] == "Floods kill 12 in river valley"
    assert reuters["url"] == "https://www.reuters.com/world/floods-river-valley"
    assert reuters["published_at"] == "2024-03-04"
    assert reuters["text"].startswith("Floods in the river valley killed 12")
    assert reuters["context_before"] == ""
    assert reuters["context_after"].startswith("Rescue teams evacuated 3,000 residents")
    guardian = next(e for e in evidence if e["doc_id"] == "daily-1")
    assert (guardian["title"], guardian["url"], guardian["published_at"]) == (None, None, None)
    assert guardian["context_after"].startswith("The storm also cut power")
