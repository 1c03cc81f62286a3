"""The emulated Moodle of the course sync benchmark, with a course of many learners, served on
its own (one process: the emulator keeps its site in memory) under gunicorn:

    BENCH_MOODLE_ISSUER=http://127.0.0.1:8002/demo-platform BENCH_LEARNERS=1000 \\
        gunicorn --workers 1 --worker-class gthread 'benchmarks.moodle_server:create_app()'

It is the demo Moodle of `make run` (lti_tool/demo_platform, the same blueprint and web
services) with `BENCH_LEARNERS` generated learners instead of the seeded three: learner n has
Moodle user id FIRST_LEARNER_ID + n and a grade on the activity's line item; every
FAILING_EVERY-th learner is graded below the pass grade, so does not complete the course.
"""

import os

from flask import Flask

from lti_tool import demo_setup
from lti_tool.demo_platform import DemoMoodle, ToolRegistration, bp, seed

FIRST_LEARNER_ID = 1000  # above the seeded people (2 to 7)
FAILING_EVERY = 8  # learners 7, 15, 23, … fail: 1 in 8 does not complete the course
_GIVEN = ("Alex", "Bea", "Chen", "Dana", "Eli", "Femke", "Goran", "Hana", "Ivo", "Jana")
_FAMILY = ("Jansen", "Kovač", "Lindqvist", "Moreau", "Nowak", "Olsen", "Papadopoulos", "Rossi")


def cohort(size: int) -> tuple[tuple[seed.Person, ...], dict[int, float]]:
    """`size` learners and their grades out of 100 (see the module's docstring)."""
    learners, grades = [], {}
    for number in range(size):
        user_id = FIRST_LEARNER_ID + number
        learners.append(
            seed.Person(
                user_id,
                f"learner{number}",
                _GIVEN[number % len(_GIVEN)],
                f"{_FAMILY[number // len(_GIVEN) % len(_FAMILY)]} {number}",
                f"learner{number}@demo-vet.example",
                "Learner",
            )
        )
        passes = number % FAILING_EVERY != FAILING_EVERY - 1
        pass_grade = seed.LINE_ITEM_PASS_GRADE  # 50, as the course total's (seed.COURSE_PASS_GRADE)
        # Passing: 50 to 99, spread; failing: 20 to 49.
        grades[user_id] = pass_grade + number * 37 % 50 if passes else 20 + number % 30
    return tuple(learners), grades


def qualifying(size: int) -> int:
    """How many of a cohort of `size` complete the course (their grade passes)."""
    return sum(1 for number in range(size) if number % FAILING_EVERY != FAILING_EVERY - 1)


def create_app() -> Flask:
    """The emulator at BENCH_MOODLE_ISSUER, its course with BENCH_LEARNERS learners."""
    issuer = os.environ["BENCH_MOODLE_ISSUER"]
    learners, grades = cohort(int(os.environ["BENCH_LEARNERS"]))
    base = issuer.removesuffix("/demo-platform")
    app = Flask(__name__)
    app.extensions["demo_platform"] = DemoMoodle(
        issuer=issuer,
        tool=ToolRegistration(  # no launches in this benchmark: only the web services
            client_id=demo_setup.CLIENT_ID,
            initiate_login_url=f"{base}/lti/login",
            target_link_uri=f"{base}/lti/launch",
            jwks_url=f"{base}/lti/jwks.json",
        ),
        learners=learners,
        grades=grades,
    )
    app.register_blueprint(bp, url_prefix="/demo-platform")
    return app
