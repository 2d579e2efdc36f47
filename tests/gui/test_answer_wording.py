"""When the window admits doubt, and what it then says."""

from __future__ import annotations

import pytest

from digitpad.gui.answer_wording import page_words, percent, wording


def probs(**values: float) -> list[float]:
    out = [0.0] * 10
    for key, value in values.items():
        out[int(key[1:])] = value
    return out


def test_clear_answer_names_one_digit() -> None:
    answer = wording(probs(d7=0.97, d1=0.02, d9=0.01))
    assert (answer.digit, answer.runner_up) == (7, 1)
    assert not answer.unsure
    assert answer.headline == "7"
    assert answer.detail == "97% sure"


def test_low_top_probability_is_unsure_even_when_far_ahead() -> None:
    # 55% against 5%: fifty points clear of the runner-up, so only the 60% rule can doubt it.
    answer = wording(probs(d4=0.55, d9=0.05, d1=0.05, d2=0.05, d3=0.05, d5=0.05, d6=0.2))
    assert answer.confidence - answer.runner_up_confidence > 0.25
    assert answer.unsure
    assert answer.headline == "4?"
    assert answer.detail == "Not sure: 4 (55%) or 6 (20%)"


def test_two_close_candidates_are_unsure_even_when_high() -> None:
    # 62% is above the 60% line: only the 25-point margin can doubt it.
    answer = wording(probs(d3=0.62, d5=0.38))
    assert answer.confidence >= 0.6
    assert answer.unsure
    assert answer.headline == "3?"
    assert answer.detail == "Not sure: 3 (62%) or 5 (38%)"


def test_high_and_far_ahead_is_sure() -> None:
    # Just clear of both rules: 61% and 26 points ahead.
    answer = wording(probs(d8=0.61, d0=0.35, d6=0.04))
    assert not answer.unsure
    assert answer.headline == "8"
    assert answer.detail == "61% sure"


@pytest.mark.parametrize("count", [1, 2, 12])
def test_needs_the_models_ten_or_eleven_probabilities(count: int) -> None:
    with pytest.raises(ValueError, match="10 or 11"):
        wording([1.0 / count] * count)


def test_a_sure_not_a_digit_shows_no_digit() -> None:
    answer = wording([0.005] * 10 + [0.95])
    assert answer.refused
    assert answer.headline == "—"
    assert answer.detail == "That doesn't look like a digit."


def test_an_unsure_not_a_digit_shows_the_likeliest_digit_as_unsure() -> None:
    answer = wording([*probs(d4=0.3, d9=0.1), 0.6])  # "not a digit" at 0.6: not sure enough
    assert not answer.refused
    assert answer.headline == "4?"


def test_near_certainty_is_not_rounded_to_a_hundred_percent() -> None:
    answer = wording(probs(d7=0.9996, d1=0.0004))
    assert answer.detail == ">99% sure"
    assert percent(0.004) == "<1%"
    assert percent(1.0) == "100%"
    assert percent(0.0) == "0%"


def test_a_page_is_told_as_a_count_and_a_table_with_the_numbers_to_check() -> None:
    words = page_words(7, 4, 2, 1)
    assert words.headline == "7 numbers"
    assert words.detail == (
        "A table of 4 rows and 2 columns; 1 not sure (marked\u00a0?). Click a number to check its digits."
    )
    assert words.spoken == "Page: 7 numbers, a table of 4 rows and 2 columns; 1 not sure."
    listed = page_words(3, 3, 1, 0)
    assert listed.detail == "A list of 3 rows. Click a number to check its digits."
    assert listed.spoken == "Page: 3 numbers, a list of 3 rows."
