"""The layout of news text: headlines, datelines, bylines and wrapped paragraphs."""

from __future__ import annotations

import datetime as dt

from realpolitik.coding.layout import find_dateline, read_layout

STORY = (
    "Mali expels French ambassador\n"
    "By Jane Doe, West Africa correspondent\n"
    "BAMAKO, Jan 31 (Reuters) - Mali's junta on Monday expelled the French ambassador.\n"
    "Read also: Sahel leaders meet in Niamey\n"
    "France said it had taken note of the decision."
)


def test_lines_are_cut_and_classified_with_offsets_into_the_text() -> None:
    layout = read_layout(STORY, dt.date(2022, 1, 31))
    assert [line.kind for line in layout.lines] == ["headline", "body", "body"]
    for line in layout.lines:
        assert STORY[line.start : line.start + len(line.text)] == line.text
    # the byline and the 'Read also' line are not text to code
    assert all("Jane Doe" not in line.text and "Niamey" not in line.text for line in layout.lines)


def test_a_dateline_is_stripped_and_gives_place_and_date() -> None:
    layout = read_layout(STORY, dt.date(2022, 2, 1))
    assert layout.lines[1].text.startswith("Mali's junta on Monday")
    assert layout.dateline is not None
    assert (layout.dateline.place, layout.dateline.agency) == ("Bamako", "Reuters")
    assert layout.dateline.date == dt.date(2022, 1, 31)


def test_a_dateline_date_takes_its_year_from_the_document_date() -> None:
    found = find_dateline("GENEVA, Dec 30 (AP) - Talks resumed on Friday.", dt.date(2022, 1, 2))
    assert found is not None and found[0].date == dt.date(2021, 12, 30)
    no_year = find_dateline("GENEVA, Dec 30 (AP) - Talks resumed on Friday.", None)
    assert no_year is not None and no_year[0].date is None


def test_ordinary_sentences_are_not_datelines() -> None:
    assert find_dateline("Russia - and Belarus - held drills near the border.", None) is None
    assert find_dateline("The talks in Geneva: a summary of what was agreed.", None) is None


def test_a_paragraph_wrapped_at_a_fixed_width_is_one_line() -> None:
    text = (
        "Mali's military junta on Monday ordered the French ambassador to\n"
        "leave the country within 72 hours, after comments by the French\n"
        "foreign minister, Jean-Yves Le Drian, who had called the junta\n"
        "illegitimate."
    )
    layout = read_layout(text)
    assert len(layout.lines) == 1
    assert layout.lines[0].text == text.replace("\n", " ")


def test_short_lines_without_a_stop_are_headline_then_subheads() -> None:
    text = "Ceasefire holds in Gaza\nFirst night without strikes\nThe truce held overnight."
    kinds = [line.kind for line in read_layout(text).lines]
    assert kinds == ["headline", "subhead", "body"]
    # a single line is the text itself, whatever its punctuation
    assert [line.kind for line in read_layout("Russia warned Armenia").lines] == ["body"]
