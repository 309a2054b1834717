"""A real headless Chromium for page tests: Debian's /usr/bin/chromium driven by Playwright's Python client
(no browser download), a fresh profile, and every request other than file:// refused. Without Chromium or
Playwright the tests fail with how to install them; they are never skipped.

    from browser import browser_context  # noqa: F401  (the session fixture)

    def test_page(browser_context):
        page = open_page(browser_context, path)
"""

import pytest

from motesgraf.visualisations.screenshot import BrowserMissing, offline_browser, open_page  # noqa: F401


@pytest.fixture(scope="session")
def browser_context():
    try:
        with offline_browser() as context:
            yield context
            blocked = list(context.blocked_requests)
    except BrowserMissing as error:
        pytest.fail(f"{error} (the view tests need a real headless Chromium; see .ci/run)", pytrace=False)
        return
    assert not blocked, f"pages tried to reach the network: {blocked[:5]}"
