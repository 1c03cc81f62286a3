"""Verifier views: the same verification function serves the page and the API."""

from flask import render_template
from flask_babel import gettext

from lti_tool.container import container
from lti_tool.services import verifying
from lti_tool.verify import bp
from lti_tool.verify.forms import VerifyForm


@bp.route("/verify", methods=["GET", "POST"])
def verify_page():
    form = VerifyForm()
    if not form.validate_on_submit():
        return render_template("verify/verify.html", form=form, report=None), (
            400 if form.is_submitted() else 200
        )
    text = form.credential_text()
    if text is None:
        form.credential_json.errors = [gettext("Paste the credential or choose its file.")]
        return render_template("verify/verify.html", form=form, report=None), 400
    report = verifying.verify_credential_text(text, verifier=container().verifier)
    return render_template("verify/verify.html", form=form, report=report)
