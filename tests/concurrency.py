"""Running actions at the same moment from real threads, each on its own database connection.

For the tests that prove a rule holds when people act at once (constraints and row locks, never hope). Each thread
waits at a barrier, then acts; what each returned or which rule refused it is collected, and its connection is
closed so the test database can be flushed afterwards.
"""

import threading
from collections.abc import Callable

from django.db import connection

from sharedlives.errors import RuleViolation


def run_together(*actions: Callable[[], object], timeout: float = 60) -> list[str]:
    """Start every action at once; return, sorted, "done" or the refusing rule's ID for each (errors re-raised)."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def run(action):
        try:
            barrier.wait()
            action()
            outcomes.append("done")
        except RuleViolation as refusal:
            outcomes.append(refusal.rule)
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    if errors:
        raise errors[0]
    return sorted(outcomes)
