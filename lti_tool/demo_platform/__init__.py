"""A small LTI 1.3 platform that behaves like Moodle 5.1: the demo's LMS and the tests' LMS.

It is another system than the tool and shares nothing with it but the wire: it imports Flask,
PyJWT, cryptography and requests, never the tool's own modules.
"""

from lti_tool.demo_platform.platform import DemoMoodle, LaunchableUser
from lti_tool.demo_platform.routes import bp
from lti_tool.demo_platform.site import ToolRegistration
from lti_tool.demo_platform.tool_registrations import RegisteredTool

__all__ = ["DemoMoodle", "LaunchableUser", "RegisteredTool", "ToolRegistration", "bp"]
