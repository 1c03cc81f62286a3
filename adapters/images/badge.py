"""Badge images that are safe to serve, show and bake into credentials.

A badge image travels further than anything else a teacher uploads: learners and verifiers
open it in their browsers, and it is baked into the credentials we issue (the credential goes
into a PNG's iTXt chunk or an SVG element). So an uploaded image is never stored as sent:

- A PNG is decoded and encoded again, which drops every metadata chunk (tEXt, zTXt, iTXt,
  eXIf, iCCP, ...). A stale `openbadgecredential` chunk left in an upload would otherwise sit
  next to, or be mistaken for, the credential we bake in later.
- An SVG is active content: it can run scripts, fetch other documents and embed HTML. It is
  parsed without DTDs (no entity expansion, no external entities) and rebuilt from an
  allow-list of drawing elements and attributes, with links only to fragments of itself and to
  embedded raster images (or embedded SVGs that pass the same cleaning). `<style>` elements
  and `style` attributes go too, so an SVG exported with CSS classes loses those colours;
  export with presentation attributes instead.

When a teacher uploads nothing, `generate` draws a badge from the title and the
organisation's logo, and its output passes `clean` unchanged.
"""

import base64
import binascii
import re
import textwrap
from io import BytesIO
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from PIL import Image

from lti_tool.domain.errors import InvalidInput

MAX_IMAGE_BYTES = 1024 * 1024
MIN_SIDE = 64
MAX_SIDE = 2048

PNG = "image/png"
SVG = "image/svg+xml"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_XLINK_HREF = f"{{{_XLINK_NS}}}href"
_SVG_TAG = f"{{{_SVG_NS}}}"  # the prefix of every SVG element's ElementTree tag
_PREFIXES = {_XLINK_NS: "xlink", _XML_NS: "xml"}
# Escaped so that parsing the output again gives back the same values (no normalisation).
_TEXT_ESCAPES = {"\r": "&#13;"}
_ATTRIBUTE_ESCAPES = {'"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
_KEPT_XML_ATTRIBUTES = {f"{{{_XML_NS}}}space", f"{{{_XML_NS}}}lang"}
_ALLOWED_ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "symbol", "use", "switch", "title", "desc",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan", "textPath",
        "linearGradient", "radialGradient", "stop",
        "clipPath", "mask", "pattern", "image",
    }
)  # fmt: skip
_MAX_ELEMENT_DEPTH = 100
# An SVG may embed an SVG (a generated badge embeds the organisation's SVG logo), which may
# embed one more; deeper embedded SVGs are dropped.
_MAX_SVG_NESTING = 2
_DATA_URI = re.compile(r"data:(image/(?:png|jpeg|svg\+xml));base64,(.*)", re.I | re.S)
_URL_TARGET = re.compile(r"""url\(\s*['"]?\s*([^'")\s]*)""", re.I)
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class BadgeImages:
    """Cleans uploaded badge images and draws badges for credentials that have none."""

    def clean(self, data: bytes) -> tuple[str, bytes]:
        """(media type, safe bytes) of an uploaded PNG or SVG; raises InvalidInput otherwise."""
        media_type = _content_type(data)
        if media_type == PNG:
            return PNG, _clean_png(data, min_side=MIN_SIDE)
        return SVG, _clean_svg(data, nesting=0)

    def generate(self, *, title: str, logo: bytes | None, logo_type: str | None) -> bytes:
        """A 512×512 SVG badge: the logo (if any) above, the title below it."""
        lines = _title_lines(title)
        root = _badge_background(_plain_text(title))
        if logo is not None:
            _draw_logo(root, _logo_data_uri(logo, logo_type))
        _draw_title(root, lines, centre_y=368 if logo is not None else 256)
        return _serialise(root)


# -- What was sent ---------------------------------------------------------------------------


def _content_type(data: bytes) -> str:
    """PNG or SVG by content, not by name; raises InvalidInput for anything else."""
    if not data:
        raise InvalidInput("The badge image is empty; choose a PNG or SVG file.")
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidInput(
            f"The badge image is larger than {MAX_IMAGE_BYTES // 1024} KiB; send a smaller one."
        )
    if data.startswith(_PNG_SIGNATURE):
        return PNG
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") and b"<svg" in head:
        return SVG
    raise InvalidInput("The badge image must be a PNG or SVG image.")


# -- PNG -------------------------------------------------------------------------------------


