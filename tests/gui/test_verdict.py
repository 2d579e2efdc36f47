"""When the window admits doubt, and what it then says."""

from __future__ import annotations

import pytest

from digitpad.gui.verdict import percent, verdict


def probs(**values: float) -> list[float]:
    out = [0.0] * 10
    for key, value in values.items():
        out[int(key[1:])] = value
    return out


def test_clear_answer_names_one_digit() -> None:
    answer = verdict(probs(d7=0.97, d1=0.02, d9=0.01))
    assert (answer.digit, answer.runner_up) == (7, 1)
    assert not answer.unsure
    assert answer.headline == "7"
    assert answer.detail == "97% sure"


def test_low_top_probability_is_unsure() -> None:
    answer = verdict(probs(d4=0.55, d9=0.1, d1=0.35 - 0.0001))
    assert answer.unsure
    assert answer.headline == "4?"
    assert "Not sure" in answer.detail
    assert "1 (35%)" in answer.detail


def test_two_close_candidates_are_unsure_even_when_high() -> None:
    answer = verdict(probs(d3=0.61, d5=0.39))
    assert answer.unsure
    assert answer.detail == "Not sure: 3 (61%) or 5 (39%)"


def test_needs_two_classes() -> None:
    with pytest.raises(ValueError, match="two"):
        verdict([1.0])


def test_near_certainty_is_not_rounded_to_a_hundred_percent() -> None:
    answer = verdict(probs(d7=0.9996, d1=0.0004))
    assert answer.detail == ">99% sure"
    assert percent(0.004) == "<1%"
    assert percent(1.0) == "100%"
    assert percent(0.0) == "0%"
