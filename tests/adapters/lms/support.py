"""Shared by the AGS adapter tests: Moodle 5.1's URLs as captured, and reading the captures."""

import json
from decimal import Decimal
from pathlib import Path

import responses

from adapters.lms.ags_line_items import LineItem
from adapters.lti import claims

CAPTURES = Path(__file__).parents[2] / "vectors" / "moodle-5.1"
ISSUER = "http://127.0.0.1:8400"
TOKEN_URL = f"{ISSUER}/mod/lti/token.php"
LINEITEMS = f"{ISSUER}/mod/lti/services.php/2/lineitems?type_id=1"
LINEITEM = f"{ISSUER}/mod/lti/services.php/2/lineitems/3/lineitem?type_id=1"
RESULTS = f"{ISSUER}/mod/lti/services.php/2/lineitems/3/lineitem/results?type_id=1"
SCORES = f"{ISSUER}/mod/lti/services.php/2/lineitems/3/lineitem/scores?type_id=1"
NEW_ITEM = f"{ISSUER}/mod/lti/services.php/2/lineitems/4/lineitem?type_id=1"
SCOPES = (
    claims.AGS_SCOPE_LINEITEM,
    claims.AGS_SCOPE_LINEITEM_READONLY,
    claims.AGS_SCOPE_RESULT_READONLY,
    claims.AGS_SCOPE_SCORE,
)
ITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
WELDING = LineItem(
    label="Micro-credential: Welding safety",
    score_maximum=Decimal(10),
    tag="microcredential-42",
    resource_id="mc-42",
)
# What the messages of each kind of failure say.
REFUSED = "refused the tool access"
UNREACHABLE = "could not be reached"
UNREADABLE = "cannot read"


def capture(name: str) -> dict:
    """A Moodle 5.1 capture from tests/vectors/moodle-5.1/."""
    return json.loads((CAPTURES / name).read_text(encoding="utf-8"))


def moodle_link(*links: tuple[str, str]) -> str:
    """A Link header as Moodle's AGS writes it: curly quotes, `&amp;`, UTF-8 read as Latin-1."""
    value = ", ".join(f"<{url.replace('&', '&amp;')}>; rel=“{rel}”" for url, rel in links)
    return value.encode("utf-8").decode("latin-1")


def sent_json(mock: responses.RequestsMock, index: int = -1) -> object:
    """The JSON body of a request the client sent."""
    return json.loads(mock.calls[index].request.body)
