"""The About box's summary of a model card, on cards of every shape (no window needed)."""

from __future__ import annotations

from digitpad.gui.about import line_model_sentence, score_rows, summary_html, training_sentence
from digitpad.reader.digit_model import load_model_card

CARD = {
    "digitpad_version": "9.9.9",
    "created": "2030-01-02T03:04:05+00:00",
    "training": {
        "parameters": 1234,
        "data": {"mnist_training_digits": 60000, "letters_training": 10, "scribbles": 7},
    },
    "scores": {
        "mnist_test": {"accuracy": 0.9966, "count": 10000},
        "letters": {"held_out_refused": 0.975, "held_out_count": 3258},
    },
}


def test_scores_are_named_for_people_with_their_counts() -> None:
    assert score_rows(CARD) == [
        ("MNIST test digits (10,000)", "99.66% read right"),
        ("Handwritten letters of writers it never saw (3,258)", "97.50% answered “not a digit”"),
    ]


def test_training_data_in_one_sentence() -> None:
    assert training_sentence(CARD) == (
        "Trained on 60,000 MNIST digits, 10 handwritten letters, as “not a digit” and "
        "7 synthesised examples (doodles)."
    )


def test_synthesised_data_is_named_by_the_kinds_the_card_counts() -> None:
    data = {"mnist_styled_variants": 3000, "unipen_styled_variants": 1842, "scribbles": 0}
    assert training_sentence({"training": {"data": data}}) == (
        "Trained on 4,842 synthesised examples (writing styles)."
    )


def test_summary_names_version_date_and_size() -> None:
    page = summary_html(CARD)
    assert "digitpad 9.9.9" in page
    assert "2030-01-02" in page
    assert "1,234 parameters" in page


def test_an_old_or_odd_card_still_gives_a_summary() -> None:
    """A card missing scores, or with unexpected types, shows what it has and no error."""
    odd = {"scores": {"mnist_test": {"accuracy": "high"}}, "training": {"data": None}}
    assert score_rows(odd) == []
    assert training_sentence(odd) == ""
    assert "Show the full model card" in summary_html(odd)
    assert "No model card" in summary_html({})


def test_the_bundled_cards_summary_names_each_real_data_set_it_learnt_from() -> None:
    sentence = training_sentence(load_model_card())
    for name in ("MNIST", "UNIPEN", "USPS", "bank cheques (CAR-A)", "“not a digit”"):
        assert name in sentence, sentence


def test_the_line_model_is_named_with_what_it_learnt_from() -> None:
    card = {"training": {"car_a_tuning_amounts": 540, "usps_training_strips": 1000}}
    assert line_model_sentence(card) == (
        "Numbers in pictures are also read whole by a second model, the line model, trained on "
        "540 real cheque amounts, 1,000 strips of scanned digits and amounts composed from their "
        "digits."
    )
    assert line_model_sentence({}) == ""  # no line model card: nothing said
