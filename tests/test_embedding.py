"""Embed this view: the address keeps the filters and adds Streamlit's embed mode; the snippet is safe text."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from components.figures.embedding import embed_address, iframe_snippet


def test_the_embed_address_keeps_every_filter_and_turns_on_embed_mode():
    address = embed_address(
        "https://tfsea.example.org/allegations",
        {"missions": ["MONUSCO", "MINUSCA"], "years": "2016-2020"},
        "dark",
    )
    parts = urlsplit(address)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "tfsea.example.org", "/allegations")
    assert parse_qs(parts.query) == {
        "missions": ["MONUSCO", "MINUSCA"],
        "years": ["2016-2020"],
        "embed": ["true"],
        "embed_options": ["dark_theme"],
    }


def test_an_embed_address_made_from_an_embedded_view_says_embed_once():
    address = embed_address("http://localhost:8501/", {"embed": "true", "embed_options": "light_theme"}, "light")
    assert parse_qs(urlsplit(address).query) == {"embed": ["true"], "embed_options": ["light_theme"]}


def test_the_snippet_escapes_quotes_so_a_title_cannot_break_out_of_its_attribute():
    snippet = iframe_snippet('http://x/?a=1&embed=true"', 'Donors "A" <b>')
    assert snippet.startswith('<iframe src="http://x/?a=1&amp;embed=true&quot;" title="Donors &quot;A&quot; &lt;b>"')
    assert snippet.count('"') == 12