def _clean_png(data: bytes, *, min_side: int, fit: int = MAX_SIDE) -> bytes:
    """The PNG's pixels (scaled down to fit a fit×fit box) encoded again, without metadata."""
    try:
        with Image.open(BytesIO(data), formats=["PNG"]) as probe:
            probe.verify()
        with Image.open(BytesIO(data), formats=["PNG"]) as image:
            _check_size(image.size, min_side=min_side)
            pixels = image.convert("RGBA")
            pixels.thumbnail((fit, fit))
    except Image.DecompressionBombError as error:
        raise InvalidInput(
            f"The PNG has too many pixels to open safely; it must be at most "
            f"{MAX_SIDE}×{MAX_SIDE} pixels."
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise InvalidInput(
            "The PNG could not be read; it may be damaged. Export it again and upload it."
        ) from error
    pixels.info = {}  # convert() copies the metadata (ICC profile, text) along with pixels
    out = BytesIO()
    pixels.save(out, format="PNG")
    return out.getvalue()


def _check_size(size: tuple[int, int], *, min_side: int) -> None:
    width, height = size
    if width > MAX_SIDE or height > MAX_SIDE:
        raise InvalidInput(
            f"The image is {width}×{height} pixels; it may be at most "
            f"{MAX_SIDE}×{MAX_SIDE} pixels. Scale it down and upload it again."
        )
    if width < min_side or height < min_side:
        raise InvalidInput(
            f"The image is {width}×{height} pixels; it must be at least "
            f"{min_side}×{min_side} pixels. Upload a larger one."
        )


# -- SVG -------------------------------------------------------------------------------------


def _clean_svg(data: bytes, *, nesting: int) -> bytes:
    """The SVG rebuilt from allowed elements and attributes only, as UTF-8 with a declaration."""
    source = _parse_svg(data)
    root = ET.Element(source.tag, _safe_attributes(source.attrib))
    root.text = source.text
    _copy_children(source, root, nesting=nesting, depth=1)
    return _serialise(root)


def _parse_svg(data: bytes) -> ET.Element:
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise InvalidInput(
            "The SVG has a DOCTYPE or entity declarations, which badge images may not use; "
            "remove the <!DOCTYPE ...> part (or export it again as plain SVG) and upload it."
        ) from error
    except ET.ParseError as error:
        raise InvalidInput(f"The SVG is not well-formed XML ({error}); export it again.") from error
    if root.tag != f"{_SVG_TAG}svg":
        raise InvalidInput(
            f'The SVG must have <svg xmlns="{_SVG_NS}"> as its outermost element; export it again.'
        )
    if "viewBox" not in root.attrib and not {"width", "height"} <= root.attrib.keys():
        raise InvalidInput("The SVG needs a viewBox or a width and height; export it again.")
    return root


def _copy_children(source: ET.Element, target: ET.Element, *, nesting: int, depth: int) -> None:
    """Copy source's allowed children (and theirs, recursively) into target."""
    if depth > _MAX_ELEMENT_DEPTH:
        raise InvalidInput(
            f"The SVG nests elements more than {_MAX_ELEMENT_DEPTH} deep; simplify it."
        )
    for child in source:
        copy = _allowed_copy(child, nesting=nesting)
        if copy is not None:
            target.append(copy)
            _copy_children(child, copy, nesting=nesting, depth=depth + 1)


def _allowed_copy(element: ET.Element, *, nesting: int) -> ET.Element | None:
    """The element without its children and unsafe attributes; None if it is not allowed."""
    name = element.tag.removeprefix(_SVG_TAG)
    if name == element.tag or name not in _ALLOWED_ELEMENTS:
        return None
    copy = ET.Element(element.tag, _safe_attributes(element.attrib))
    copy.text, copy.tail = element.text, element.tail
    if name == "image":
        href = _image_href(element, nesting=nesting)
        if href is None:
            return None
        copy.set("href" if "href" in element.attrib else _XLINK_HREF, href)
    return copy


def _safe_attributes(attributes: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in attributes.items() if _safe_attribute(name, value)}


def _safe_attribute(name: str, value: str) -> bool:
    if name.startswith("{"):
        return name in _KEPT_XML_ATTRIBUTES or (name == _XLINK_HREF and _local(value))
    if name.lower().startswith("on") or name == "style":
        return False
    if name == "href":
        return _local(value)
    squeezed = "".join(ch for ch in value if ch > " ").lower()
    if "javascript:" in squeezed or "\\" in value:  # a CSS escape could spell url( unseen
        return False
    return all(target.startswith("#") for target in _URL_TARGET.findall(value))


def _local(href: str) -> bool:
    return href.strip().startswith("#")


def _image_href(image: ET.Element, *, nesting: int) -> str | None:
    """The image's data URI if it holds a PNG, a JPEG or a clean SVG; None otherwise."""
    href = image.get("href", image.get(_XLINK_HREF, ""))
    match = _DATA_URI.fullmatch(href.strip())
    if match is None:
        return None
    media_type = match.group(1).lower()
    try:
        data = base64.b64decode("".join(match.group(2).split()), validate=True)
    except binascii.Error:
        return None
    if media_type == SVG:
        data = _nested_svg(data, nesting=nesting + 1)
    elif not data.startswith(_PNG_SIGNATURE if media_type == PNG else _JPEG_SIGNATURE):
        return None
    return _data_uri(media_type, data) if data else None


def _nested_svg(data: bytes, *, nesting: int) -> bytes:
    """The embedded SVG cleaned, or nothing when it is nested too deep or fails cleaning."""
    if nesting > _MAX_SVG_NESTING:
        return b""
    try:
        return _clean_svg(data, nesting=nesting)
    except InvalidInput:
        return b""


def _data_uri(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def _serialise(root: ET.Element) -> bytes:
    """UTF-8 with a declaration, the SVG namespace as the default, xlink as `xlink:`."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(root, out, {"xmlns": _SVG_NS, "xmlns:xlink": _XLINK_NS})
    out.append("\n")
    return "".join(out).encode()


def _write(element: ET.Element, out: list[str], namespaces: dict[str, str]) -> None:
    """Append element as XML; every element is in the SVG namespace by construction."""
    name = element.tag.removeprefix(_SVG_TAG)
    attributes = {**namespaces, **{_prefixed(key): value for key, value in element.attrib.items()}}
    out.append(f"<{name}")
    out.extend(f' {key}="{escape(value, _ATTRIBUTE_ESCAPES)}"' for key, value in attributes.items())
    if element.text or len(element):
        out.append(f">{escape(element.text or '', _TEXT_ESCAPES)}")
        for child in element:
            _write(child, out, {})
        out.append(f"</{name}>")
    else:
        out.append("/>")
    out.append(escape(element.tail or "", _TEXT_ESCAPES))


def _prefixed(name: str) -> str:
    if not name.startswith("{"):
        return name
    namespace, _, local = name[1:].partition("}")
    return f"{_PREFIXES[namespace]}:{local}"


# -- A badge drawn from the title and logo ---------------------------------------------------

_BACKGROUND = ("#3d7ea6", "#2b5d7d")  # a calm blue, lighter at the top
_TEXT_COLOUR = "#ffffff"
_FONT_SIZE = 32
_LINE_HEIGHT = 40
_LINE_CHARACTERS = 20
_MAX_LINES = 3
# A PNG logo is drawn 140 units wide; twice that is sharp on dense screens, and keeps the
# badge (which embeds it in base64) well under MAX_IMAGE_BYTES, so it passes `clean`.
_LOGO_PIXELS = 280


def _plain_text(title: str) -> str:
    """The title on one line, without characters XML cannot hold."""
    return " ".join(_NOT_XML_CHAR.sub("", title).split())


def _title_lines(title: str) -> list[str]:
    """At most three lines of about twenty characters; an ellipsis ends a cut title."""
    text = _plain_text(title)
    if not text:
        raise InvalidInput("The badge needs a title to draw; give the credential a title.")
    return textwrap.wrap(text, width=_LINE_CHARACTERS, max_lines=_MAX_LINES, placeholder="…")


def _svg_element(parent: ET.Element | None, name: str, **attributes: str | int) -> ET.Element:
    """An SVG element; attribute names use `_` where SVG has `-` (font_size → font-size)."""
    attrib = {key.replace("_", "-"): str(value) for key, value in attributes.items()}
    tag = f"{_SVG_TAG}{name}"
    return ET.Element(tag, attrib) if parent is None else ET.SubElement(parent, tag, attrib)


def _badge_background(title: str) -> ET.Element:
    root = _svg_element(None, "svg", viewBox="0 0 512 512", width=512, height=512, role="img")
    _svg_element(root, "title").text = title
    gradient = _svg_element(
        _svg_element(root, "defs"), "linearGradient", id="badge-fill", x1=0, y1=0, x2=0, y2=1
    )
    for offset, colour in enumerate(_BACKGROUND):
        _svg_element(gradient, "stop", offset=offset, stop_color=colour)
    _svg_element(root, "rect", x=16, y=16, width=480, height=480, rx=96, fill="url(#badge-fill)")
    _svg_element(
        root, "rect", x=32, y=32, width=448, height=448, rx=80,
        fill="none", stroke=_TEXT_COLOUR, stroke_opacity="0.6", stroke_width=4,
    )  # fmt: skip
    return root


def _logo_data_uri(logo: bytes, logo_type: str | None) -> str:
    """The logo cleaned like an upload (no minimum size) and embedded as a data URI."""
    if logo_type == PNG:
        return _data_uri(PNG, _clean_png(logo, min_side=1, fit=_LOGO_PIXELS))
    if logo_type == SVG:
        return _data_uri(SVG, _clean_svg(logo, nesting=1))
    raise InvalidInput("The logo must be a PNG or SVG image; upload the logo again.")


def _draw_logo(root: ET.Element, href: str) -> None:
    """The logo on a white disc in the upper half."""
    _svg_element(root, "circle", cx=256, cy=160, r=100, fill="#ffffff")
    _svg_element(
        root, "image", x=186, y=90, width=140, height=140,
        preserveAspectRatio="xMidYMid meet", href=href,
    )  # fmt: skip


def _draw_title(root: ET.Element, lines: list[str], *, centre_y: int) -> None:
    """The lines centred around centre_y, one tspan each."""
    text = _svg_element(
        root, "text", x=256, font_family="sans-serif", font_size=_FONT_SIZE,
        font_weight="bold", fill=_TEXT_COLOUR, text_anchor="middle",
    )  # fmt: skip
    first_baseline = centre_y + _FONT_SIZE * 3 // 8 - (len(lines) - 1) * _LINE_HEIGHT // 2
    for number, line in enumerate(lines):
        _svg_element(text, "tspan", x=256, y=first_baseline + number * _LINE_HEIGHT).text = line
