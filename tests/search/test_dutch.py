"""The query-side Dutch handling and the snippets, without a database."""

import pytest

from core.dutch import clean_query, match_terms, stem_prefix
from search.snippets import make_snippet, matches_every_term


@pytest.mark.parametrize(
    ("word", "prefix"),
    [
        ("dorpen", "dorp"),
        ("energie", "energ"),
        ("coöperaties", "cooper"),
        ("initiatieven", "initiatie"),
        ("zonnepanelen", "zonnepan"),
        ("moestuinen", "moestuin"),
    ],
)
def test_stem_prefixes_cover_inflections_and_compounds(word, prefix):
    assert stem_prefix(word) == prefix


def test_queries_lose_engine_syntax_and_stop_words():
    assert clean_query('"dorp* OR (huis):') == "dorp OR huis"
    assert match_terms("de dorpen van het land") == [("dorp", True), ("land", True)]
    assert match_terms("de het") == []
    assert match_terms("Ee") == [("ee", False)]


def test_snippet_marks_matches_accent_insensitively_and_escapes():
    text = "<p>De Energiecoöperatie van ons dorp & <script>x</script> de school.</p>"
    snippet = make_snippet(text, "energie dorpen")
    assert "<mark>Energiecoöperatie</mark>" in snippet
    assert "<mark>dorp</mark>" in snippet
    assert "&amp;" in snippet
    assert "<script>" not in snippet


def test_snippet_is_centred_on_the_first_match():
    text = "Begin. " + "vulling " * 100 + "Hier staat de waterput. " + "einde " * 100
    snippet = make_snippet(text, "waterput", length=80)
    assert snippet.startswith("… ")
    assert "<mark>waterput</mark>" in snippet
    assert len(snippet) < 140


def test_every_term_must_match():
    assert matches_every_term("Speelbos voor kinderen", "speelbos kinderen")
    assert not matches_every_term("Speelbos voor kinderen", "speelbos ouderen")
