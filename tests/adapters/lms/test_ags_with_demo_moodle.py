"""The AGS client against the emulated Moodle, in-process: real tokens signed with the tool's
key, Moodle's `?type_id=` on every URL and its curly-quoted Link headers."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
import requests

from adapters.lms.ags import AgsResultFeed, AgsScores
from adapters.lms.ags_line_items import AgsLineItems, LineItem
from adapters.lms.platform_services import PlatformServices
from adapters.lti import claims
from adapters.sealing import KeySealer
from lti_tool.demo_setup import CLIENT_ID
from lti_tool.domain.errors import NotAllowed, NotFound
from lti_tool.extensions import db
from lti_tool.models.stores import DbAccessTokenCache, DbRegistrationLookup, DbToolKeyLookup

SCOPES = (
    claims.AGS_SCOPE_LINEITEM,
    claims.AGS_SCOPE_LINEITEM_READONLY,
    claims.AGS_SCOPE_RESULT_READONLY,
    claims.AGS_SCOPE_SCORE,
)


@pytest.fixture
def ags(moodle, http, settings):
    """The AGS adapters over the tool's stored registration and key, as `wiring` builds them
    (test settings seal keys with the development key), and where the emulator serves AGS."""
    platform = moodle.platform
    with moodle.app.app_context():
        services = PlatformServices(
            registrations=DbRegistrationLookup(db.session),
            tool_keys=DbToolKeyLookup(db.session),
            sealer=KeySealer([KeySealer.derive_key(settings.secret_key)]),
            session=requests.Session(),
            tokens=DbAccessTokenCache(db.session),
        )
        yield SimpleNamespace(
            platform=platform,
            line_items=AgsLineItems(services=services),
            feed=AgsResultFeed(services=services),
            scores=AgsScores(services=services),
            at={"issuer": platform.issuer, "client_id": CLIENT_ID, "scopes": SCOPES},
            lineitems_url=platform.urls.lineitems + platform.urls.type_query,
            activity_item_url=platform.urls.lineitem(3) + platform.urls.type_query,
        )


def column(ags, *, tag="micro-credential-1", **filters):
    return ags.line_items.line_items(lineitems_url=ags.lineitems_url, tag=tag, **filters, **ags.at)


def test_a_column_is_created_renamed_and_removed(ags):
    created = ags.line_items.create(
        LineItem(label="Welding safety", score_maximum=Decimal(10), tag="micro-credential-1"),
        lineitems_url=ags.lineitems_url,
        **ags.at,
    )
    assert created.url == ags.platform.urls.lineitem(4) + "?type_id=1"
    assert column(ags) == [created]

    renamed = ags.line_items.update(
        replace(created, label="Welding safety (v2)", score_maximum=Decimal(20)), **ags.at
    )

    assert column(ags) == [renamed]
    stored = ags.platform.gradebook.line_item(4)
    assert (stored.label, stored.score_maximum, stored.tag) == (
        "Welding safety (v2)",
        20,
        "micro-credential-1",
    )
    assert ags.line_items.delete(lineitem_url=created.url, **ags.at)
    assert column(ags) == []
    assert not ags.line_items.delete(lineitem_url=created.url, **ags.at)
    with pytest.raises(NotFound):
        ags.line_items.update(renamed, **ags.at)


def test_the_activitys_own_column_is_found_by_its_resource_link_and_kept(ags):
    (activity,) = column(ags, tag=None, resource_link_id="1")

    assert (activity.url, activity.resource_link_id) == (ags.activity_item_url, "1")
    with pytest.raises(NotAllowed):
        ags.line_items.delete(lineitem_url=activity.url, **ags.at)


def test_every_page_of_columns_is_followed(ags, http):
    for label in ("Second", "Third"):
        ags.platform.gradebook.add_line_item({"label": label, "scoreMaximum": 10})

    found = ags.line_items.line_items(lineitems_url=ags.lineitems_url, page_size=1, **ags.at)

    assert [item.label for item in found] == ["Micro-credentials", "Second", "Third"]
    pages = [call.request.url for call in http.calls if "/lineitems?" in call.request.url]
    assert [url.rsplit("&", 1)[-1] for url in pages] == ["limit=1", "from=1", "from=2"]


def test_results_are_read_whole_or_for_one_learner(ags, http):
    everyone = ags.feed.results(lineitem_url=ags.activity_item_url, **ags.at)
    sally = ags.feed.results(lineitem_url=ags.activity_item_url, learner="5", **ags.at)
    # Moodle answers `limit` on results with a 404 page; the client then asks for them all.
    paged = ags.feed.results(lineitem_url=ags.activity_item_url, page_size=2, **ags.at)

    assert {r.learner: r.score for r in everyone} == {"4": 85, "5": 64, "6": 42}
    assert [(r.learner, r.score, r.maximum) for r in sally] == [("5", 64, 100)]
    assert paged == everyone
    asked = [call.request.url for call in http.calls if "/results" in call.request.url]
    assert [url.split("/lineitem/")[1] for url in asked] == [
        "results?type_id=1",
        "results?type_id=1&user_id=5",
        "results?type_id=1&limit=2",
        "results?type_id=1",
    ]


def test_an_issued_credential_is_scored_once_and_a_repeat_is_already_reported(ags):
    ags.platform.gradebook.add_line_item(
        {"label": "Welding safety", "scoreMaximum": 100, "tag": "micro-credential-1"}
    )
    target = {
        "lineitems_url": ags.lineitems_url,
        "tag": "micro-credential-1",
        "learner": "4",
        "issued_at": datetime(2026, 3, 1, 12, tzinfo=UTC),
    }

    assert ags.scores.report_issued(**target, **ags.at)
    assert ags.scores.report_issued(**target, **ags.at)  # Moodle answers 409: not newer

    (grade,) = ags.platform.gradebook.results(4)
    assert (grade.user_id, grade.score, grade.comment) == (4, 100, "Micro-credential issued")
