"""The imports run one way (docs/architecture.md): sharedlives (the core) <- carers <- placements <- funding <- safeguarding
<- reviews <- reports <- composition (what each page shows and each role may do).

An app imports only from the core and the apps below it, never back, and the core imports no domain app. The pure
modules (the fee engine, working days, the compliance engine) import no Django at all, so they stay facts in, facts
out. Read from the source with `ast`: every `import` and `from … import`, at the top of a module or inside a
function.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = [
    "sharedlives",
    "carers",
    "placements",
    "funding",
    "safeguarding",
    "reviews",
    "reports",
    "composition",
]  # each may import those before it
PURE = ["funding/fees.py", "sharedlives/workdays.py", "reviews/compliance.py", "carers/requirements.py"]


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _modules(app: str) -> list[Path]:
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_core_and_the_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    forbidden = set(LAYERS) - allowed
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in _modules(app)
        for line, name in _imports(path)
        if name.split(".")[0] in forbidden
    ]
    assert wrong == [], "imports against the layering (docs/architecture.md):\n" + "\n".join(wrong)


@pytest.mark.parametrize("module", PURE)
def test_a_pure_module_imports_no_django(module):
    pure = {path.removesuffix(".py").replace("/", ".") for path in PURE}
    wrong = [
        f"{module}:{line} imports {name}"
        for line, name in _imports(ROOT / module)
        if name.split(".")[0].startswith(("django", "simple_history"))
        or (name.split(".")[0] in LAYERS and name not in pure)
    ]
    assert wrong == [], "a pure module (facts in, facts out) imports Django or the ORM:\n" + "\n".join(wrong)


def test_the_layering_test_sees_a_wrong_import(tmp_path):
    """The checks read real source: a core module importing a domain app is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from carers.models import CarerHousehold\n    return CarerHousehold\n")
    assert _imports(bad) == [(2, "carers.models")]
