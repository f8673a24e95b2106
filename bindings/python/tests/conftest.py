"""Fixtures: the emulator binary on an ephemeral port, one per test (tests that change emulator
state cannot disturb each other), started by the package's own test kit
(``livechat_customer_sdk.testing``, its ``livechat_emulator`` fixture), and SDK clients pointed at it."""

from __future__ import annotations

import queue
from typing import Callable, Iterator, List, Tuple, Type, TypeVar

import pytest

import livechat_customer_sdk as lc
from livechat_customer_sdk.testing import LICENSE_ID, Emulator

__all__ = ["LICENSE_ID", "WAIT", "Events", "Records", "Connected", "thread_of", "text_of", "texts"]

# Only turns a hang into a failure; nothing asserts on durations.
WAIT = 20.0

E = TypeVar("E")


@pytest.fixture
def emulator(livechat_emulator: Emulator) -> Emulator:
    """The package's fixture under the suite's short name."""
    return livechat_emulator


class Events:
    """Collects events from an SDK thread; `wait_for` blocks (bounded) until one matches."""

    def __init__(self) -> None:
        self.queue: queue.Queue[lc.ChatEvent] = queue.Queue()
        self.seen: List[lc.ChatEvent] = []

    def __call__(self, event: lc.ChatEvent) -> None:
        self.queue.put(event)

    def wait_for(self, kind: Type[E], predicate: Callable[[E], bool] = lambda e: True) -> E:
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


class Records:
    """A log sink's records. The SDK hands them to the sink on its own thread (``livechat-log``),
    in the order they were logged, some time after the call that logged returned: `wait_for`
    blocks (bounded) until one matches; `seen` is every record received so far."""

    def __init__(self) -> None:
        self.queue: queue.Queue[lc.LogRecord] = queue.Queue()
        self.seen: List[lc.LogRecord] = []

    def __call__(self, record: lc.LogRecord) -> None:
        self.queue.put(record)

    def wait_for(self, predicate: Callable[[lc.LogRecord], bool]) -> lc.LogRecord:
        """The next record (after the one the previous call returned) that matches."""
        while True:
            try:
                record = self.queue.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no such log record; received {[r.message for r in self.seen]}")
            self.seen.append(record)
            if predicate(record):
                return record


Connected = Tuple[lc.ChatClient, Events]


@pytest.fixture
def connected(emulator: Emulator) -> Iterator[Connected]:
    """A connected client (bot off, so event sequences are exact) and its event recorder."""
    emulator.set_bot(False)
    events = Events()
    client = lc.ChatClient.init(emulator.config(auto_connect=False))
    client.on("*", lc.listener(events))
    client.connect()
    events.wait_for(lc.ChatEvent.CONNECTED)
    yield client, events
    client.destroy()


def thread_of(chat: lc.Chat) -> lc.ChatThread:
    """The chat's thread (start_chat, resume_chat and get_chat return one)."""
    assert chat.thread is not None, chat
    return chat.thread


def text_of(content: lc.EventContent) -> str:
    """The text of a message event's content."""
    assert isinstance(content, lc.EventContent.MESSAGE), content
    return content.text


def texts(events: List[lc.Event]) -> List[str]:
    """The texts of the message events, in order."""
    return [e.content.text for e in events if isinstance(e.content, lc.EventContent.MESSAGE)]
