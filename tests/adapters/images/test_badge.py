"""Badge images: uploads come back without active content or metadata; drawn badges are clean."""

import base64
import io
import re
import struct
import zlib

import pytest
from defusedxml import ElementTree as ET
from PIL import Image, PngImagePlugin

from adapters.images.badge import MAX_IMAGE_BYTES, BadgeImages
from lti_tool.domain.errors import InvalidInput

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'

images = BadgeImages()


def png(size=(128, 128), mode="RGBA", **save_options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "red").save(out, format="PNG", **save_options)
    return out.getvalue()


def svg(body: str, attributes: str = 'viewBox="0 0 100 100"') -> bytes:
    return f'<svg xmlns="http://www.w3.org/2000/svg" {XLINK} {attributes}>{body}</svg>'.encode()


def clean_svg(body: str) -> str:
    media_type, data = images.clean(svg(body))
    assert media_type == "image/svg+xml"
    return data.decode()


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload)
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def data_uri(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode()}"


def embedded(document: bytes, media_type: str) -> bytes:
    """The payload of the one data URI of media_type in document."""
    (payload,) = re.findall(rf'data:{re.escape(media_type)};base64,([^"]*)', document.decode())
    return base64.b64decode(payload)


# -- What is accepted at all -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        (b"", "empty"),
        (b"GIF89a" + b"\0" * 64, "PNG or SVG"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 64, "PNG or SVG"),
        (b"<html><body>hi</body></html>", "PNG or SVG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_IMAGE_BYTES, "1024 KiB"),
    ],
    ids=["empty", "gif", "jpeg", "html", "too-large"],
)
def test_only_small_pngs_and_svgs_are_accepted(data, complaint):
    with pytest.raises(InvalidInput, match=complaint):
        images.clean(data)


# -- PNG ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["RGBA", "RGB", "L", "LA", "P", "1", "I;16"])
def test_a_png_comes_back_as_a_png_of_the_same_size(mode):
    media_type, data = images.clean(png(size=(200, 100), mode=mode))
    assert media_type == "image/png"
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("PNG", (200, 100))
        assert image.getpixel((0, 0))[3] == 255


def test_a_palette_png_keeps_its_transparency():
    image = Image.new("P", (64, 64), 0)
    image.putpalette([255, 0, 0, 0, 0, 255])
    image.paste(1, (0, 0, 32, 64))
    out = io.BytesIO()
    image.save(out, format="PNG", transparency=0)
    _, data = images.clean(out.getvalue())
    with Image.open(io.BytesIO(data)) as cleaned:
        assert cleaned.getpixel((0, 0)) == (0, 0, 255, 255)
        assert cleaned.getpixel((63, 0))[3] == 0


def test_metadata_chunks_are_dropped_from_a_png():
    info = PngImagePlugin.PngInfo()
    info.add_itxt("openbadgecredential", '{"type": ["OpenBadgeCredential"]}')
    info.add_text("Comment", "made by hand")
    info.add_text("Author", "someone", zip=True)
    sent = png(pnginfo=info, icc_profile=b"\0" * 128, exif=b"Exif\0\0MM\0*\0\0\0\x08\0\0")
    for chunk in (b"iTXt", b"tEXt", b"zTXt", b"iCCP", b"eXIf"):
        assert chunk in sent
    _, data = images.clean(sent)
    for chunk in (b"iTXt", b"tEXt", b"zTXt", b"iCCP", b"eXIf", b"openbadgecredential"):
        assert chunk not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.info == {}


def test_cleaning_a_png_is_deterministic():
    assert images.clean(png()) == images.clean(png())


@pytest.mark.parametrize("size", [(64, 64), (2048, 2048), (64, 2048)])
def test_the_size_limits_are_inclusive(size):
    assert images.clean(png(size=size, mode="L"))[0] == "image/png"


@pytest.mark.parametrize(
    ("size", "found", "wanted"),
    [
        ((32, 32), "32×32", "at least 64×64"),
        ((200, 63), "200×63", "at least 64×64"),
        ((2049, 100), "2049×100", "at most 2048×2048"),
        ((100, 3000), "100×3000", "at most 2048×2048"),
    ],
)
def test_a_png_too_small_or_too_large_is_refused_saying_both_sizes(size, found, wanted):
    with pytest.raises(InvalidInput) as refused:
        images.clean(png(size=size, mode="1"))
    assert found in refused.value.message
    assert wanted in refused.value.message


