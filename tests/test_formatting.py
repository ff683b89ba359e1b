import pandas as pd

from components.figures.formatting import escape_markdown, format_change, format_figure, plural, plural_word
from components.language.translation import FRENCH


def test_qualifier_is_shown_with_a_money_value():
    assert format_figure(4_300_000, "over", "usd") == "over $4.3M"


def test_money_is_not_shortened_when_that_would_round_it():
    assert format_figure(536_000, "exact", "usd") == "$536,000"
    assert format_figure(1_234_567, "exact", "usd") == "$1,234,567"


def test_unknown_is_said_not_shown_as_zero():
    assert format_figure(None) == "not known"
    assert format_figure(float("nan"), "exact", "usd") == "not known"
    assert format_figure(pd.NA) == "not known"


def test_zero_is_a_real_value():
    assert format_figure(0) == "0"


def test_percent_and_close_to():
    assert format_figure(74, "exact", "percent") == "74%"
    assert format_figure(1_500_000, "close_to", "usd") == "close to $1.5M"


def test_change_in_words():
    assert format_change(102, 100, 2023) == "2 more than in 2023"
    assert format_change(95, 100, 2023) == "5 fewer than in 2023"
    assert format_change(7, 7, 2023) == "the same number as in 2023"
    assert format_change(102, 100, 2023, FRENCH) == "2 de plus qu'en 2023"


def test_markdown_in_data_is_escaped():
    assert escape_markdown("[x](javascript:alert(1))") == "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"
    assert "<" not in escape_markdown("<script>").replace("\\<", "")


def test_long_source_lists_point_to_the_full_list():
    from components.figures.citations import MAX_LISTED_SOURCES, SourceRef, source_list_markdown

    refs = [SourceRef(f"s{i}", f"T{i}", "P", "press", f"https://example.org/{i}", "2020") for i in range(70)]
    text = source_list_markdown(refs)
    assert text.count("\n- ") == MAX_LISTED_SOURCES
    assert "and 10 more" in text


def test_citation_escapes_markup_from_the_data():
    from components.figures.citations import SourceRef, citation_markdown

    ref = SourceRef("x", "<img src=x onerror=alert(1)> [a](javascript:b)", "**P**", "press", "https://e.org/a(b)", "")
    text = citation_markdown(ref)
    assert "\\<img" in text and "\\[a\\]" in text and "\\*\\*P\\*\\*" in text
    assert "(https://e.org/a%28b%29)" in text


def test_headline_dollars_write_whole_thousands_as_k_and_keep_every_digit():
    assert format_figure(600_000, "about", "usd", short=True) == "about $600K"
    assert format_figure(535_500, "exact", "usd", short=True) == "$535,500"
    assert format_figure(4_800_000, "exact", "usd", short=True) == "$4.8M"
    assert format_figure(600_000, "about", "usd") == "about $600,000"


def test_a_count_reads_with_the_form_that_agrees_with_it():
    assert plural(1, "year", "years") == "1 year"
    assert plural(0, "year", "years") == "0 years"
    assert plural(2, "country", "countries") == "2 countries"
    assert plural(1_200, "row", "rows") == "1,200 rows"
    assert [plural_word(n, "is", "are") for n in (0, 1, 2)] == ["are", "is", "are"]


def test_a_sum_with_an_approximate_part_reads_about_whether_it_counts_people_or_dollars():
    from components.figures.formatting import format_sum, sum_qualifier

    qualifier = sum_qualifier(["about", "exact"])
    assert format_sum(150, qualifier) == "about 150"
    assert format_sum(150, qualifier, "usd") == "about $150"


def test_a_sum_of_parts_bounded_in_opposite_directions_says_so_in_words():
    from components.figures.formatting import format_sum, sum_qualifier

    assert format_sum(150, sum_qualifier(["over", "up_to"])) == "150 (some parts are approximate or bounds)"


def test_a_static_tables_cells_read_as_the_data_writes_them_and_link_their_source():
    import pandas as pd

    from components.figures.citations import markdown_cells

    frame = pd.DataFrame(
        {
            "Note": ["*not* a [link](http://x) <b>", None],
            "Year": [2016, float("nan")],
            "Link": ["https://peacekeeping.un.org/en/a_(b)", None],
        }
    )
    shown = markdown_cells(frame, "open source", "Lien")
    assert list(shown.columns) == ["Note", "Year", "Lien"]
    assert shown["Note"].tolist() == [r"\*not\* a \[link\]\(http\:\/\/x\) \<b\>".replace(r"\/", "/"), ""]
    assert shown["Year"].tolist() == ["2016", ""], "a missing value is blank, not None or nan"
    assert shown["Lien"].tolist() == ["[open source](https://peacekeeping.un.org/en/a_%28b%29)", ""]
