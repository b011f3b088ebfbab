"""The content hash a document keeps once asked: it must still tell every changed copy apart."""

from __future__ import annotations

from dataclasses import replace

from scoring.corpus import Document


def article() -> Document:
    return Document(
        doc_id="a-1", text="The harbour reopened on Monday.", outlet_domain=None, outlet_name=None
    )


def test_a_copy_with_any_field_changed_hashes_anew_after_the_original_was_hashed() -> None:
    original = article()
    first = original.content_hash  # fills the kept hash
    assert original.content_hash == first == article().content_hash
    for change in ({"title": "Harbour"}, {"text": "The harbour reopened on Tuesday."}, {"outlet_name": "X"}):
        assert replace(original, **change).content_hash != first, change


def test_the_kept_hash_is_not_part_of_equality_or_repr() -> None:
    hashed, fresh = article(), article()
    _ = hashed.content_hash
    assert hashed == fresh and hash(hashed) == hash(fresh)
    assert "_content_hash" not in repr(hashed)
