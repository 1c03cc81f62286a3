"""The administrator's form to register another platform of their organisation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import URL, DataRequired, Length, Optional


class PlatformForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    issuer = StringField(
        _l("Platform ID (issuer)"),
        validators=[DataRequired(), URL(require_tld=False), Length(max=500)],
        description=_l("For Moodle: the site's address, as its tool configuration details show."),
    )
    client_id = StringField(_l("Client ID"), validators=[DataRequired(), Length(max=200)])
    deployment_ids = StringField(
        _l("Deployment ID(s)"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("Separate several with commas."),
    )
    is_moodle = BooleanField(_l("This is a Moodle site (its endpoint URLs follow)"), default=True)
    auth_login_url = StringField(
        _l("Authentication request URL"), validators=[Optional(), URL(require_tld=False)]
    )
    auth_token_url = StringField(
        _l("Access token URL"), validators=[Optional(), URL(require_tld=False)]
    )
    key_set_url = StringField(
        _l("Public keyset URL"), validators=[Optional(), URL(require_tld=False)]
    )

    def deployments(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.deployment_ids.data.split(",") if part.strip())

    def endpoint_urls(self) -> dict[str, str]:
        return {
            "auth_login_url": (self.auth_login_url.data or "").strip(),
            "auth_token_url": (self.auth_token_url.data or "").strip(),
            "key_set_url": (self.key_set_url.data or "").strip(),
        }
