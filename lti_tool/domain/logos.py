"""Which uploaded logos the tool accepts: PNG or SVG, small, recognised by content, not by name."""

from lti_tool.domain.errors import InvalidInput

MAX_LOGO_BYTES = 512 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def logo_content_type(data: bytes) -> str:
    """The media type of a logo; raises InvalidInput for anything but a small PNG or SVG."""
    if not data:
        raise InvalidInput("The logo file is empty.")
    if len(data) > MAX_LOGO_BYTES:
        raise InvalidInput(
            f"The logo is larger than {MAX_LOGO_BYTES // 1024} KiB; send a smaller one."
        )
    if data.startswith(_PNG_SIGNATURE):
        return "image/png"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower():
        return "image/svg+xml"
    raise InvalidInput("The logo must be a PNG or SVG image.")
