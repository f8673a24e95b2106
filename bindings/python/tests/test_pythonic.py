"""What the Python package adds over the generated API: `with` / `async with` teardown,
`events()` as an async iterator, field reprs, the typed builder, one Python thread state per SDK
thread, and the test kit (`livechat_customer_sdk.testing`)."""

from __future__ import annotations

import asyncio
import threading
from typing import List

import pytest

import livechat_customer_sdk as lc
from livechat_customer_sdk.testing import Emulator, EmulatorError

from conftest import WAIT, Connected, Events, text_of, thread_of


def test_repr_shows_the_fields_of_records_and_variants(connected: Connected) -> None:
    client, _ = connected
    assert repr(lc.NewEvent.MESSAGE(text="hi")) == (
        "NewEvent.MESSAGE(text='hi', postback=None, custom_id=None, properties=None)"
    )
    assert repr(lc.SessionField(key="k", value="v")) == "SessionField(key='k', value='v')"
    chat = client.start_chat(thread=lc.InitialThread(events=[lc.NewEvent.MESSAGE(text="shown")]))
    shown = repr(chat)
    assert shown.startswith("Chat(id=") and f"id={chat.id!r}" in shown and "text='shown'" in shown
    assert repr(lc.ErrorCode.OTHER(code="X")) == "ErrorCode.OTHER(code='X')"


def test_with_destroys_and_releases_the_client(emulator: Emulator) -> None:
    events = Events()
    built = lc.ChatClientBuilder(emulator.config()).on("*", lc.listener(events)).build()
    with built as client:
        assert isinstance(client, lc.ChatClient)
        assert client is built
        events.wait_for(lc.ChatEvent.CONNECTED)
    with pytest.raises(lc.ChatError) as caught:
        client.status()
    assert caught.value.code == "SDK_DESTROYED"
    client.close()  # idempotent


async def test_async_with_and_events_in_order_ending_with_the_client(emulator: Emulator) -> None:
    emulator.set_bot(False)
    seen: List[lc.ChatEvent] = []
    async with lc.ChatClient(emulator.config()) as client:
        stream = lc.events(client)  # subscribed here: nothing before it is missed
        async for event in stream:
            seen.append(event)
            if isinstance(event, lc.ChatEvent.CONNECTED):
                chat = await client.start_chat_async()
                for i in range(20):  # the agent writes; the loop takes the events afterwards
                    emulator.send_agent_message(chat.id, f"m{i}")
            if isinstance(event, lc.ChatEvent.INCOMING_EVENT) and text_of(event.event.content) == "m19":
                break
    assert isinstance(seen[0], lc.ChatEvent.CUSTOMER_ID)
    assert isinstance(seen[1], lc.ChatEvent.CONNECTED)
    sent = [
        text_of(e.event.content) for e in seen if isinstance(e, lc.ChatEvent.INCOMING_EVENT)
    ]
    assert sent == [f"m{i}" for i in range(20)]
    # The client is closed: a stream made before the end yields what it had, then stops.
    async with lc.ChatClient(emulator.config()) as other:
        late = lc.events(other, "connected")
        connected = await asyncio.wait_for(late.__anext__(), WAIT)
        assert isinstance(connected, lc.ChatEvent.CONNECTED)
    rest = [e async for e in late]
    assert rest == []


async def test_events_are_cancelled_with_their_consumer(connected: Connected, emulator: Emulator) -> None:
    client, _ = connected
    stream = lc.events(client)
    started = asyncio.Event()

    async def consume() -> None:
        started.set()
        async for _ in stream:
            pass

    task = asyncio.create_task(consume())
    await started.wait()
    await asyncio.sleep(0)  # let it wait for the next event
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert stream.cancel() is False  # already cancelled with the task

    # Leaving the loop with `break` and dropping the stream unsubscribes too.
    stream = lc.events(client)
    subscription = stream.subscription
    customer_id = client.customer_id()
    assert customer_id is not None
    emulator.greeting(customer_id)
    async for event in stream:
        assert isinstance(event, lc.ChatEvent.INCOMING_GREETING)
        break
    del stream
    assert subscription.cancel() is False


def test_one_python_thread_state_per_sdk_thread(connected: Connected, emulator: Emulator) -> None:
    """Without it, each callback runs in a new thread state: its `threading.local` is always new."""
    client, events = connected
    local = threading.local()
    counts: List[int] = []

    def count(event: lc.ChatEvent) -> None:
        local.calls = getattr(local, "calls", 0) + 1
        counts.append(local.calls)

    client.on("incoming_event", lc.listener(count))
    chat = client.start_chat()
    for i in range(30):
        emulator.send_agent_message(chat.id, f"{i}")
    events.wait_for(lc.ChatEvent.INCOMING_EVENT, lambda e: text_of(e.event.content) == "29")
    client.flush_events()
    assert len(counts) >= 30
    assert max(counts) > 1, counts


def test_testing_kit_faults_and_agent(connected: Connected, emulator: Emulator) -> None:
    client, events = connected
    emulator.fail("get_customer", "service_unavailable", "busy")
    with pytest.raises(lc.ChatError) as caught:
        client.get_customer()
    assert caught.value.code == "SERVICE_UNAVAILABLE"
    assert client.get_customer().id == client.customer_id()

    chat = client.start_chat(thread=lc.InitialThread(events=[lc.NewEvent.MESSAGE(text="hi")]))
    assert thread_of(chat).id
    emulator.send_agent_message(chat.id, "from the agent")
    reply = events.wait_for(
        lc.ChatEvent.INCOMING_EVENT, lambda e: isinstance(e.event.content, lc.EventContent.MESSAGE)
        and e.event.content.text == "from the agent"
    )
    assert reply.chat_id == chat.id
    assert emulator.state()["chats"]

    customer_id = client.customer_id()
    assert customer_id is not None
    assert emulator.disconnect(customer_id, "inactivity_timeout") >= 1
    disconnected = events.wait_for(lc.ChatEvent.DISCONNECTED)
    assert disconnected.reason == "inactivity_timeout"
    with pytest.raises(EmulatorError) as failed:
        emulator.control("no_such_op")
    assert failed.value.type
