"""The newsroom set: its articles and split, the verdict its labels imply, and passage labels by offset."""

from __future__ import annotations

from evaluation import newsroom
from evaluation.newsroom_articles import split_of


def claim(
    adv: str,
    int_: str,
    adv_sentences: tuple[int, ...] = (0,),
    int_sentences: tuple[int, ...] = (),
    copied: bool = False,
) -> newsroom.NewsroomClaim:
    return newsroom.NewsroomClaim(
        "a-01",
        "a",
        "A claim.",
        "paraphrase",
        {"adv": newsroom.Label(adv, adv_sentences), "int": newsroom.Label(int_, int_sentences)},
        copied,
    )


def test_the_verdict_follows_from_the_two_versions() -> None:
    assert claim("supports", "supports").verdict == "corroborated"
    assert claim("supports", "open").verdict == "single_source"
    assert claim("open", "supports").verdict == "single_source"
    assert claim("supports", "contradicts").verdict == "contested"
    assert claim("open", "open").verdict == "unverified"


def test_two_versions_that_carry_one_copied_sentence_are_one_origin() -> None:
    copied = claim("supports", "supports", copied=True)
    assert (copied.verdict, copied.labelled_verdict) == ("single_source", "corroborated")
    assert claim("supports", "contradicts", copied=True).verdict == "contested"


def test_a_copy_is_told_from_a_rewrite_by_the_settling_sentences_alone() -> None:
    article = newsroom.Article(
        "a",
        "dev",
        {
            "adv": "The council met on Monday. It voted by nine to two to close the old library on Friday.",
            "int": "The council met on Monday. It voted by nine to two to close the old library on Friday.",
        },
    )
    both = {"adv": newsroom.Label("supports", (1,)), "int": newsroom.Label("supports", (1,))}
    assert newsroom.settled_by_copies(article, both)
    rewrite = newsroom.Article(
        "a",
        "dev",
        {
            "adv": article.texts["adv"],
            "int": "The council met on Monday. Councillors decided, nine votes against two, that the "
            "library would shut at the end of the week.",
        },
    )
    assert not newsroom.settled_by_copies(rewrite, both)
    # The first sentences are copies, but they do not settle the claim.
    assert not newsroom.settled_by_copies(rewrite, {**both, "int": newsroom.Label("supports", (1,))})


def test_the_labelled_split_holds_copies_and_rewrites() -> None:
    claims = [c for c in newsroom.load_claims("dev") if c.labelled_verdict == "corroborated"]
    copied = sum(c.copied for c in claims)
    assert 0 < copied < len(claims)
    assert all(c.verdict == ("single_source" if c.copied else "corroborated") for c in claims)


def test_a_passage_takes_the_label_of_the_settling_sentence_it_overlaps() -> None:
    text = "The council met on Monday. It voted to close the library. Residents protested."
    spans = newsroom.sentence_spans(text)
    assert len(spans) == 3
    c = claim("contradicts", "open", adv_sentences=(1,))
    start, end = spans[1]
    assert newsroom.passage_label(c, "adv", spans, start, end) == "contradicts"
    assert newsroom.passage_label(c, "adv", spans, *spans[0]) == "related"
    assert newsroom.passage_label(c, "int", spans, start, end) == "related"  # open in that version


def test_every_article_has_both_versions_and_the_split_its_name_fixes() -> None:
    articles = newsroom.load_articles()
    assert len(articles) >= 180
    assert all(set(a.texts) == set(newsroom.VERSIONS) and all(a.texts.values()) for a in articles)
    names = {a.article_id for a in articles}
    assert len(names) == len(articles)
    assert {a.split for a in articles} == {"train", "dev", "test"}
    assert split_of("Amazon") == split_of("Amazon") and split_of("Amazon") in ("train", "dev", "test")


def test_every_claim_file_is_labelled_against_its_own_split() -> None:
    splits = {a.article_id: a for a in newsroom.load_articles()}
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for split in ("train", "dev", "test"):
        claims = newsroom.load_claims(split)
        assert len(claims) >= 40  # the set is small for now: CHECK.md gives its counts
        for c in claims:
            article = splits[c.article_id]
            assert article.split == split
            for version, label in c.labels.items():
                if (c.article_id, version) not in spans:
                    spans[c.article_id, version] = newsroom.sentence_spans(article.texts[version])
                sentences = spans[c.article_id, version]
                assert all(0 <= i < len(sentences) for i in label.sentences), c.claim_id
                if label.stance != "open":
                    assert label.sentences, f"{c.claim_id}: a {label.stance} label names its sentences"


def test_the_corpus_holds_each_article_as_two_outlets() -> None:
    articles = newsroom.load_articles("dev")[:2]
    documents = newsroom.documents(articles)
    assert len(documents) == 4
    assert {d.outlet_domain for d in documents} == {"theguardian.com", "onestopenglish.com"}


def test_every_verdict_says_what_the_corpus_does_with_the_claim() -> None:
    from scoring.report import VERDICTS

    assert set(newsroom.CLAIM_STANCE) == set(VERDICTS)
    assert newsroom.CLAIM_STANCE["single_source"] == newsroom.CLAIM_STANCE["corroborated"] == "supported"
    assert newsroom.CLAIM_STANCE["contested"] == "contradicted"


def test_the_report_gives_the_claim_stance_beside_the_verdicts() -> None:
    from scoring.report import VERDICTS

    result = newsroom.NewsroomResult(
        items=4,
        accuracy=0.5,
        labelled_accuracy=0.25,
        copied=1,
        recall={"corroborated": (1, 2), "unverified": (1, 2)},
        confusion={e: dict.fromkeys(VERDICTS, 0) for e in VERDICTS},
        per_kind={},
        high_on_wrong=0,
        stance_accuracy=0.75,
        stance_recall={"open": (1, 2), "supported": (2, 2)},
        errors=[],
    )
    lines = newsroom.format_result(result, show_errors=False).splitlines()
    assert lines[1].endswith("(1 claims expect corroborated, not single_source): accuracy 0.250")
    assert lines[3] == "claim stance accuracy 0.750: open 0.500 (1/2), supported 1.000 (2/2)"
