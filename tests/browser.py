"""A real Chromium, driven through the Chrome DevTools Protocol over a pipe.

``chromium --remote-debugging-pipe`` reads commands on its fd 3 and writes replies and
events on its fd 4, each one JSON message ended by a NUL byte: no websocket, no library.
:class:`Browser` starts it in its own process group (killed whole by :meth:`close`),
:meth:`Browser.open` attaches to a fresh tab with the Runtime, Log, Network and Page
domains on and loads a URL; :class:`Tab` keeps every event it saw, so a test can ask
what the page logged and which requests it made.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from typing import Any

#: Seconds to wait for any one reply or event: a shared CI machine can be slow.
TIMEOUT = 60.0


def chromium() -> str | None:
    """The chromium program, or None where it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class BrowserError(RuntimeError):
    pass


class Browser:
    def __init__(self, program: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="ibessay-chromium-")
        # Our ends and the browser's: it reads commands on fd 3, writes on fd 4.
        cmd_read, self._cmd = os.pipe()
        self._replies, reply_write = os.pipe()

        def on_fds_3_and_4() -> None:  # in the child, before exec
            # Copy both ends above 10 first, so that neither dup2 closes the other; the
            # copies close on exec, fds 3 and 4 (dup2's) stay open.
            high_read = fcntl.fcntl(cmd_read, fcntl.F_DUPFD_CLOEXEC, 10)
            high_write = fcntl.fcntl(reply_write, fcntl.F_DUPFD_CLOEXEC, 10)
            os.dup2(high_read, 3)
            os.dup2(high_write, 4)

        self.process = subprocess.Popen(
            [program, "--headless", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}",
             "--no-first-run", "--no-default-browser-check",
             # No traffic of the browser's own: the pages must not make any either.
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-extensions", "--hide-scrollbars",
             "--mute-audio", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # close_fds would close 3 and 4 after preexec_fn; every other fd Python opens
            # is close-on-exec already.
            close_fds=False, preexec_fn=on_fds_3_and_4, start_new_session=True)
        os.close(cmd_read)
        os.close(reply_write)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    # -- the protocol -------------------------------------------------------------------

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> dict[str, Any]:
        """Send a command and wait for its reply, keeping the events that came first."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._cmd, data):]
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})  # type: ignore[no-any-return]
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, session: str | None = None, since: int = 0
                 ) -> dict[str, Any]:
        """The first event ``method`` (of ``session``) from ``events[since:]`` on."""
        deadline = time.monotonic() + TIMEOUT
        seen = since
        while True:
            for event in self.events[seen:]:
                if event["method"] == method and (session is None
                                                  or event.get("sessionId") == session):
                    return event
            seen = len(self.events)
            message = self._receive(deadline)
            if "method" in message:
                self.events.append(message)

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"chromium sent nothing for {TIMEOUT:.0f} s")
            ready, _, _ = select.select([self._replies], [], [], left)
            if ready:
                chunk = os.read(self._replies, 1 << 20)
                if not chunk:
                    raise BrowserError(f"chromium closed the pipe (exit {self.process.poll()})")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)  # type: ignore[no-any-return]

    # -- tabs ---------------------------------------------------------------------------

    def open(self, url: str, width: int = 1100, height: int = 1400) -> Tab:
        """A new tab, attached, with its domains on, that has loaded ``url``."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        tab = Tab(self, target, session)
        for domain in ("Runtime", "Log", "Network", "Page"):
            tab.send(f"{domain}.enable")
        tab.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        tab.since = len(self.events)
        tab.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired", session, tab.since)
        return tab

    def close(self) -> None:
        """Kill the browser and everything it started, and forget its profile."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=TIMEOUT)
        for fd in (self._cmd, self._replies):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


class Tab:
    def __init__(self, browser: Browser, target: str, session: str) -> None:
        self.browser, self.target, self.session = browser, target, session
        self.since = 0

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def events(self, method: str) -> list[dict[str, Any]]:
        """The ``params`` of every ``method`` event of this tab since it began loading."""
        return [e["params"] for e in self.browser.events[self.since:]
                if e["method"] == method and e.get("sessionId") == self.session]

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-able values only)."""
        result = self.send("Runtime.evaluate",
                           {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions and logged errors."""
        found = [f"console.{e['type']}: {e.get('args')}"
                 for e in self.events("Runtime.consoleAPICalled")
                 if e["type"] in ("error", "warning", "assert")]
        found += [f"exception: {e['exceptionDetails']}"
                  for e in self.events("Runtime.exceptionThrown")]
        found += [f"log {e['entry']['level']}: {e['entry'].get('text')} "
                  f"({e['entry'].get('url', '')})"
                  for e in self.events("Log.entryAdded")
                  if e["entry"]["level"] in ("error", "warning")]
        return found

    def requests(self) -> list[str]:
        """The URL of every request the page made, in order."""
        return [e["request"]["url"] for e in self.events("Network.requestWillBeSent")]

    def screenshot(self) -> bytes:
        return base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"])

    def pdf(self) -> bytes:
        return base64.b64decode(self.send("Page.printToPDF", {"printBackground": True})["data"])

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})

