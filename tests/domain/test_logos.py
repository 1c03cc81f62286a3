import pytest

from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.logos import MAX_LOGO_BYTES, logo_content_type


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
        (b'\xef\xbb\xbf<?xml version="1.0"?>\n<svg/>', "image/svg+xml"),
    ],
)
def test_png_and_svg_are_recognised_by_their_content(data, expected):
    assert logo_content_type(data) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"GIF89a....", "PNG or SVG"),
        (b'<?xml version="1.0"?><html/>', "PNG or SVG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_LOGO_BYTES, "larger than"),
    ],
)
def test_anything_else_is_refused_with_the_reason(data, reason):
    with pytest.raises(InvalidInput, match=reason):
        logo_content_type(data)
