"""Hypothesis settings for the fuzzing tests (security promise 9), and the fixtures they share.

Every form gets at least 200 generated examples. A failure prints the seed blob to paste
into `@reproduce_failure`, and the shrunk example is kept in `.hypothesis/` (git-ignored)
so the next run tries it first. `HYPOTHESIS_PROFILE=fuzz-long` runs ten times as many;
`HYPOTHESIS_PROFILE=ci` (set by .ci/run) the same examples every time.
"""

import os

from hypothesis import HealthCheck, settings

# The front line, cadres and money of the test county, built as each app's own tests do.
from tests.cadres.conftest import cadres  # noqa: F401
from tests.funds.conftest import money  # noqa: F401
from tests.members.conftest import front  # noqa: F401

settings.register_profile(
    "fuzz",
    max_examples=200,
    # A request through the whole stack takes milliseconds, not microseconds.
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("fuzz-long", parent=settings.get_profile("fuzz"), max_examples=2000)
# CI replays the same examples every run (derived from each test's name), so a landing is
# never refused by a case found by chance; runs elsewhere explore new examples each time.
settings.register_profile("ci", parent=settings.get_profile("fuzz"), derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fuzz"))
