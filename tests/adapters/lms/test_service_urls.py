"""Service URLs keep Moodle's `?type_id=` when a path or query parameters are added."""

import pytest

from adapters.lms.platform_services import with_path, with_query
from tests.adapters.lms.support import (
    LINEITEM,
    LINEITEMS,
    RESULTS,
    SCORES,
)


@pytest.mark.parametrize(
    ("url", "segment", "expected"),
    [
        (LINEITEM, "results", RESULTS),
        (LINEITEM, "scores", SCORES),
        ("https://lms.example/items/7/", "scores", "https://lms.example/items/7/scores"),
        ("https://lms.example/items/7", "results", "https://lms.example/items/7/results"),
    ],
)
def test_a_path_goes_before_the_query(url, segment, expected):
    assert with_path(url, segment) == expected


def test_query_parameters_are_set_next_to_type_id():
    url = with_query(LINEITEMS + "&limit=5", tag="microcredential 42", limit=None)
    assert url == LINEITEMS + "&tag=microcredential+42"
    assert with_query(RESULTS, user_id="5") == RESULTS + "&user_id=5"
