from scoring.corpus.documents import Document
from scoring.corpus.ingest import Rejection, parse_file, parse_html, parse_jsonl

HTML = """<html><head><title>Harbour strike ends | Coastal Herald</title>
<meta property="og:site_name" content="Coastal Herald"></head>
<body><nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<article><h1>Harbour strike ends after nine days</h1>
<p>Dock workers voted on Friday to end a nine-day strike that stranded 1,200 containers at the port.</p>
<p>The union said members had accepted a pay rise of 6 percent over two years, the port authority confirmed.</p>
<p>Shipping companies said it would take a week to clear the backlog of vessels waiting offshore.</p>
</article><footer>Copyright Coastal Herald. Cookie settings. Subscribe.</footer></body></html>"""


def test_jsonl_records_become_documents_and_bad_lines_are_rejected_with_reasons() -> None:
    lines = [
        '{"id": "a1", "text": "Dock workers ended the strike.", "url": "https://news.example.co.uk/a1"}',
        '{"id": "a2", "text": "The port reopened.", "outlet": "reuters.com"}',
        "",
        "not json",
        '["a", "list"]',
        '{"id": "a3"}',
        '{"id": "a4", "text": "Bad url", "url": "::"}',
    ]
    items = list(parse_jsonl(lines, "batch.jsonl"))
    documents = [i for i in items if isinstance(i, Document)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [d.doc_id for d in documents] == ["a1", "a2"]
    assert documents[0].outlet_domain == "example.co.uk"
    assert documents[1].outlet_domain == "reuters.com"
    assert [r.source for r in rejections] == [
        "batch.jsonl:4",
        "batch.jsonl:5",
        "batch.jsonl:6",
        "batch.jsonl:7",
    ]
    assert all(r.reason for r in rejections)


def test_html_keeps_the_article_and_drops_navigation_and_footer() -> None:
    document = parse_html(HTML, "herald-1", url="https://www.coastalherald.com/news/strike")
    assert "nine-day strike" in document.text
    assert "pay rise of 6 percent" in document.text
    assert "Cookie settings" not in document.text and "Weather" not in document.text
    assert document.outlet_domain == "coastalherald.com"
    assert document.url == "https://www.coastalherald.com/news/strike"


def test_parse_file_dispatches_on_extension() -> None:
    text = parse_file("notes/brief.txt", "A plain text brief about the strike.")
    assert text.documents[0].doc_id == "brief" and text.documents[0].outlet_domain is None
    empty = parse_file("empty.txt", "   ")
    assert not empty.documents and empty.rejections[0].source == "empty.txt"
