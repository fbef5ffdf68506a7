"""Browser tests: Playwright drives Chromium against pytest-django's live server; axe-core checks each page.

Debian's /usr/bin/chromium is used when present (Playwright cannot download browsers on every machine).
Without a browser the tests are skipped locally, and fail when CI is set.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if CHROMIUM:
        args["executable_path"] = CHROMIUM
    return args


@pytest.fixture(scope="session", autouse=True)
def _browser_available(browser_type_launch_args):
    if CHROMIUM is None and not _playwright_browser_installed():
        message = "no Chromium: apt-get install chromium (or `playwright install chromium`)"
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the browser tests to run: {message}")
        pytest.skip(message)
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does)")


def _playwright_browser_installed() -> bool:
    cache = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH", Path.home() / ".cache" / "ms-playwright"))
    return any(cache.glob("chromium*"))


class AccessibilityError(AssertionError):
    pass


def assert_accessible(page) -> None:
    """axe-core with WCAG 2 A and AA rules; serious or critical findings fail the test."""
    # Evaluated rather than added as a <script> tag: the Content-Security-Policy (SEC-3) refuses inline scripts
    # without the page's nonce, and the browser tests run under the real policy.
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})).violations"
    )
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    if bad:
        lines = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in bad]
        raise AccessibilityError(f"axe found on {page.url}:\n" + "\n".join(lines))


class App:
    """The app in a browser: every visit and every submitted form is checked with axe."""

    def __init__(self, page, live_server):
        self.page = page
        self.base = live_server.url

    def visit(self, path: str):
        response = self.page.goto(f"{self.base}{path}")
        assert response is not None and response.status < 400, f"{path}: {response and response.status}"
        assert_accessible(self.page)
        return self.page

    def follow(self, locator):
        """Click a link (or a button) that opens another page; axe checks the page it lands on."""
        with self.page.expect_navigation():
            locator.click()
        assert_accessible(self.page)
        return self.page

    def submit(self, button_text: str):
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button_text).click()
        assert_accessible(self.page)
        return self.page

    def fill_date(self, group: str, day):
        """A GOV.UK date input, found by its legend."""
        fieldset = self.page.get_by_role("group", name=group)
        fieldset.get_by_label("Day").fill(str(day.day))
        fieldset.get_by_label("Month").fill(str(day.month))
        fieldset.get_by_label("Year").fill(str(day.year))

    def sign_in(self, username: str, password: str = "correct-horse-battery"):
        self.visit("/sign-in/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        return self.submit("Sign in")


@pytest.fixture
def app(page, live_server):
    page.set_default_timeout(10_000)
    return App(page, live_server)
