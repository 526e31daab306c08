"""The W3C SPARQL 1.1 suites against the app served by uvicorn on loopback.

One test per manifest entry (protocol 34, graph-store-protocol 14, json-res 4,
csv-tsv-res 6, service-description 3), then a summary that prints the pass counts.
"""

from __future__ import annotations

import pytest
from api_fixtures import (
    TOKEN,
    LiveServer,
    w3c_server_fixture,  # noqa: F401  (the "w3c_server" fixture)
)
from w3c import manifest
from w3c.runner import Server, run_all, run_test

pytestmark = pytest.mark.skipif(
    not manifest.SPARQL11.is_dir(), reason=f"no W3C suites at {manifest.SUITES_DIR}"
)

EXPECTED_COUNTS = {
    "protocol": 34,
    "graph-store-protocol": 14,
    "json-res": 4,
    "csv-tsv-res": 6,
    "service-description": 3,
}
CASES = (
    [test for suite in manifest.all_manifests() for test in suite.tests] if manifest.SPARQL11.is_dir() else []
)


@pytest.fixture(scope="module")
def harness(w3c_server: LiveServer) -> Server:
    return Server(w3c_server.url, TOKEN)


@pytest.mark.parametrize("case", CASES, ids=[f"{t.suite}:{t.name}" for t in CASES])
def test_api_w3c_case(harness: Server, case: manifest.HttpTest) -> None:
    problems = run_test(harness, case)
    assert not problems, "\n".join(problems)


def test_api_w3c_pass_counts(harness: Server, capsys: pytest.CaptureFixture[str]) -> None:
    summary = run_all(harness)
    with capsys.disabled():
        print("\nW3C SPARQL 1.1 suites: " + ", ".join(f"{s} {p}/{t}" for s, (p, t, _) in summary.items()))
    assert {suite: total for suite, (_, total, _) in summary.items()} == EXPECTED_COUNTS
    assert all(passed == total for passed, total, _ in summary.values()), {
        suite: failures for suite, (_, _, failures) in summary.items() if failures
    }
