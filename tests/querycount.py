"""Query-count assertions (STYLE 8): a page costs the same number of queries with 1 row as with 30."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:  # an export's rows are read as they are sent: count those queries too
            b"".join(response.streaming_content)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured), [query["sql"] for query in captured.captured_queries]


def assert_constant_queries(client, url: str, add_rows: Callable[[int], object], *, at_most: int) -> int:
    """Render `url` with 1 row, then with 30 (add_rows(n) adds n more); equal counts, at most `at_most`.

    Returns the count, so the test can say in a comment what each query is.
    """
    add_rows(1)
    with_one, _ = count_queries(client, url)
    add_rows(29)
    with_thirty, sql = count_queries(client, url)
    listing = "\n".join(f"  {i + 1}. {q[:200]}" for i, q in enumerate(sql))
    assert with_one == with_thirty, f"{with_one} queries with 1 row, {with_thirty} with 30:\n{listing}"
    assert with_thirty <= at_most, f"{with_thirty} queries, expected at most {at_most}:\n{listing}"
    return with_thirty
