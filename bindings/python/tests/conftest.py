"""Fixtures: the emulator BINARY on an ephemeral port (one per test: tests that change emulator
state cannot disturb each other), its control API, and SDK clients pointed at it."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import urllib.request
from pathlib import Path

import pytest

import livechat_customer_sdk as lc

LICENSE_ID = 12345
# Only turns a hang into a failure; nothing asserts on durations.
WAIT = 20.0


def emulator_binary() -> str:
    explicit = os.environ.get("LIVECHAT_EMULATOR")
    if explicit:
        return explicit
    root = Path(__file__).resolve().parents[3]
    target = Path(os.environ.get("CARGO_TARGET_DIR", root / "target"))
    return str(target / "release" / "livechat-emulator")


class Emulator:
    def __init__(self):
        self.process = subprocess.Popen(
            [emulator_binary(), "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        # `agent token: T` and `control token: T`, then `listening on URL` once it accepts.
        printed = {}
        for line in self.process.stdout:
            line = line.strip()
            if line.startswith("listening on "):
                self.url = line[len("listening on "):]
                break
            key, _, value = line.partition(": ")
            printed[key] = value
        else:
            self.process.kill()
            raise RuntimeError(f"emulator did not start: {printed!r}")
        self.agent_token = printed["agent token"]
        self.control_token = printed["control token"]

    def control(self, op: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"{self.url}/emulator/{op}",
            data=json.dumps(body or {}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.control_token}",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=WAIT) as reply:
            return json.loads(reply.read() or b"{}")

    def config(self, **overrides) -> lc.ChatConfig:
        fields = dict(
            license_id=LICENSE_ID,
            client_id="python-tests",
            api_origin_dal=self.url,
            api_origin_fra=f"{self.url}/fra",
            accounts_origin=self.url,
            request_timeout_ms=10_000,
        )
        fields.update(overrides)
        return lc.ChatConfig(**fields)

    def stop(self):
        self.process.kill()
        self.process.wait(timeout=WAIT)


@pytest.fixture
def emulator():
    emu = Emulator()
    yield emu
    emu.stop()


class Events:
    """Collects events from an SDK thread; `wait_for` blocks (bounded) until one matches."""

    def __init__(self):
        self.queue: queue.Queue = queue.Queue()
        self.seen: list = []

    def __call__(self, event):
        self.queue.put(event)

    def wait_for(self, kind, predicate=lambda e: True):
        for e in self.seen:
            if isinstance(e, kind) and predicate(e):
                self.seen.remove(e)
                return e
        while True:
            try:
                event = self.queue.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no {kind.__name__} event; seen {[type(e).__name__ for e in self.seen]}")
            if isinstance(event, kind) and predicate(event):
                return event
            self.seen.append(event)


@pytest.fixture
def connected(emulator):
    """A connected client (bot off, so event sequences are exact) and its event recorder."""
    emulator.control("bot", {"enabled": False})
    events = Events()
    client = lc.ChatClient.init(emulator.config(auto_connect=False))
    client.on("*", lc.listener(events))
    client.connect()
    events.wait_for(lc.ChatEvent.CONNECTED)
    yield client, events
    client.destroy()
