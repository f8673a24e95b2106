"""LiveChat Customer SDK for Python (Customer Chat API v3.3), a binding of the Rust SDK.

Everything the SDK exports is re-exported here from the UniFFI-generated module (``ChatClient``,
``ChatClientBuilder``, ``ChatConfig``, ``ChatEvent``, ``ChatError``, ...), with its type hints.
Every I/O method exists twice: blocking (``client.send_event(...)``) and as a coroutine
(``await client.send_event_async(...)``). Errors are ``ChatError`` exceptions with a stable
``code`` (``"GROUP_OFFLINE"``...) and a human ``reason``.

Free-form JSON (properties, custom event content) is passed as JSON text: use ``json.dumps`` /
``json.loads``.

This package adds small Python helpers:

- ``listener(fn)``: a ``ChatListener`` from a plain function.
- ``token_provider(get_token, invalidate=None)``: a ``TokenProvider`` from plain functions.
- ``progress(fn)`` and ``log_sink(fn)``: the same for upload progress and SDK logs.
- ``set_callback_loop(loop)``: the asyncio loop that runs async host callbacks (``async def``
  methods of a ``TokenProvider``). By default a private background loop runs them, so they work
  in blocking programs too; pick your own loop if your provider awaits objects bound to it.
- ``state_observer(fn)`` and ``states(client)``: the connection state (status and customer id)
  as observable state: the current value at once, then every change (``async for``).

At interpreter exit the package stops every call from the SDK into Python first (``atexit``):
CPython would otherwise stop an SDK thread that calls a listener during finalisation, which
aborts the process.
"""

from __future__ import annotations

import asyncio
import atexit
import ctypes
import inspect
import struct
import threading
from typing import AsyncIterator, Awaitable, Callable, Optional, TypeVar, Union

from ._livechat import *  # noqa: F401,F403  (the generated API)
from ._livechat import livechat as _generated
from ._livechat.livechat import (
    ChatClient,
    ChatError,
    ChatEvent,
    ChatListener,
    ConnectionState,
    ConnectionStatus,
    CustomerToken,
    LogRecord,
    LogSink,
    StateObserver,
    TokenProvider,
    UploadProgressListener,
    prepare_for_exit,
)

# Registered at import, so it runs after the app's own atexit hooks (LIFO) and before CPython
# finalises (when a thread calling into Python would be stopped by a forced unwind).
atexit.register(prepare_for_exit)

# ----- asyncio integration ------------------------------------------------------------------
#
# The generated glue takes one loop for two different jobs: awaiting Rust futures (must be the
# caller's running loop) and running async host callbacks that Rust calls from its own threads
# (those threads have no loop). `uniffi_set_event_loop` would force one loop for both, which breaks
# `await client.x_async()` from any other loop. So: the running loop when there is one, else the
# callback loop.

_callback_loop: Optional[asyncio.AbstractEventLoop] = None
_callback_lock = threading.Lock()


def _start_background_loop() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="livechat-callbacks", daemon=True)
    thread.start()
    return loop


def _event_loop() -> asyncio.AbstractEventLoop:
    global _callback_loop
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    with _callback_lock:
        if _callback_loop is None or _callback_loop.is_closed():
            _callback_loop = _start_background_loop()
        return _callback_loop


def set_callback_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Runs async host callbacks (called from SDK threads) on ``loop`` instead of the private
    background loop. ``loop`` must keep running while the SDK is in use."""
    global _callback_loop
    with _callback_lock:
        _callback_loop = loop


_generated._uniffi_get_event_loop = _event_loop

# ----- faster buffer writes --------------------------------------------------------------------
#
# The generated glue copies every str/bytes argument into the Rust buffer one byte at a time, in
# Python, holding the GIL (10 MiB took 1.4 s). One memmove does the same.


def _write_bytes(self, value: bytes) -> None:  # type: ignore[no-untyped-def]
    with self._reserve(len(value)):
        base = ctypes.cast(self.rbuf.data, ctypes.c_void_p).value or 0
        ctypes.memmove(base + self.rbuf.len, bytes(value), len(value))


def _pack_into(self, size: int, format: str, value: object) -> None:  # type: ignore[no-untyped-def]
    _write_bytes(self, struct.pack(format, value))


_generated._UniffiRustBufferBuilder.write = _write_bytes
_generated._UniffiRustBufferBuilder._pack_into = _pack_into

# ----- adapters from plain functions --------------------------------------------------------


class _FunctionListener(ChatListener):
    def __init__(self, fn: Callable[[ChatEvent], None]):
        self._fn = fn

    def on_event(self, event: ChatEvent) -> None:
        self._fn(event)


def listener(fn: Callable[[ChatEvent], None]) -> ChatListener:
    """A ``ChatListener`` calling ``fn(event)`` (on an SDK thread)."""
    return _FunctionListener(fn)


TokenSource = Callable[[], Union[CustomerToken, Awaitable[CustomerToken]]]

_T = TypeVar("_T")


async def _in_own_thread(fn: Callable[[], _T]) -> _T:
    """Runs a blocking ``fn`` in a thread of its own (a daemon: it cannot hold up exit), so one
    provider that blocks cannot starve the others as a shared executor would."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[_T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not future.done():
            outcome()

    def run() -> None:
        try:
            value = fn()
        except BaseException as error:  # noqa: BLE001 (handed to the awaiting coroutine)
            failure = error  # `error` is unbound when the except block ends
            loop.call_soon_threadsafe(settle, lambda: future.set_exception(failure))
        else:
            loop.call_soon_threadsafe(settle, lambda: future.set_result(value))

    threading.Thread(target=run, name="livechat-token-provider", daemon=True).start()
    return await future


