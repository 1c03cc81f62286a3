"""The frame that keeps LTI Platform Storage for the tools a page embeds, as Canvas's
post_message_forwarding frame does (LTI Client Side postMessages 1.0, Platform Storage 1.0:
https://www.imsglobal.org/spec/lti-cs-pm/v0p1, https://www.imsglobal.org/spec/lti-pm-s/v0p1).

Its script answers lti.capabilities, lti.put_data and lti.get_data in the browser; each tool
origin's data is kept apart in the platform origin's sessionStorage.
"""

from flask import render_template


def storage_frame():
    """The page of the storage frame: nothing to see, only its script."""
    return render_template("demo_platform/storage_frame.html")