def test_a_decompression_bomb_is_refused_before_its_pixels_are_decoded():
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\0" * 100_001))
        + png_chunk(b"IEND", b"")
    )
    with pytest.raises(InvalidInput, match="too many pixels"):
        images.clean(bomb)


def test_a_compressed_text_chunk_that_expands_hugely_is_refused():
    info = PngImagePlugin.PngInfo()
    info.add_text("padding", "a" * (3 * 1024 * 1024), zip=True)
    sent = png(pnginfo=info)
    assert len(sent) < 16 * 1024
    with pytest.raises(InvalidInput, match="could not be read"):
        images.clean(sent)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:60],
        lambda data: data[:-20],
        lambda data: data[:40] + bytes([data[40] ^ 0xFF]) + data[41:],
        lambda data: data[:8] + b"not a chunk at all",
    ],
    ids=["cut-in-header", "cut-at-end", "bad-crc", "garbage"],
)
def test_a_damaged_png_is_refused(damage):
    with pytest.raises(InvalidInput, match="could not be read"):
        images.clean(damage(png(size=(300, 300), mode="RGB")))


# -- SVG: what survives ------------------------------------------------------------------------

LOGO = """
  <title>Acme</title><desc>The Acme logo</desc>
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#06c"/>
    </linearGradient>
    <clipPath id="round"><circle cx="50" cy="50" r="48"/></clipPath>
  </defs>
  <g clip-path="url(#round)" fill="url('#sky')">
    <rect width="100" height="100"/>
    <path id="wave" d="M0 70 Q25 60 50 70 T100 70" stroke="#036" stroke-width="2"/>
    <use xlink:href="#wave" y="10"/>
  </g>
  <text x="50" y="40" font-family="sans-serif">Acme &amp; <tspan>Søns</tspan></text>
"""


def test_a_normal_logo_survives_cleaning():
    cleaned = clean_svg(LOGO)
    assert cleaned.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = ET.fromstring(cleaned.encode())
    tags = {element.tag.removeprefix(SVG_NS) for element in root.iter()}
    assert {"title", "desc", "linearGradient", "stop", "clipPath", "g", "path", "use"} <= tags
    assert root.get("viewBox") == "0 0 100 100"
    assert root.find(f".//{SVG_NS}g").attrib == {"clip-path": "url(#round)", "fill": "url('#sky')"}
    assert root.find(f".//{SVG_NS}use").get("{http://www.w3.org/1999/xlink}href") == "#wave"
    assert "".join(root.find(f"{SVG_NS}text").itertext()) == "Acme & Søns"
    assert root.find(f".//{SVG_NS}path").get("d") == "M0 70 Q25 60 50 70 T100 70"


def test_cleaning_a_clean_svg_changes_nothing():
    _, once = images.clean(svg(LOGO + "<script>alert(1)</script>"))
    assert images.clean(once) == ("image/svg+xml", once)


def test_a_svg_with_only_a_width_and_height_is_accepted():
    assert images.clean(svg("<rect/>", 'width="64" height="64"'))[0] == "image/svg+xml"


def test_a_svg_with_a_byte_order_mark_and_declaration_is_recognised():
    sent = b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\n' + svg("<rect/>")
    assert images.clean(sent)[0] == "image/svg+xml"


# -- SVG: what is removed ----------------------------------------------------------------------


def test_scripts_are_removed_with_their_content():
    cleaned = clean_svg(
        '<script>alert("one")</script><g><script xlink:href="https://evil.example/x.js"/></g>'
        "<script><![CDATA[alert(2)]]></script><rect/>"
    )
    assert "script" not in cleaned
    assert "alert" not in cleaned
    assert "<rect/>" in cleaned


def test_event_handlers_are_removed_from_every_element():
    cleaned = clean_svg(
        '<rect onclick="alert(1)" ONMOUSEOVER="alert(2)" width="5"/>'
        '<g onload="alert(3)"><circle r="4" onfocusin="alert(4)"/></g>'
    )
    assert "alert" not in cleaned
    assert '<rect width="5"/>' in cleaned
    _, root_handler = images.clean(svg("<rect/>", 'viewBox="0 0 9 9" onload="alert(5)"'))
    assert b"onload" not in root_handler


