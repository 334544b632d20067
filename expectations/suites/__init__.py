"""The auditors' expectation suites on the published marts, run through Great Expectations.

- ``marts``: the published marts' minimum columns, keys and titles
- ``declare`` + ``credits`` / ``funding`` / ``participation``: what each mart's suite checks;
  policy values (cycle length, hours per cycle, funding share) come from the policy dict
- ``runner``: ``run_mart_suites`` validates through GX's pandas data source
- ``results``: the plain result model shared by the check and the report
- ``store``: the one stored result of a run (``save_suite_results`` / ``load_suite_results``)

Importing this package does not import Great Expectations; running the suites does.
"""

from expectations.suites.declare import MartSpec
from expectations.suites.marts import MART_COLUMNS, MART_KEYS, MART_TITLES, PUBLISHED_MARTS
from expectations.suites.results import ExpectationOutcome, Status, SuiteResult
from expectations.suites.runner import mart_suite_specs, outcome_from_gx, run_mart_suites
from expectations.suites.store import StoredRun, load_suite_results, save_suite_results

__all__ = [
    "MART_COLUMNS",
    "MART_KEYS",
    "MART_TITLES",
    "PUBLISHED_MARTS",
    "ExpectationOutcome",
    "MartSpec",
    "Status",
    "StoredRun",
    "SuiteResult",
    "load_suite_results",
    "mart_suite_specs",
    "outcome_from_gx",
    "run_mart_suites",
    "save_suite_results",
]
