"""Deep links: parsing with fallbacks and notes, and writing the view back."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from metrics.present.links import MAX_COMPARE, Choices, Note, View, parse_view, view_params

CHOICES = Choices(
    provinces=["CN-BJ", "CN-GD", "CN-JS", "CN-SC", "CN-ZJ", "CN-SH", "CN-HE", "CN-TJ"],
    milestones=["teachers-double-qualified-share", "apprenticeship-system"],
    families=["teachers", "apprenticeship"],
    regions=["East", "West"],
    pages=["overview", "matrix", "province", "milestone", "compare", "quality", "sources", "coverage"],
)


def test_a_full_link_is_read() -> None:
    parsed = parse_view(
        {
            "page": "province",
            "lang": "en",
            "as_of": "2026-11-23",
            "region": "East",
            "family": "teachers",
            "province": "cn-gd",
            "milestone": "apprenticeship-system",
            "provinces": "CN-GD,CN-JS",
            "color": "score",
        },
        CHOICES,
    )
    assert parsed.notes == []
    assert parsed.view == View(
        "province", "en", dt.date(2026, 11, 23), "East", "teachers", "CN-GD", "apprenticeship-system", ("CN-GD", "CN-JS"), "score"
    )


def test_each_invalid_parameter_falls_back_with_a_note() -> None:
    parsed = parse_view(
        {
            "page": "nowhere",
            "lang": "fr",
            "as_of": "23/11/2026",
            "region": "Mars",
            "family": "x",
            "province": "CN-XX",
            "milestone": "nope",
            "provinces": "CN-GD,CN-QQ",
            "color": "rainbow",
        },
        CHOICES,
    )
    assert parsed.view == View(provinces=("CN-GD",))
    assert parsed.notes == [
        Note("link.unknown_page", "nowhere"),
        Note("link.unknown_language", "fr"),
        Note("link.bad_date", "23/11/2026"),
        Note("link.unknown_region", "Mars"),
        Note("link.unknown_family", "x"),
        Note("link.unknown_province", "CN-XX"),
        Note("link.unknown_milestone", "nope"),
        Note("link.unknown_province", "CN-QQ"),
        Note("link.unknown_color", "rainbow"),
    ]


def test_too_many_provinces_are_cut_to_the_maximum_with_a_note() -> None:
    parsed = parse_view({"provinces": ",".join(CHOICES.provinces)}, CHOICES)
    assert len(parsed.view.provinces) == MAX_COMPARE
    assert Note("link.too_many", str(MAX_COMPARE)) in parsed.notes


def test_repeated_and_list_values_use_the_last() -> None:
    assert parse_view({"province": ["CN-BJ", "CN-SC"]}, CHOICES).view.province == "CN-SC"


def test_an_overlong_value_is_refused_not_split() -> None:
    parsed = parse_view({"provinces": "CN-GD," * 10_000}, CHOICES)
    assert parsed.view.provinces == ("CN-GD",)


def test_defaults_are_left_out_of_the_link() -> None:
    assert view_params(View()) == {"page": "overview"}


views = st.builds(
    View,
    page=st.sampled_from(["overview", "province", "milestone", "compare", "quality", "sources"]),
    lang=st.sampled_from(["", "zh", "en"]),
    as_of=st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), dt.date(2040, 12, 31))),
    region=st.sampled_from(["", *CHOICES.regions]),
    family=st.sampled_from(["", *CHOICES.families]),
    province=st.sampled_from(["", *CHOICES.provinces]),
    milestone=st.sampled_from(["", *CHOICES.milestones]),
    provinces=st.lists(st.sampled_from(CHOICES.provinces), unique=True, max_size=MAX_COMPARE).map(tuple),
    color=st.sampled_from(["status", "attainment", "score"]),
)


@given(views)
def test_a_written_link_reads_back_as_the_same_view(view: View) -> None:
    parsed = parse_view(view_params(view), CHOICES)
    assert parsed.notes == []
    assert parsed.view == view


@given(
    st.dictionaries(
        st.sampled_from(["page", "lang", "as_of", "province", "provinces", "milestone", "color", "region"]), st.text(max_size=30)
    )
)
def test_any_parameters_parse_without_exception(params: dict[str, str]) -> None:
    parsed = parse_view(params, CHOICES)
    assert isinstance(parsed.view, View)
