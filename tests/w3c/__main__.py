"""``python -m w3c BASE_URL [--token T]``: run the W3C suites against a server and print pass counts."""

from __future__ import annotations

import argparse
import sys

from w3c.runner import Server, run_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base_url")
    parser.add_argument("--token", help="the server's update token (the suites update the store)")
    parser.add_argument("--sparql", default="/sparql", help="path of the SPARQL endpoint")
    parser.add_argument("--store", default="/store", help="path of the graph store endpoint")
    args = parser.parse_args(argv)
    server = Server(args.base_url, args.token, args.sparql, args.store)
    failed = False
    for suite, (passed, total, failures) in run_all(server).items():
        print(f"{suite}: {passed}/{total}")
        for name, problems in failures.items():
            failed = True
            print(f"  FAIL {name}: " + "; ".join(problems))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
