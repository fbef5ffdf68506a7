"""How the permission grid fills each URL argument: a factory object's key, by argument name.

Add an entry when a URL takes a new kind of argument; the grid test itself never changes.
"""

from collections.abc import Callable

# argument name -> callable(request) returning its value (request is pytest's, for fixtures)
KWARG_FACTORIES: dict[str, Callable] = {}


def url_kwargs_for(params: list[str], request) -> dict:
    kwargs = {}
    for param in params:
        assert param in KWARG_FACTORIES, f"no factory for URL argument {param!r} in tests/url_arguments.py"
        kwargs[param] = KWARG_FACTORIES[param](request)
    return kwargs
