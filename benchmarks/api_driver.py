"""Child of users_paths.py: a warm process that exports through `slaeditor.render()` on request.

    python benchmarks/api_driver.py AGREEMENT
        Loads the agreement once and says {"ready": true}. Then, for each line on stdin,
        ["OUT.pdf", "short name"], gives the customer that short name (it is printed in the
        running header of every page, so no page laid out before can be kept) and calls
        slaeditor.render(agreement, OUT.pdf), as an API user would; answers one JSON line,
        {"ms": wall, "cpu_ms": CPU of this process and of the part processes it waited for}.
        Ends at the end of stdin.

It lives between exports so that the imports, fonts and caches are warm, as in a user's own
long-running program; the bench process that times it stays free of all of that.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main(source: str) -> int:
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # whatever the library prints goes to stderr, not into the replies
    import slaeditor

    agreement = slaeditor.load_agreement(Path(source))
    assert agreement.customer is not None, "the driver renames the customer"
    print(json.dumps({"ready": True}), file=replies)
    for line in sys.stdin:
        target, short_name = json.loads(line)
        before, started = os.times(), time.perf_counter()
        customer = agreement.customer.model_copy(update={"short_name": short_name})
        slaeditor.render(agreement.model_copy(update={"customer": customer}), target)
        wall, after = time.perf_counter() - started, os.times()
        cpu = sum(after[:4]) - sum(before[:4])  # user, system, and of waited-for children
        print(json.dumps({"ms": wall * 1000, "cpu_ms": cpu * 1000}), file=replies)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