@pytest.mark.parametrize(
    "element",
    [
        '<use href="https://evil.example/sprites.svg#icon"/>',
        '<use xlink:href="//evil.example/sprites.svg#icon"/>',
        '<use href="sprites.svg#icon"/>',
        '<use href="data:image/svg+xml;base64,PHN2Zy8+"/>',
        '<linearGradient xlink:href="file:///etc/passwd#x"/>',
    ],
)
def test_links_outside_the_document_are_removed(element):
    cleaned = clean_svg(element)
    assert "href" not in cleaned
    assert "evil" not in cleaned
    assert "passwd" not in cleaned


@pytest.mark.parametrize(
    "image",
    [
        '<image href="https://evil.example/tracker.png" width="1" height="1"/>',
        '<image xlink:href="logo.png"/>',
        '<image href="#local"/>',
        '<image href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="/>',
        '<image href="data:image/png;base64,not base64 at all!"/>',
        f'<image href="{data_uri("image/png", b"<script>alert(1)</script>")}"/>',
        f'<image href="{data_uri("image/jpeg", b"GIF89a")}"/>',
        "<image/>",
    ],
)
def test_images_other_than_embedded_rasters_are_removed(image):
    assert "image" not in clean_svg(image)


def test_embedded_png_and_jpeg_images_are_kept():
    logo = png(size=(8, 8))
    jpeg = b"\xff\xd8\xff\xe0" + b"\0" * 16
    wrapped = base64.encodebytes(logo).decode()  # with line breaks, as some editors write it
    cleaned = clean_svg(
        f'<image href="data:image/png;base64,{wrapped}" width="8"/>'
        f'<image xlink:href="DATA:IMAGE/JPEG;BASE64,{base64.b64encode(jpeg).decode()}"/>'
    )
    root = ET.fromstring(cleaned.encode())
    first, second = root.iter(f"{SVG_NS}image")
    assert first.attrib == {"href": data_uri("image/png", logo), "width": "8"}
    assert second.get("{http://www.w3.org/1999/xlink}href") == data_uri("image/jpeg", jpeg)


def test_foreign_objects_are_removed_with_their_html():
    cleaned = clean_svg(
        '<foreignObject width="100" height="100"><div xmlns="http://www.w3.org/1999/xhtml">'
        '<iframe src="https://evil.example/"/><b>hello</b></div></foreignObject><rect/>'
    )
    assert "foreignObject" not in cleaned
    assert "iframe" not in cleaned
    assert "hello" not in cleaned


def test_style_elements_and_attributes_are_removed():
    cleaned = clean_svg(
        "<style>@import url(https://evil.example/a.css); rect { fill: red }</style>"
        '<rect style="fill: url(https://evil.example/p.svg#x)" fill="blue"/>'
    )
    assert "style" not in cleaned
    assert "evil" not in cleaned
    assert '<rect fill="blue"/>' in cleaned


@pytest.mark.parametrize(
    "element",
    [
        '<animate attributeName="href" to="javascript:alert(1)"/>',
        '<set attributeName="onclick" to="alert(1)"/>',
        '<animateTransform attributeName="transform" type="rotate" from="0" to="360"/>',
        '<animateMotion path="M0 0 L10 10"/>',
        "<a href='javascript:alert(1)'><rect/></a>",
        '<filter id="f"><feImage href="https://evil.example/x.png"/></filter>',
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>',
        '<x:rect xmlns:x="urn:not-svg"/>',
        "<rect xmlns=''/>",
    ],
)
def test_elements_outside_the_allow_list_are_removed(element):
    cleaned = clean_svg(f"<g>{element}</g>")
    assert cleaned.endswith(f'{XLINK} viewBox="0 0 100 100"><g/></svg>\n')


@pytest.mark.parametrize(
    "attribute",
    [
        'filter="javascript:alert(1)"',
        'mask="java&#9;script:alert(1)"',
        'fill="JavaScript:alert(1)"',
        'fill="url(https://evil.example/p.svg#x)"',
        "fill=\"url( '//evil.example/p.svg#x' )\"",
        'clip-path="url(#ok) url(http://evil.example/#x)"',
        'fill="u\\72l(https://evil.example/p.svg#x)"',
        'xml:base="https://evil.example/"',
        'inkscape:label="layer" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"',
    ],
)
def test_dangerous_attribute_values_are_removed(attribute):
    cleaned = clean_svg(f'<rect id="r" {attribute}/>')
    assert '<rect id="r"/>' in cleaned


