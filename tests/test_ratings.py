"""Ratings in every notation notes write them, kept as written with their scale."""

import pytest

from graph.parse.ratings import Rating, legend_scale, parse_rating, split_rating, verdict


@pytest.mark.parametrize(
    "text, value, scale",
    [
        ("8/10", 8, 10),
        ("[8/10]", 8, 10),
        ("(6/10)", 6, 10),
        ("4/5", 4, 5),
        ("4.5 / 5", 4.5, 5),
        ("3,5/5", 3.5, 5),
        ("7 out of 10", 7, 10),
        ("72/100", 72, 100),
        ("2/3", 2, 3),
        ("★★★★☆", 4, 5),
        ("★★☆☆☆☆☆☆☆☆", 2, 10),
        ("★★★", 3, 5),
        ("★★★½", 3.5, 5),
        ("★★★★★★★", 7, 10),
        ("⭐️⭐️⭐️", 3, 5),
        ("⭐\u200d⭐\u200d⭐️⭐️", 4, 5),
        ("⭐ ⭐ ⭐", 3, 5),
        ("🌟🌟", 2, 5),
        (":star::star:", 2, 5),
        (":star: :star: :star: :star:", 4, 5),
        ("Rating: 4/5", 4, 5),
        ("**Rating:** 8/10", 8, 10),
        ("Score: 4/5", 4, 5),
        ("score = 3/5", 3, 5),
        ("My rating: ★★★★", 4, 5),
        ("Rating: 4", 4, None),
        ("评分：4分", 4, None),
        ("4分", 4, None),
        ("4/5分", 4, 5),
        ("(4)", 4, None),
        ("4 stars", 4, 5),
        ("4.5★", 4.5, 5),
        ("3/5 ⭐️", 3, 5),
        ("4星", 4, 5),
    ],
)
def test_a_whole_string_in_each_notation_is_a_rating_kept_as_written(text, value, scale):
    rating = parse_rating(text)
    assert rating == Rating(value, scale, text.strip())


@pytest.mark.parametrize(
    "text",
    [
        "2019",
        "(2019)",
        "2/3 of the data",
        "v1.2.3",
        "1.5",
        "[4]",
        "10/12",
        "6/5",
        "Rating:",
        "Rating: great",
        "CVPR 2019",
        "★ Highlights",
        "(12)",
        "",
        "Some Title",
    ],
)
def test_anything_else_is_not_a_rating(text):
    assert parse_rating(text) is None


def test_a_declared_scale_gives_numbers_without_one_their_scale():
    assert parse_rating("Rating: 4", default_scale=5) == Rating(4, 5, "Rating: 4")
    assert parse_rating("4分", default_scale=5).out_of_ten == 8.0
    assert parse_rating("(3)", default_scale=5).out_of_ten == 6.0
    # A scale written beside the number wins over the declared one.
    assert parse_rating("Score: 7/10", default_scale=5) == Rating(7, 10, "Score: 7/10")
    # A number above the declared scale is not a rating on it.
    assert parse_rating("(7)", default_scale=5) is None


def test_a_bare_number_is_a_rating_only_where_only_a_rating_goes():
    assert parse_rating("8") is None
    assert parse_rating("8", bare_number=True) == Rating(8, None, "8")
    assert parse_rating("8", default_scale=10, bare_number=True).out_of_ten == 8.0
    assert parse_rating("2019", bare_number=True) is None


def test_out_of_ten_puts_every_scale_on_one():
    assert [parse_rating(t).out_of_ten for t in ["[7/10]", "4/5", "★★★☆☆", "2/3", "85/100"]] == [
        7.0, 8.0, 6.0, 6.67, 8.5,
    ]
    assert parse_rating("Rating: 4").out_of_ten is None


