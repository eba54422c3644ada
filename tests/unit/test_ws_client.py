"""bench/ws_client.py, the load test's browserless session: reading a run's forward messages as data."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.ws_client import MessageCache, figure_has, figure_numbers, read_run


def plotly_spec(*traces: go.BaseTraceType) -> dict:
    """A figure as Streamlit sends it: plotly's own JSON (numpy arrays become base64 "bdata")."""
    return json.loads(go.Figure(list(traces)).to_json())


def chart_message(spec: dict) -> ForwardMsg:
    message = ForwardMsg()
    message.delta.new_element.plotly_chart.spec = json.dumps(spec)
    return message


def finished(status: int = ForwardMsg.FINISHED_SUCCESSFULLY) -> ForwardMsg:
    message = ForwardMsg()
    message.script_finished = status
    return message


def test_numbers_are_read_from_plotly_base64_arrays_and_from_lists() -> None:
    spec = plotly_spec(
        go.Scatter(x=["2025-01-01", "2026-10-31"], y=np.array([70.5, 77.7])),
        go.Bar(x=np.array([3, -2], dtype=np.int8), y=[1.5, None, "n/a", True]),
    )
    assert "bdata" in json.dumps(spec)  # the encoding the helper must decode, not just plain lists
    assert sorted(figure_numbers(spec)) == [-2.0, 1.5, 3.0, 70.5, 77.7]


@pytest.mark.parametrize(("value", "expected"), [(77.7, True), (77.70000001, False), (2026.0, False)])
def test_a_figure_has_a_value_only_when_it_is_plotted(value: float, expected: bool) -> None:
    spec = plotly_spec(go.Scatter(x=["2026-10-31"], y=np.array([77.7])))
    assert figure_has(spec, value) is expected


def test_a_run_with_an_exception_and_an_error_box_has_both_as_problems() -> None:
    navigation = ForwardMsg()
    for name, page_hash in (("Overview", "h1"), ("Province", "h2")):
        page = navigation.navigation.app_pages.add()
        page.page_name, page.page_script_hash = name, page_hash
    navigation.navigation.page_script_hash = "h2"
    exception = ForwardMsg()
    exception.delta.new_element.exception.type = "KeyError"
    exception.delta.new_element.exception.message = "'metrics.export.deck'"
    exception.delta.new_element.exception.stack_trace.extend(["File a.py, line 1", "File b.py, line 2"])
    error, info = ForwardMsg(), ForwardMsg()
    error.delta.new_element.alert.body, error.delta.new_element.alert.format = "3 data problems", Alert.ERROR
    info.delta.new_element.alert.body, info.delta.new_element.alert.format = "Demo data", Alert.INFO
    run = read_run([navigation, info, exception, error, finished()])
    assert run.page == "Province"
    assert run.problems == [
        "exception: KeyError: 'metrics.export.deck' at File a.py, line 1 | File b.py, line 2",
        "error box: 3 data problems",
    ]


def test_a_clean_run_has_no_problems_and_shows_its_charts_values() -> None:
    run = read_run([chart_message(plotly_spec(go.Scatter(y=np.array([60.0, 77.7])))), finished()])
    assert run.problems == []
    assert run.shows(77.7)
    assert not run.shows(77.8)


@pytest.mark.parametrize(
    ("messages", "problem"),
    [
        ([], "run did not finish"),
        ([finished(ForwardMsg.FINISHED_WITH_COMPILE_ERROR)], "run finished with status 1"),
    ],
)
def test_an_unfinished_or_failed_run_is_a_problem(messages: list[ForwardMsg], problem: str) -> None:
    assert read_run(messages).problems == [problem]


def test_a_reference_resolves_to_the_cached_message_at_the_references_place() -> None:
    cache = MessageCache()
    original = chart_message(plotly_spec(go.Scatter(y=[77.7])))
    original.hash, original.metadata.cacheable = "abc", True
    original.metadata.delta_path.extend([0, 7])
    assert cache.resolve(original) is original
    assert cache.hashes() == ["abc"]
    reference = ForwardMsg()
    reference.ref_hash = "abc"
    reference.metadata.delta_path.extend([0, 9])
    resolved = cache.resolve(reference)
    assert resolved.delta.new_element.plotly_chart.spec == original.delta.new_element.plotly_chart.spec
    assert list(resolved.metadata.delta_path) == [0, 9]
    unknown = ForwardMsg()
    unknown.ref_hash = "never-sent"
    with pytest.raises(KeyError):
        cache.resolve(unknown)


def test_the_cache_keeps_only_cacheable_messages_and_at_most_its_size() -> None:
    cache = MessageCache(entries=2)
    for n in range(3):
        message = finished()
        message.hash, message.metadata.cacheable = f"h{n}", True
        cache.resolve(message)
    small = finished()
    small.hash = "not-cacheable"
    cache.resolve(small)
    assert cache.hashes() == ["h1", "h2"]


def test_a_fragments_own_run_is_a_clean_run() -> None:
    assert read_run([finished(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)]).problems == []


def test_choice_widgets_are_read_with_their_fragment_options_and_chosen_values() -> None:
    select = ForwardMsg()
    select.delta.fragment_id = "part-1"
    box = select.delta.new_element.selectbox
    box.id, box.label = "w1", "Milestone shown"
    box.options.extend(["A", "B", "C"])
    box.default = 1
    multi = ForwardMsg()
    chooser = multi.delta.new_element.multiselect
    chooser.id, chooser.label, chooser.set_value = "w2", "Provinces", True
    chooser.options.extend(["Guangdong", "Jiangsu", "Sichuan"])
    chooser.raw_values.extend(["Guangdong", "Sichuan"])
    run = read_run([select, multi, finished()])
    assert run.choices == {"Milestone shown": ("w1", "part-1"), "Provinces": ("w2", "")}
    assert run.options["Milestone shown"] == ["A", "B", "C"]
    assert run.values == {"Milestone shown": ["B"], "Provinces": ["Guangdong", "Sichuan"]}
    assert run.elements == 2
