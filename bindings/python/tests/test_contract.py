"""The contract from Python: no event lost to subscription timing (under a CPU hog), sends in
call order, observable connection state, a clean interpreter exit while a listener runs, and
blocking token providers that cannot starve each other."""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.synchronize
import os
import subprocess
import sys
import textwrap
import threading
import time
from types import TracebackType
from typing import Callable, List, Optional, Type

import pytest

import livechat_customer_sdk as lc
from livechat_customer_sdk.testing import Emulator
from conftest import Connected, WAIT, text_of, thread_of
from test_plugins import CookieGrant


def _spin(stop: multiprocessing.synchronize.Event) -> None:
    while not stop.is_set():
        pass


class CpuHog:
    """A busy process on every core for as long as the `with` block lasts."""

    def __enter__(self) -> CpuHog:
        self.stop = multiprocessing.Event()
        self.procs = [
            multiprocessing.Process(target=_spin, args=(self.stop,), daemon=True)
            for _ in range(os.cpu_count() or 2)
        ]
        for proc in self.procs:
            proc.start()
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.stop.set()
        for proc in self.procs:
            proc.join(timeout=WAIT)


def wait_until(what: str, check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not reached within {WAIT}s")
        time.sleep(0.01)


def test_create_then_subscribe_never_misses_the_first_events_under_load(emulator: Emulator) -> None:
    """`ChatClient(config)` then `on("*")`, 1,000 times with every core busy: every client's
    listener sees `customer_id` first, then `connected`."""
    misses = []
    with CpuHog():
        for batch in range(20):
            clients = []
            for _ in range(50):
                client = lc.ChatClient(emulator.config())
                seen: List[lc.ChatEvent] = []
                client.on("*", lc.listener(seen.append))
                clients.append((client, seen))
            for i, (client, seen) in enumerate(clients):
                wait_until("connected", lambda: client.status() == lc.ConnectionStatus.CONNECTED)
                client.flush_events()
                kinds = [type(e) for e in seen[:2]]
                if kinds != [lc.ChatEvent.CUSTOMER_ID, lc.ChatEvent.CONNECTED]:
                    misses.append((batch * 50 + i, [type(e).__name__ for e in seen]))
            for client, _ in clients:
                client.destroy()
    assert misses == [], f"{len(misses)} of 1000 missed: {misses[:5]}"


def test_sends_not_awaited_are_stored_in_call_order(connected: Connected) -> None:
    client, _events = connected
    chat = client.start_chat()

    async def burst(round_: int) -> list[str]:
        texts = [f"round {round_} message {i}" for i in range(8)]
        await asyncio.gather(
            *(client.send_event_async(chat.id, lc.NewEvent.MESSAGE(text=t)) for t in texts)
        )
        return texts

    out_of_place = 0
    for round_ in range(5):
        texts = asyncio.run(burst(round_))
        stored = [
            e.content.text
            for e in thread_of(client.get_chat(chat.id)).events
            if isinstance(e.content, lc.EventContent.MESSAGE)
            and e.content.text.startswith(f"round {round_} ")
        ]
        assert len(stored) == 8
        out_of_place += sum(a != b for a, b in zip(stored, texts))
    assert out_of_place == 0


def test_connection_state_is_observable_with_async_for(emulator: Emulator) -> None:
    async def main() -> list[lc.ConnectionStatus]:
        client = lc.ChatClient(emulator.config())
        wait_until("connected", lambda: client.status() == lc.ConnectionStatus.CONNECTED)
        statuses = []
        async for state in lc.states(client):
            statuses.append(state.status)
            if state.status == lc.ConnectionStatus.CONNECTED:
                assert state.customer_id == client.customer_id()
                await client.disconnect_async()
            elif state.status == lc.ConnectionStatus.PAUSED:
                await client.destroy_async()
        return statuses

    statuses = asyncio.run(main())
    # The late subscriber learns the current state at once; DESTROYED ends the iteration.
    assert statuses[0] == lc.ConnectionStatus.CONNECTED
    assert statuses[-1] == lc.ConnectionStatus.DESTROYED


EXIT_SCRIPT = textwrap.dedent(
    """
    import sys, time
    import livechat_customer_sdk as lc

    url, clients, linger = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])

    def listener(event):
        time.sleep(0.002)

    config = lc.ChatConfig(license_id=12345, client_id="exit-test", api_origin_dal=url,
                           api_origin_fra=url + "/fra", accounts_origin=url)
    keep = [lc.ChatClientBuilder(config).on("*", lc.listener(listener)).build()
            for _ in range(clients)]
    time.sleep(linger)
    # No destroy(): the app forgot it. The interpreter exits while events are being delivered.
    """
)


@pytest.mark.parametrize("clients,linger", [(1, 0.0), (20, 0.003)])
def test_the_interpreter_exits_cleanly_while_listeners_are_called(emulator: Emulator, clients: int, linger: float) -> None:
    """Without the package's exit hook this aborted (SIGABRT, "FATAL: exception not rethrown")
    in 39 of 40 runs: CPython stops a thread that asks for the GIL during finalisation."""
    codes = []
    for _ in range(10):
        run = subprocess.run(
            [sys.executable, "-c", EXIT_SCRIPT, emulator.url, str(clients), str(linger)],
            capture_output=True,
            text=True,
            timeout=WAIT,
        )
        codes.append((run.returncode, run.stderr[-300:]))
    assert [code for code, _ in codes] == [0] * 10, codes


def test_a_blocking_token_provider_does_not_starve_the_others(emulator: Emulator) -> None:
    """Eight providers that block (a hung HTTP call) must not stop a ninth from working: plain
    functions used to share one small executor."""
    release = threading.Event()

    def hang() -> lc.CustomerToken:
        release.wait(60)
        raise lc.ChatError.Failed("AUTHENTICATION", "released")

    hung = [
        lc.ChatClientBuilder(emulator.config()).token_provider(lc.token_provider(hang)).build()
        for _ in range(8)
    ]
    try:
        grant = CookieGrant(emulator.url)
        client = (
            lc.ChatClientBuilder(emulator.config())
            .token_provider(lc.token_provider(grant.fetch))
            .build()
        )
        wait_until("connected", lambda: client.status() == lc.ConnectionStatus.CONNECTED)
        client.destroy()
    finally:
        release.set()
        for c in hung:
            c.destroy()


def test_large_arguments_cross_the_ffi_without_a_byte_loop(connected: Connected) -> None:
    """A 10 MiB argument is copied in one go (the generated glue looped per byte: 1.4 s), and it
    arrives intact: the SDK refuses it as too large for the server, naming the size."""
    client, _events = connected
    huge = "x" * (10 << 20)
    started = time.perf_counter()
    with pytest.raises(lc.ChatError) as caught:
        client.update_customer(lc.CustomerData(name=huge))
    elapsed = time.perf_counter() - started
    assert caught.value.code == "VALIDATION", caught.value
    print(f"10 MiB argument round trip: {elapsed:.3f}s")
    # The copy is exact: multi-byte text survives the round trip through the server.
    chat = client.start_chat()
    text = "zażółć 🚀 " * 1000
    sent = client.send_event(chat.id, lc.NewEvent.MESSAGE(text=text))
    assert text_of(sent.content) == text
