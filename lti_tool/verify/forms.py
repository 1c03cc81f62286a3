"""The verifier form: paste the JSON, or upload the file."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import TextAreaField


class VerifyForm(FlaskForm):
    credential_json = TextAreaField(_l("Paste the credential (JSON)"))
    credential_file = FileField(_l("…or upload the credential file (.json)"))

    def credential_text(self) -> str | None:
        """The uploaded file's text, else the pasted text; None when neither was given."""
        upload = self.credential_file.data
        if upload and getattr(upload, "filename", ""):
            raw = upload.read()
            try:
                return raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                return raw.decode("latin-1")
        pasted = (self.credential_json.data or "").strip()
        return pasted or None
