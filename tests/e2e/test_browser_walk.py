"""A person's whole path in a real browser: Debian's chromium, driven by Playwright.

The tool runs on a real port (tests/e2e/conftest.py), so its calls to the demo platform (JWKS,
token, AGS results) go over HTTP as they would to Moodle. Without chromium the test is skipped,
unless E2E_REQUIRED is set, as .ci/run sets it.
"""

import json

from tests.e2e.chromium import skip_module_without_chromium

skip_module_without_chromium()


def test_teacher_designs_previews_publishes_issues_and_anyone_verifies_in_a_browser(
    live_tool, browser, tmp_path
):
    teacher = browser.new_context().new_page()
    teacher.goto(live_tool + "/")
    teacher.get_by_role("link", name="Launch as teacher: Tess Teacher").click()
    teacher.wait_for_url("**/teacher/")
    teacher.get_by_role("link", name="Define a micro-credential").click()
    preview = teacher.locator("#preview")
    preview.get_by_text("Fill in the fields marked as needed").wait_for()
    teacher.get_by_label("Title", exact=True).fill("Digital content for the workplace")
    teacher.get_by_label("Description", exact=True).fill("Create digital content at work.")
    teacher.get_by_label("Learning outcomes").fill("Develops digital content.\nWorks in a team.")
    teacher.get_by_label("Workload (ECTS)").fill("3")
    teacher.get_by_label("EQF level").select_option("4")
    teacher.get_by_label("practical assessment").check()
    teacher.get_by_label("Blended").check()
    quality_assurance = teacher.get_by_label("Type of quality assurance", exact=True)
    quality_assurance.select_option("programme-quality-assurance")
    teacher.get_by_label("Quality assurance body", exact=True).fill("National VET inspectorate")
    # The live preview follows the form: the learner's card and what an employer reads.
    preview.get_by_text("As an employer checking it sees it").wait_for()
    preview.get_by_text("EQF level 4").wait_for()
    assert "Develops digital content." in preview.inner_text()
    teacher.get_by_role("button", name="More details").click()
    teacher.get_by_label("Also in").select_option("nl")
    teacher.get_by_label("Title in that language").fill("Digitale content voor de werkplek")
    teacher.get_by_role("button", name="Save draft").click()
    teacher.get_by_text("Draft: not published yet").wait_for()
    teacher.get_by_role("button", name="Make one from our logo and the title").click()
    teacher.get_by_role("img", name="The badge of Digital content for the workplace").wait_for()
    teacher.get_by_role("button", name="Publish", exact=True).click()
    teacher.get_by_text("Published: version 1").wait_for()
    teacher.get_by_role("link", name="Back to the course").first.click()
    teacher.get_by_label("Final grade at least (%)").fill("60")
    teacher.get_by_role("button", name="Save rule").click()
    teacher.get_by_role("button", name="Sync results").click()
    teacher.wait_for_url("**/teacher/jobs/*")
    teacher.locator("[data-job-state]", has_text="Done").wait_for()
    granted = teacher.locator("dt", has_text="Awards granted").locator(
        "xpath=following-sibling::dd[1]"
    )
    assert granted.inner_text() == "2"
    teacher.get_by_role("link", name="Back to the course").first.click()
    teacher.get_by_role("button", name="Issue 2 granted credentials").click()
    teacher.locator("[data-job-state]", has_text="Done").wait_for()
    issued = teacher.locator("dt", has_text="Credentials issued").locator(
        "xpath=following-sibling::dd[1]"
    )
    assert issued.inner_text() == "2"
    assert teacher.locator("[data-job-bar]").get_attribute("aria-valuenow") == "100"

    learner = browser.new_context().new_page()
    learner.goto(live_tool + "/")
    learner.get_by_role("link", name="Launch as learner: Sam Student").click()
    learner.wait_for_url("**/learner/")
    with learner.expect_download() as download:
        learner.get_by_role("link", name="Download the signed credential (JSON)").click()
    saved = tmp_path / "credential.json"
    download.value.save_as(saved)
    credential = json.loads(saved.read_text())
    assert credential["issuer"]["name"] == "Demo VET School"
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["related"][0]["inLanguage"] == "nl"
    assert achievement["endorsement"][0]["issuer"]["name"] == "microVET European Alliance"
    assert achievement["image"]["id"].startswith(live_tool + "/badges/")

    employer = browser.new_context().new_page()
    employer.goto(live_tool + "/verify")
    employer.get_by_label("…or upload the credential file (.json)").set_input_files(saved)
    employer.get_by_role("button", name="Verify").click()
    employer.get_by_role("heading", name="Verified", exact=True).wait_for()
    assert "Sam Student" in employer.content()