class _FunctionTokenProvider(TokenProvider):
    def __init__(self, get_token: TokenSource, invalidate: Optional[Callable[[], object]]):
        self._get_token = get_token
        self._invalidate = invalidate

    async def get_token(self) -> CustomerToken:
        if inspect.iscoroutinefunction(self._get_token):
            return await self._get_token()
        # A blocking function (an HTTP call...) runs in a thread of its own, not on the loop.
        return await _in_own_thread(self._get_token)  # type: ignore[arg-type]

    async def invalidate(self) -> None:
        if self._invalidate is None:
            return
        if inspect.iscoroutinefunction(self._invalidate):
            await self._invalidate()
        else:
            await _in_own_thread(self._invalidate)


def token_provider(
    get_token: TokenSource, invalidate: Optional[Callable[[], object]] = None
) -> TokenProvider:
    """A ``TokenProvider`` from a function returning a ``CustomerToken`` (plain or ``async``).
    Raise ``ChatError.Failed(code, reason)`` in it to fail a fetch with that code."""
    return _FunctionTokenProvider(get_token, invalidate)


class _FunctionProgress(UploadProgressListener):
    def __init__(self, fn: Callable[[float], None]):
        self._fn = fn

    def on_progress(self, progress: float) -> None:
        self._fn(progress)


def progress(fn: Callable[[float], None]) -> UploadProgressListener:
    """An ``UploadProgressListener`` calling ``fn(fraction)``."""
    return _FunctionProgress(fn)


class _FunctionLogSink(LogSink):
    def __init__(self, fn: Callable[[LogRecord], None]):
        self._fn = fn

    def log(self, record: LogRecord) -> None:
        self._fn(record)


def log_sink(fn: Callable[[LogRecord], None]) -> LogSink:
    """A ``LogSink`` calling ``fn(record)``, e.g. to forward to ``logging``."""
    return _FunctionLogSink(fn)


class _FunctionStateObserver(StateObserver):
    def __init__(self, fn: Callable[[ConnectionState], None]):
        self._fn = fn

    def on_state(self, state: ConnectionState) -> None:
        self._fn(state)


def state_observer(fn: Callable[[ConnectionState], None]) -> StateObserver:
    """A ``StateObserver`` calling ``fn(state)`` (on an SDK thread) for
    ``client.observe_state(...)``: the current state at once, then every change."""
    return _FunctionStateObserver(fn)


async def states(client: ChatClient) -> AsyncIterator[ConnectionState]:
    """``async for state in states(client)``: the current connection state at once, then every
    change (the latest when the loop is slower than the changes), ending after ``DESTROYED``.
    Leaving the loop cancels the observation."""
    loop = asyncio.get_running_loop()
    changes: asyncio.Queue[ConnectionState] = asyncio.Queue()
    subscription = client.observe_state(
        state_observer(lambda state: loop.call_soon_threadsafe(changes.put_nowait, state))
    )
    try:
        while True:
            state = await changes.get()
            while not changes.empty():  # conflate: only the latest matters
                state = changes.get_nowait()
            yield state
            if state.status == ConnectionStatus.DESTROYED:
                return
    finally:
        subscription.cancel()


__all__ = list(_generated.__all__) + [
    "state_observer",
    "states",
    "listener",
    "token_provider",
    "progress",
    "log_sink",
    "set_callback_loop",
]