@pytest.mark.parametrize(
    "text, rating_text, rest",
    [
        ("[7/10] Some Title", "[7/10]", "Some Title"),
        ("[7/10][quick read] Some Title", "[7/10]", "[quick read] Some Title"),
        ("7/10 - Some Title", "7/10", "Some Title"),
        ("8/10 Some Title", "8/10", "Some Title"),
        ("★★★★☆ Some Title", "★★★★☆", "Some Title"),
        ("⭐️⭐️⭐️ | Some Title", "⭐️⭐️⭐️", "Some Title"),
        ("Some Title ★★★★☆", "★★★★☆", "Some Title"),
        ("Some Title (4/5)", "(4/5)", "Some Title"),
        ("Some Title [8/10]", "[8/10]", "Some Title"),
        ("Some Title — 4/5", "4/5", "Some Title"),
        ("Some Title, 3/5", "3/5", "Some Title"),
        ("Some Title 9/10", "9/10", "Some Title"),
        ("Some Title :star::star::star:", ":star::star::star:", "Some Title"),
        ("Some Title - ⭐️⭐️", "⭐️⭐️", "Some Title"),
        ("Some Title. Rating: 4/5", "Rating: 4/5", "Some Title."),
        ("Some Title 4分", "4分", "Some Title"),
        ("Some Title (4/5).", "(4/5)", "Some Title"),
    ],
)
def test_a_rating_at_the_start_or_end_of_an_entry_is_split_off(text, rating_text, rest):
    rating, left = split_rating(text)
    assert (rating.text, left) == (rating_text, rest)


@pytest.mark.parametrize(
    "text",
    [
        "Some Title",
        "Some Title (4)",
        "Some Title (2019)",
        "Some Title (CVPR 2019)",
        "[Some Title](https://example.org/papers/4/5)",
        "Some Title 2/3",
        "Results on 2/3 of the data",
        "Some Title v2.1",
        "[12] Some Title",
        "(3) Some Title",
        "Learning to Rate Images",
    ],
)
def test_text_without_a_rating_is_left_whole(text):
    assert split_rating(text) == (None, text)


def test_a_trailing_number_is_a_rating_only_when_the_notes_say_so():
    assert split_rating("Some Title (4)") == (None, "Some Title (4)")
    rating, rest = split_rating("Some Title (4)", default_scale=5, trailing_number=True)
    assert (rating, rest) == (Rating(4, 5, "(4)"), "Some Title")
    # Even then a year is not a rating.
    assert split_rating("Some Title (2019)", default_scale=5, trailing_number=True)[0] is None


@pytest.mark.parametrize(
    "text, scale",
    [
        ("Ratings are out of 5.", 5),
        ("All papers are rated out of 10", 10),
        ("(n) = my score, 1-5", 5),
        ("Rating: 1 (skip) to 5 (must read)", 5),
        ("Scores go from 0 to 10.", 10),
        ("The number after each paper is my rating on a scale of 1–5", 5),
        ("n分 (满分5分)", 5),
        ("评分采用5分制", 5),
        ("I use a 10-point scale for ratings", 10),
        ("Stars: x/5", 5),
        ("5 stars = best", 5),
    ],
)
def test_a_legend_declares_the_scale(text, scale):
    assert legend_scale(text) == scale


@pytest.mark.parametrize(
    "text",
    [
        "We trained for 1-5 epochs.",
        "Out of 300 submissions, 40 were accepted.",
        "Papers from 2019 to 2021.",
        "Ratings are my own.",
        "",
    ],
)
def test_prose_that_declares_no_scale_is_no_legend(text):
    assert legend_scale(text) is None


@pytest.mark.parametrize(
    "text, label",
    [
        ("YES", "yes"),
        ("Yes", "yes"),
        ("y", "yes"),
        ("✅", "yes"),
        ("✔️", "yes"),
        ("No", "no"),
        ("Maybe", "maybe"),
        ("maybe?", None),
        ("NR", "not read"),
        ("must read", "must read"),
        ("Must-read!", "must read"),
        ("**Skip**", "skip"),
        ("推荐", "yes"),
        ("Yes, read the appendix", None),
        ("4/5", None),
        ("", None),
    ],
)
def test_a_verdict_word_becomes_a_label_not_a_number(text, label):
    found = verdict(text)
    if label is None:
        assert found is None
    else:
        assert found == Rating(None, None, text, label=label)
        assert found.out_of_ten is None


@pytest.mark.parametrize(
    "text",
    [
        "★★★★★★★★★★★★ Twelve stars are no rating",
        "Twelve stars are no rating ★★★★★★★★★★★★",
        "rating " * 3000,
        "Score: " * 50 + "4/5 and more",
        "(" * 5000,
    ],
)
def test_long_runs_and_repeated_labels_are_no_rating(text):
    assert split_rating(text) == (None, text)
    assert parse_rating(text) is None
