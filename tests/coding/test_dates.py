"""Tests for ``realpolitik.coding.dates``: finding and resolving date expressions."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from realpolitik.coding import dates
from realpolitik.coding.coder import Coder
from realpolitik.coding.dates import find_dates

FRI = dt.date(2023, 9, 8)  # a Friday; the anchor of most cases
JAN = dt.date(2024, 1, 15)
APR = dt.date(2023, 4, 10)

Expected = list[tuple[str, str, str]]

CASES: list[tuple[str, dt.date, dt.date | None, Expected]] = [
    # Absolute days.
    ("Talks were held on September 7.", FRI, None, [("2023-09-07", "day", "September 7")]),
    ("September 7 was calm.", FRI, None, [("2023-09-07", "day", "September 7")]),
    ("The army moved on 7 September.", FRI, None, [("2023-09-07", "day", "7 September")]),
    ("Shelling resumed Sept. 7 near Stepanakert.", FRI, None, [("2023-09-07", "day", "Sept. 7")]),
    ("It was signed on 7 September 2023.", FRI, None, [("2023-09-07", "day", "7 September 2023")]),
    ("It was signed September 7, 2023.", FRI, None, [("2023-09-07", "day", "September 7, 2023")]),
    ("Dated 2023-09-07 in the file.", FRI, None, [("2023-09-07", "day", "2023-09-07")]),
    ("It ended on the 7th of September.", FRI, None, [("2023-09-07", "day", "7th of September")]),
    ("Clashes on September 20 killed five.", FRI, None, [("2022-09-20", "day", "September 20")]),
    ("The deal of December 25 held.", FRI, None, [("2022-12-25", "day", "December 25")]),
    ("On Tuesday, September 5, talks began.", FRI, None,
     [("2023-09-05", "day", "Tuesday, September 5")]),
    ("The order of 07/09/2023 stands.", FRI, None, [("2023-07-09", "day", "07/09/2023")]),
    ("The order of 7.9.2023 stands.", FRI, None, [("2023-09-07", "day", "7.9.2023")]),
    ("Nothing happened on February 30.", FRI, None, []),
    # Weekdays and deictic words; the anchor is a Friday.
    ("Baku said on Tuesday it would respond.", FRI, None, [("2023-09-05", "day", "Tuesday")]),
    ("Baku said on Friday it would respond.", FRI, None, [("2023-09-08", "day", "Friday")]),
    ("The convoy left last Friday.", FRI, None, [("2023-09-01", "day", "last Friday")]),
    ("The convoy left last Tuesday.", FRI, None, [("2023-09-05", "day", "last Tuesday")]),
    ("Drones struck on Monday night.", FRI, None, [("2023-09-04", "day", "Monday night")]),
    ("Talks resume next Monday.", FRI, None, [("2023-09-11", "day", "next Monday")]),
    ("Troops crossed the border yesterday.", FRI, None, [("2023-09-07", "day", "yesterday")]),
    ("Yesterday, troops crossed the border.", FRI, None, [("2023-09-07", "day", "Yesterday")]),
    ("The minister arrives today.", FRI, None, [("2023-09-08", "day", "today")]),
    ("The minister arrives tomorrow.", FRI, None, [("2023-09-09", "day", "tomorrow")]),
    ("Shots were fired last night.", FRI, None, [("2023-09-07", "day", "last night")]),
    ("USA Today reported the strike.", FRI, None, []),
    # Counting back from the anchor.
    ("The war began three years ago.", FRI, None, [("2020-01-01", "year", "three years ago")]),
    ("He resigned two weeks ago.", FRI, None, [("2023-08-25", "day", "two weeks ago")]),
    ("The blockade began a month ago.", FRI, None, [("2023-08-01", "month", "a month ago")]),
    ("It happened 5 days ago.", FRI, None, [("2023-09-03", "day", "5 days ago")]),
    ("It happened a couple of days ago.", FRI, None,
     [("2023-09-06", "day", "a couple of days ago")]),
    ("Elections were held last year.", FRI, None, [("2022-01-01", "year", "last year")]),
    ("Elections were held last month.", FRI, None, [("2023-08-01", "month", "last month")]),
    ("Elections were held last week.", FRI, None, [("2023-09-01", "day", "last week")]),
    ("The road closed earlier this month.", FRI, None,
     [("2023-09-01", "month", "earlier this month")]),
    ("The talks start next month.", FRI, None, [("2023-10-01", "month", "next month")]),
    ("The talks start next week.", FRI, None, [("2023-09-15", "day", "next week")]),
    ("The talks collapsed late last year.", FRI, None, [("2022-01-01", "year", "late last year")]),
    ("The talks continue this week.", FRI, None, []),
    ("Prices rose over the last year.", FRI, None, []),
    # Counting from the last date mentioned.
    ("The ceasefire came two days later.", FRI, dt.date(2023, 9, 1),
     [("2023-09-03", "day", "two days later")]),
    ("A week later they withdrew.", FRI, dt.date(2023, 9, 1),
     [("2023-09-08", "day", "A week later")]),
    ("They withdrew the next day.", FRI, None, [("2023-09-09", "day", "the next day")]),
    ("They withdrew the following day.", FRI, dt.date(2023, 8, 30),
     [("2023-08-31", "day", "the following day")]),
    ("Shelling had begun the day before.", FRI, dt.date(2023, 9, 5),
     [("2023-09-04", "day", "the day before")]),
    ("Shelling had begun the day before the vote.", FRI, dt.date(2023, 9, 5), []),
    ("Two months later the corridor reopened.", FRI, dt.date(2023, 5, 20),
     [("2023-07-01", "month", "Two months later")]),
    ("A year later the corridor reopened.", FRI, dt.date(2020, 11, 10),
     [("2021-01-01", "year", "A year later")]),
    ("Later that day the corridor reopened.", FRI, dt.date(2023, 9, 2),
     [("2023-09-02", "day", "Later that day")]),
    ("Fighting erupted on September 1 and a truce came two days later.", FRI, None,
     [("2023-09-01", "day", "September 1"), ("2023-09-03", "day", "two days later")]),
    ("On August 1 troops moved, the next day they left and a week later they returned.", FRI,
     None, [("2023-08-01", "day", "August 1"), ("2023-08-02", "day", "the next day"),
            ("2023-08-09", "day", "a week later")]),
    ("On 19 September, under the 2020 ceasefire, troops left two days later.", JAN, None,
     [("2023-09-19", "day", "19 September"), ("2020-01-01", "year", "2020"),
      ("2023-09-21", "day", "two days later")]),
    ("Eight days later, on 19 September, fighting resumed.", JAN, dt.date(2023, 9, 11),
     [("2023-09-19", "day", "Eight days later"), ("2023-09-19", "day", "19 September")]),
    # Months.
    ("The offensive began in May 2023.", FRI, None, [("2023-05-01", "month", "May 2023")]),
    ("The offensive began in May.", FRI, None, [("2023-05-01", "month", "May")]),
    ("The offensive began in October.", FRI, None, [("2022-10-01", "month", "October")]),
    ("May 2023 saw heavy fighting.", FRI, None, [("2023-05-01", "month", "May 2023")]),
    ("The March 2022 referendum failed.", FRI, None, [("2022-03-01", "month", "March 2022")]),
    ("It began in early September 2023.", FRI, None,
     [("2023-09-01", "month", "early September 2023")]),
    ("It must end by the end of March.", FRI, None, [("2023-03-01", "month", "March")]),
    ("It began last May.", FRI, None, [("2023-05-01", "month", "last May")]),
    ("It ends next March.", FRI, None, [("2024-03-01", "month", "next March")]),
    ("It began in mid-July.", FRI, None, [("2023-07-01", "month", "mid-July")]),
    ("Russia may send troops in May.", FRI, None, [("2023-05-01", "month", "May")]),
    # Seasons; winter YEAR starts in December of YEAR.
    ("It fell in the fall of 2022.", FRI, None, [("2022-09-01", "season", "fall of 2022")]),
    ("It fell in autumn 2022.", FRI, None, [("2022-09-01", "season", "autumn 2022")]),
    ("Talks stalled in early summer 2022.", FRI, None,
     [("2022-06-01", "season", "early summer 2022")]),
    ("Talks stalled in the spring.", FRI, None, [("2023-03-01", "season", "spring")]),
    ("Talks stalled in the late spring.", FRI, None, [("2023-03-01", "season", "late spring")]),
    ("Talks stalled last winter.", FRI, None, [("2022-12-01", "season", "last winter")]),
    ("Gas ran short in winter 2023.", FRI, None, [("2023-12-01", "season", "winter 2023")]),
    ("Gas ran short in the winter.", JAN, None, [("2023-12-01", "season", "winter")]),
    ("Gas ran short last spring.", APR, None, [("2022-03-01", "season", "last spring")]),
    ("Gas will run short this winter.", FRI, None, [("2023-12-01", "season", "this winter")]),
    ("Elections are due next summer.", FRI, None, [("2024-06-01", "season", "next summer")]),
    ("It recalled the fall of Kabul.", FRI, None, []),
    ("It recalled the Arab Spring.", FRI, None, []),
    # Years need a year context.
    ("Armenia joined in 2015.", FRI, None, [("2015-01-01", "year", "2015")]),
    ("In 2020, fighting resumed.", FRI, None, [("2020-01-01", "year", "2020")]),
    ("After the 2020 war, Russia sent peacekeepers.", FRI, None, [("2020-01-01", "year", "2020")]),
    ("The 2020 ceasefire held.", FRI, None, [("2020-01-01", "year", "2020")]),
    ("The 2020 Nagorno-Karabakh war ended.", FRI, None, [("2020-01-01", "year", "2020")]),
    ("Sanctions have applied since 2018.", FRI, None, [("2018-01-01", "year", "2018")]),
    ("It began in early 2020.", FRI, None, [("2020-01-01", "year", "early 2020")]),
    ("It began mid-2021.", FRI, None, [("2021-01-01", "year", "mid-2021")]),
    ("It lasted from 2018 to 2020.", FRI, None,
     [("2018-01-01", "year", "2018"), ("2020-01-01", "year", "2020")]),
    ("The base will close by 2030.", FRI, None, [("2030-01-01", "year", "2030")]),
    ("The base will close by 2040.", FRI, None, []),
    ("The fortress fell in 1750.", FRI, None, []),
    # Numbers that are not years, and words that are not months.
    ("Russia sent 1,960 troops.", FRI, None, []),
    ("Some 2020 people fled.", FRI, None, []),
    ("The 2020 people who fled returned.", FRI, None, []),
    ("The strike began at 2030 GMT.", FRI, None, []),
    ("Aid rose to $2020 per family.", FRI, None, []),
    ("The report has 2020 pages.", FRI, None, []),
    ("Armenia may receive 2020 tanks.", FRI, None, []),
    ("Russia may send troops.", FRI, None, []),
    ("Protesters march on the capital.", FRI, None, []),
    ("Theresa May said talks would continue.", FRI, None, []),
    ("Critics of May's government protested.", FRI, None, []),
    ("Prices soared in the 1990s.", FRI, None, []),
    ("It shaped the 20th century.", FRI, None, []),
    ("Azerbaijan closed the Lachin corridor.", FRI, None, []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "anchor", "last", "expected"), CASES, ids=[c[0] for c in CASES])
def test_find_dates(text: str, anchor: dt.date, last: dt.date | None, expected: Expected) -> None:
    found = find_dates(text, anchor, last=last)

    assert [(d.date.isoformat(), d.precision, d.text) for d in found] == expected
    assert all(text[d.char_start : d.char_end] == d.text for d in found)


def test_offsets_are_relative_to_the_sentence() -> None:
    found = find_dates("Clashes began on September 7.", FRI)

    assert (found[0].char_start, found[0].char_end) == (17, 28)


def test_import_does_not_load_dateparser() -> None:
    # dateparser is slow to import; only sentences with numeric dates should pay for it.
    code = "import sys, realpolitik.coding.dates; print('dateparser' in sys.modules)"
    source_root = str(Path(dates.__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": source_root}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )

    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A decade ago, Russia annexed Crimea.", ("2014-01-01", "year", "A decade ago")),
        ("Two decades ago the war began.", ("2004-01-01", "year", "Two decades ago")),
    ],
)
def test_dates_decades_ago(text: str, expected: tuple[str, str, str]) -> None:
    (found,) = find_dates(text, dt.date(2024, 3, 18))
    assert (found.date.isoformat(), found.precision, found.text) == expected


def test_a_since_clause_dates_its_own_act_not_the_one_it_measures_from(coder: Coder) -> None:
    (visit,) = coder.code_text(
        "Pelosi, who arrived on Saturday, is the highest-ranking US official to visit Armenia "
        "since it gained independence in 1991.",
        "2023-09-18",
    )
    assert (visit.code, visit.date, visit.date_precision) == ("042", dt.date(2023, 9, 16), "day")
    (attack,) = coder.code_text(
        "Armenia has been wary since Azerbaijan attacked Armenia on 19 September.", "2023-10-02"
    )
    assert (attack.code[:2], attack.date) == ("19", dt.date(2023, 9, 19))
