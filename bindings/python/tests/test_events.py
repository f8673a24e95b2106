"""The listener: typed events, on / once / off, name filters, throwing listeners."""

import threading

import pytest

import livechat_customer_sdk as lc
from livechat_customer_sdk.testing import Emulator
from conftest import Connected, Events, WAIT, text_of


def test_bot_reply_arrives_as_typed_incoming_event(emulator: Emulator) -> None:
    events = Events()
    client = lc.ChatClient.init(emulator.config(auto_connect=False))
    client.on("*", lc.listener(events))
    client.connect()
    ids = events.wait_for(lc.ChatEvent.CUSTOMER_ID)
    connected = events.wait_for(lc.ChatEvent.CONNECTED)
    assert connected.customer.id == ids.id
    assert connected.availability in (lc.Availability.ONLINE, lc.Availability.OFFLINE)
    chat = client.start_chat(thread=lc.InitialThread(events=[lc.NewEvent.MESSAGE(text="ping")]))
    typing = events.wait_for(lc.ChatEvent.INCOMING_TYPING_INDICATOR)
    assert typing.chat_id == chat.id
    reply = events.wait_for(
        lc.ChatEvent.INCOMING_EVENT,
        lambda e: e.chat_id == chat.id and e.event.author_id != client.customer_id(),
    )
    assert isinstance(reply.event, lc.Event)
    assert text_of(reply.event.content)
    client.destroy()


def test_on_filters_by_name_once_fires_once_and_cancel_stops(connected: Connected, emulator: Emulator) -> None:
    client, _ = connected
    greetings, once, cancelled = Events(), Events(), Events()
    client.on("incoming_greeting", lc.listener(greetings))
    once_sub = client.once("incoming_greeting", lc.listener(once))
    sub = client.on("incoming_greeting", lc.listener(cancelled))
    assert sub.cancel() is True
    assert sub.cancel() is False
    for _ in range(2):
        emulator.control("greetings", {"customer_id": client.customer_id()})
    greetings.wait_for(lc.ChatEvent.INCOMING_GREETING)
    greetings.wait_for(lc.ChatEvent.INCOMING_GREETING)
    client.flush_events()
    assert once.queue.qsize() == 1
    assert cancelled.queue.qsize() == 0
    assert client.off(once_sub) is False  # already removed by its delivery
    assert greetings.queue.qsize() == 0  # every greeting matched the name filter


def test_builder_listener_sees_every_event_of_an_auto_connecting_client(emulator: Emulator) -> None:
    events = Events()
    client = lc.ChatClientBuilder(emulator.config(auto_connect=True)).on("*", lc.listener(events)).build()
    connected = events.wait_for(lc.ChatEvent.CONNECTED)
    first = events.seen[0] if events.seen else connected
    assert isinstance(first, lc.ChatEvent.CUSTOMER_ID), "customer_id is the very first event"
    assert first.id == connected.customer.id
    with pytest.raises(lc.ChatError) as caught:
        lc.ChatClientBuilder(emulator.config()).on("no_such_event", lc.listener(events)).build()
    assert caught.value.code == "VALIDATION"
    client.destroy()


def test_unknown_event_name_is_invalid_argument(connected: Connected) -> None:
    client, _ = connected
    with pytest.raises(lc.ChatError) as caught:
        client.on("no_such_event", lc.listener(lambda e: None))
    assert caught.value.code == "VALIDATION"
    assert set(lc.event_names()) >= {"connected", "incoming_event", "disconnected"}
    assert len(lc.event_names()) == 29


def test_throwing_listener_is_logged_and_others_still_receive(connected: Connected, emulator: Emulator) -> None:
    client, _ = connected

    def boom(event: lc.ChatEvent) -> None:
        raise ValueError("listener bug")

    client.on("*", lc.listener(boom))
    good = Events()
    client.on("incoming_greeting", lc.listener(good))
    emulator.control("greetings", {"customer_id": client.customer_id()})
    good.wait_for(lc.ChatEvent.INCOMING_GREETING)
    assert client.get_customer().id == client.customer_id()


def test_listener_may_call_blocking_methods(connected: Connected, emulator: Emulator) -> None:
    client, _ = connected
    result = {}
    done = threading.Event()

    def on_greeting(event: lc.ChatEvent) -> None:
        result["customer"] = client.get_customer().id
        done.set()

    client.once("incoming_greeting", lc.listener(on_greeting))
    emulator.control("greetings", {"customer_id": client.customer_id()})
    assert done.wait(WAIT)
    assert result["customer"] == client.customer_id()


def test_server_disconnect_reason_reaches_the_listener(connected: Connected, emulator: Emulator) -> None:
    client, events = connected
    emulator.control("disconnect", {"customer_id": client.customer_id(), "reason": "inactivity_timeout"})
    event = events.wait_for(lc.ChatEvent.DISCONNECTED)
    assert event.reason == "inactivity_timeout"


def test_a_blocked_listener_does_not_block_the_sdk(connected: Connected, emulator: Emulator) -> None:
    client, _ = connected
    entered, release = threading.Event(), threading.Event()

    def slow(event: lc.ChatEvent) -> None:
        entered.set()
        release.wait(WAIT)

    client.once("incoming_greeting", lc.listener(slow))
    emulator.control("greetings", {"customer_id": client.customer_id()})
    assert entered.wait(WAIT)
    try:
        # The listener holds the event thread; requests do not depend on it.
        assert client.get_customer().id == client.customer_id()
        assert client.list_chats().total_chats == 0
    finally:
        release.set()