def test_processing_instructions_and_comments_are_removed():
    sent = (
        b'<?xml version="1.0"?>\n<?xml-stylesheet href="https://evil.example/a.css"?>\n'
        b"<!-- made with a tool -->" + svg("<rect/><!-- more -->")
    )
    _, cleaned = images.clean(sent)
    assert b"evil" not in cleaned
    assert b"<!--" not in cleaned
    assert b"xml-stylesheet" not in cleaned


# -- SVG: what is refused ----------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><text>&lol3;</text></svg>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><text>&secret;</text></svg>"""

EXTERNAL_DTD = b"""<?xml version="1.0" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect/></svg>"""


@pytest.mark.parametrize(
    "sent", [BILLION_LAUGHS, XXE, EXTERNAL_DTD], ids=["billion-laughs", "xxe", "external-dtd"]
)
def test_doctypes_and_entities_are_refused(sent):
    with pytest.raises(InvalidInput, match="DOCTYPE"):
        images.clean(sent)


@pytest.mark.parametrize(
    ("sent", "complaint"),
    [
        (b"<svg><rect></svg>", "not well-formed"),
        (svg("<text>&nbsp;</text>"), "not well-formed"),
        (b'<svg viewBox="0 0 1 1"><rect/></svg>', "outermost"),
        (b'<svg:svg xmlns:svg="urn:other" viewBox="0 0 1 1"/>', "outermost"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/2000/svg"><svg/></html>', "outer"),
        (svg("<rect/>", ""), "viewBox or a width and height"),
        (svg("<rect/>", 'width="10"'), "viewBox or a width and height"),
        (svg("<g>" * 101 + "</g>" * 101), "more than 100 deep"),
    ],
    ids=["malformed", "undefined-entity", "no-namespace", "other-namespace", "root-not-svg",
         "no-size", "width-only", "too-deep"],
)  # fmt: skip
def test_svgs_that_are_not_badge_images_are_refused(sent, complaint):
    with pytest.raises(InvalidInput, match=complaint):
        images.clean(sent)


# -- SVG inside SVG ----------------------------------------------------------------------------


def svg_image(document: bytes) -> str:
    return f'<image href="{data_uri("image/svg+xml", document)}" width="10" height="10"/>'


def test_an_embedded_svg_is_kept_only_cleaned():
    inner = svg('<rect onclick="alert(1)"/><script>alert(2)</script>')
    _, cleaned = images.clean(svg(svg_image(inner)))
    assert embedded(cleaned, "image/svg+xml") == images.clean(inner)[1]
    assert b"alert" not in embedded(cleaned, "image/svg+xml")


@pytest.mark.parametrize(
    "inner",
    [BILLION_LAUGHS, XXE, b"<svg><unclosed></svg>", b'<svg viewBox="0 0 1 1"/>', b"\x89PNG"],
    ids=["billion-laughs", "xxe", "malformed", "no-namespace", "not-svg"],
)
def test_an_embedded_svg_that_fails_cleaning_is_removed(inner):
    assert "image" not in clean_svg(svg_image(inner))


def test_svgs_embedded_more_than_two_deep_are_removed():
    deepest = svg("<rect/>")
    second = svg(svg_image(deepest))
    first = svg(svg_image(second))
    _, cleaned = images.clean(svg(svg_image(first)))
    first_cleaned = embedded(cleaned, "image/svg+xml")
    second_cleaned = embedded(first_cleaned, "image/svg+xml")
    assert b"<image" not in second_cleaned
    assert b"<rect/>" not in second_cleaned  # the third level's content never made it


# -- Generated badges --------------------------------------------------------------------------


def generated(title="Data Protection Basics", logo=None, logo_type=None) -> bytes:
    return images.generate(title=title, logo=logo, logo_type=logo_type)


def title_lines(document: bytes) -> list[str]:
    root = ET.fromstring(document)
    return [tspan.text for tspan in root.iter(f"{SVG_NS}tspan")]


def test_a_badge_without_a_logo_shows_only_the_title():
    badge = generated()
    root = ET.fromstring(badge)
    assert root.get("viewBox") == "0 0 512 512"
    assert root.find(f"{SVG_NS}image") is None
    assert title_lines(badge) == ["Data Protection", "Basics"]
    assert root.find(f"{SVG_NS}text").get("font-family") == "sans-serif"


@pytest.mark.parametrize(
    ("logo", "logo_type"),
    [
        (None, None),
        (png(size=(40, 20)), "image/png"),
        (svg(LOGO).decode().encode(), "image/svg+xml"),
    ],
    ids=["no-logo", "png-logo", "svg-logo"],
)
def test_a_generated_badge_passes_cleaning_unchanged(logo, logo_type):
    badge = generated(logo=logo, logo_type=logo_type)
    assert images.clean(badge) == ("image/svg+xml", badge)


def test_a_png_logo_is_embedded_without_its_metadata():
    info = PngImagePlugin.PngInfo()
    info.add_itxt("openbadgecredential", "stale")
    badge = generated(logo=png(size=(32, 32), pnginfo=info), logo_type="image/png")
    logo = embedded(badge, "image/png")
    assert logo.startswith(b"\x89PNG")
    assert b"iTXt" not in logo
    with Image.open(io.BytesIO(logo)) as image:
        assert image.size == (32, 32)


def test_a_large_png_logo_is_scaled_down_to_keep_the_badge_small():
    stripes = Image.frombytes("RGBA", (2048, 1024), bytes(range(256)) * (2048 * 1024 * 4 // 256))
    out = io.BytesIO()
    stripes.save(out, format="PNG")
    badge = generated(logo=out.getvalue(), logo_type="image/png")
    with Image.open(io.BytesIO(embedded(badge, "image/png"))) as logo:
        assert logo.size == (280, 140)
    assert images.clean(badge) == ("image/svg+xml", badge)


def test_an_svg_logo_is_embedded_as_a_data_uri_without_its_scripts():
    logo = svg(LOGO + '<script>alert(1)</script><rect onload="alert(2)"/>')
    badge = generated(logo=logo, logo_type="image/svg+xml")
    assert embedded(badge, "image/svg+xml") == images.clean(logo)[1]
    assert b"alert" not in embedded(badge, "image/svg+xml")


@pytest.mark.parametrize(
    ("logo", "logo_type", "complaint"),
    [
        (png(), "image/gif", "PNG or SVG"),
        (png(), None, "PNG or SVG"),
        (b"not a png", "image/png", "could not be read"),
        (png(size=(4000, 10), mode="1"), "image/png", "at most 2048×2048"),
        (XXE, "image/svg+xml", "DOCTYPE"),
    ],
)
def test_a_logo_that_is_not_a_usable_image_is_refused(logo, logo_type, complaint):
    with pytest.raises(InvalidInput, match=complaint):
        generated(logo=logo, logo_type=logo_type)


def test_the_title_is_escaped_and_kept_whole_for_screen_readers():
    title = 'R&D <script>alert("x")</script> Ασφάλεια – Киберсигурност'
    badge = generated(title=title)
    assert b"<script>" not in badge
    root = ET.fromstring(badge)
    assert root.find(f"{SVG_NS}title").text == title
    assert title_lines(badge) == [
        'R&D <script>alert("x',
        '")</script> Ασφάλεια',
        "– Киберсигурност",
    ]
    assert b"R&amp;D &lt;script&gt;" in badge
    assert "Ασφάλεια".encode() in badge


def test_a_long_title_is_wrapped_over_three_lines_and_ends_with_an_ellipsis():
    lines = title_lines(
        generated(title="Introduction to Data Protection and Privacy Law in Europe")
    )
    assert lines == ["Introduction to Data", "Protection and", "Privacy Law in…"]
    assert all(len(line) <= 20 for line in lines)


def test_a_long_word_is_broken_to_fit():
    lines = title_lines(generated(title="Datenschutzgrundverordnungsschulung"))
    assert lines == ["Datenschutzgrundvero", "rdnungsschulung"]


def test_characters_xml_cannot_hold_are_dropped_from_the_title():
    badge = generated(title="Safety\x00 \x1bFirst\ufffe\n  Aid")
    assert title_lines(badge) == ["Safety First Aid"]
    assert images.clean(badge)[1] == badge


@pytest.mark.parametrize("title", ["", "   ", "\x00\x01"])
def test_a_badge_needs_a_title(title):
    with pytest.raises(InvalidInput, match="title"):
        generated(title=title)


def test_generating_is_deterministic():
    logo = svg(LOGO)
    first = generated(title="Team Work", logo=logo, logo_type="image/svg+xml")
    assert generated(title="Team Work", logo=logo, logo_type="image/svg+xml") == first
    assert generated(title="Team Work!", logo=logo, logo_type="image/svg+xml") != first
