"""Headless Chromium (Debian's ``chromium`` package, driven by Playwright's Python client; no browser download)
with every network request refused except ``file://``: screenshots of the report's pages, and the same launch
for the browser tests (``tests/browser.py``).

    with offline_browser() as browser:
        page = open_page(browser, path)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1400, "height": 900}
READY_TIMEOUT_MS = 60_000


class BrowserMissing(RuntimeError):
    pass


def chromium_path() -> str:
    """The Chromium to drive: ``$MOTESGRAF_CHROMIUM`` or Debian's ``/usr/bin/chromium``."""
    candidates = [os.environ.get("MOTESGRAF_CHROMIUM")] + list(CHROMIUM_CANDIDATES) + [shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise BrowserMissing("no Chromium found (looked at $MOTESGRAF_CHROMIUM, " + ", ".join(CHROMIUM_CANDIDATES)
                         + "); install it with: apt-get install -y chromium chromium-driver")


@contextlib.contextmanager
def offline_browser():
    """A headless Chromium with a fresh profile; yields a browser context whose requests, other than
    ``file://``, are aborted (and recorded in ``context.blocked_requests``)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BrowserMissing("the Python package playwright is not installed (pip install playwright; "
                             "do not run `playwright install`, the system Chromium is used)") from error
    executable = chromium_path()
    profile = tempfile.mkdtemp(prefix="motesgraf-chromium-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=executable, headless=True, args=CHROMIUM_ARGS, viewport=VIEWPORT,
                offline=True, service_workers="block")
            context.blocked_requests = []

            def route(route):
                if route.request.url.startswith(("file:", "data:", "about:")):
                    route.continue_()
                else:
                    context.blocked_requests.append(route.request.url)
                    route.abort()

            context.route("**/*", route)
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def open_page(context, path: str | Path, wait_ready: bool = True):
    """Open a local page, collecting console errors and uncaught exceptions in ``page.problems`` and dialogs
    (``alert`` and the like, dismissed) in ``page.dialogs``."""
    page = context.new_page()
    page.problems, page.dialogs = [], []
    page.on("console", lambda message: page.problems.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))

    def dialog(d):
        page.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(Path(path).resolve().as_uri())
    if wait_ready and page.evaluate("() => !!document.getElementById('motesgraf-data')"):
        page.wait_for_function("() => window.motesgraf && window.motesgraf.ready", timeout=READY_TIMEOUT_MS)
    return page


def screenshot_pages(paths: list[Path], on_page: Callable[[], object] | None = None) -> list[Path]:
    """A PNG beside each page (``view.html`` → ``view.png``), taken once the network is drawn; ``on_page()``
    after each."""
    written = []
    with offline_browser() as context:
        for path in paths:
            page = open_page(context, path)
            page.wait_for_timeout(150)
            out = Path(path).with_suffix(".png")
            page.screenshot(path=str(out), full_page=not page.evaluate("() => !!window.motesgraf"))
            page.close()
            written.append(out)
            if on_page:
                on_page()
    return written


def time_to_interactive(context, path: str | Path) -> float:
    """Milliseconds from navigation start to the network's first drawing (``afterDrawing``)."""
    started = time.perf_counter()
    page = open_page(context, path)
    interactive = page.evaluate("() => window.motesgraf.timings.interactive")
    wall = (time.perf_counter() - started) * 1000
    page.close()
    return min(interactive, wall) if interactive else wall
