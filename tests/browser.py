"""A real headless Chromium for page tests: Debian's /usr/bin/chromium driven by Playwright's Python client
(no browser download), a fresh profile, and every request other than file:// refused. Without Chromium or
Playwright the tests fail with how to install them; they are never skipped.

    from browser import browser_context  # noqa: F401  (the session fixture)

    def test_page(browser_context):
        page = open_page(browser_context, path)
"""

import contextlib

import pytest

from motesgraf.visualisations.screenshot import BrowserMissing, offline_browser, open_page  # noqa: F401

_shared: dict = {}  # one browser per test session, however many test modules import the fixture


@pytest.fixture(scope="session")
def browser_context(request):
    # each importing module gets its own copy of this fixture, and Playwright's sync API cannot run twice at once,
    # so the first copy starts the browser and the others reuse it; it closes when the session ends
    if "context" not in _shared:
        stack = contextlib.ExitStack()
        try:
            _shared["context"] = stack.enter_context(offline_browser())
        except BrowserMissing as error:
            pytest.fail(f"{error} (the view tests need a real headless Chromium; see .ci/run)", pytrace=False)

        def close():
            blocked = list(_shared.pop("context").blocked_requests)
            stack.close()
            assert not blocked, f"pages tried to reach the network: {blocked[:5]}"

        request.addfinalizer(close)
    return _shared["context"]
