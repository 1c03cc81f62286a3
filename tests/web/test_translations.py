"""Every string of the pages is translatable and translated into Dutch."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from config.settings import PROJECT_ROOT

CATALOG = PROJECT_ROOT / "lti_tool/translations/nl/LC_MESSAGES/messages.po"


def test_every_extracted_string_has_a_dutch_translation(tmp_path: Path):
    template = tmp_path / "messages.pot"
    subprocess.run(  # noqa: S603 - a fixed command: this interpreter running Babel
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(template),
            "--no-location",
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as pot, CATALOG.open("rb") as po:
        extracted = {m.id for m in read_po(pot) if m.id}
        dutch = {m.id: m.string for m in read_po(po) if m.id}
    assert extracted, "nothing was extracted: the babel.cfg patterns are broken"
    assert sorted(extracted - dutch.keys()) == []
    assert sorted(msgid for msgid in extracted if not dutch[msgid]) == []


def test_pages_speak_dutch_to_a_dutch_browser(app):
    page = app.test_client().get("/verify", headers={"Accept-Language": "nl-NL,nl;q=0.9"})
    text = page.get_data(as_text=True)
    assert '<html lang="nl">' in text
    assert "Een microcredential verifiëren" in text
