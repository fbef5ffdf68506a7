"""The permission grid's shared objects, kept on the test item while the test runs: every app's URL arguments
(tests/url_arguments.py and each app's url_arguments.py) hang off the same household and placement."""

from collections.abc import Callable


def cached(request, name: str, make: Callable):
    """`make()` once per grid test, kept on the test item under `name`."""
    value = getattr(request.node, name, None)
    if value is None:
        value = make()
        setattr(request.node, name, value)
    return value


def grid_household(request):
    """One approved household per grid test: every other argument hangs off it."""
    from tests.carers.factories import approved_household

    return cached(request, "_grid_household", approved_household)


def grid_placement(request):
    """A live-in placement in the grid's household, started on 2 February 2026, with no notice given."""
    from tests.placements.factories import started_placement

    return cached(request, "_grid_placement", lambda: started_placement(household=grid_household(request)))
