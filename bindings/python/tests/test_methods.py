"""Every documented method, blocking form, against the emulator."""

import json

import pytest

import livechat_customer_sdk as lc
from livechat_customer_sdk.testing import Emulator
from conftest import Connected, LICENSE_ID, texts, thread_of


def start_chat_with_message(client: lc.ChatClient, text: str = "Hello") -> lc.Chat:
    chat = client.start_chat(thread=lc.InitialThread(events=[lc.NewEvent.MESSAGE(text=text)]))
    assert chat.thread is not None
    return chat


def test_connected_client_state(connected: Connected) -> None:
    client, events = connected
    assert client.status() == lc.ConnectionStatus.CONNECTED
    assert client.region() == "dal"
    customer_id = client.customer_id()
    assert customer_id
    token = client.get_token()
    assert token.entity_id == customer_id
    assert token.license_id == LICENSE_ID
    assert token.access_token


def test_chat_lifecycle_methods(connected: Connected) -> None:
    client, events = connected
    chat = start_chat_with_message(client)
    thread = thread_of(chat)
    assert texts(thread.events) == ["Hello"]

    sent = client.send_event(chat.id, lc.NewEvent.MESSAGE(text="second", custom_id="c-2"))
    assert sent.content == lc.EventContent.MESSAGE(text="second", postback=None)
    assert sent.custom_id == "c-2"
    assert sent.thread_id == thread.id

    fetched = client.get_chat(chat.id)
    assert fetched.id == chat.id
    assert "second" in texts(thread_of(fetched).events)
    assert thread_of(client.get_chat(chat.id, thread_id=thread.id)).id == thread.id

    chats = client.list_chats()
    assert chats.total_chats == 1
    assert chats.chats_summary[0].id == chat.id
    assert client.list_chats(limit=1).chats_summary[0].id == chat.id

    threads = client.list_threads(chat.id)
    assert [t.id for t in threads.threads] == [thread.id]
    assert client.list_threads(chat.id, sort_order=lc.SortOrder.ASC, min_events_count=1).threads

    client.mark_events_as_seen(chat.id, sent.created_at)
    client.set_sneak_peek(chat.id, "typing...")

    client.rate_chat(chat.id, 1, comment="great")
    rated = thread_of(client.get_chat(chat.id)).properties
    assert json.loads(rated)["rating"]["score"] == 1
    client.cancel_rate(chat.id)

    client.deactivate_chat(chat.id)
    assert client.list_chats().chats_summary[0].active is False
    resumed = client.resume_chat(chat.id, thread=lc.InitialThread(events=[lc.NewEvent.MESSAGE(text="back")]))
    assert resumed.id == chat.id
    assert thread_of(resumed).id != thread.id


def test_property_methods(connected: Connected) -> None:
    client, events = connected
    chat = start_chat_with_message(client)
    thread_id = thread_of(chat).id
    event_id = thread_of(chat).events[0].id

    client.update_chat_properties(chat.id, json.dumps({"ns": {"color": "red"}}))
    update = events.wait_for(lc.ChatEvent.CHAT_PROPERTIES_UPDATED)
    assert json.loads(update.properties) == {"ns": {"color": "red"}}
    assert json.loads(client.get_chat(chat.id).properties)["ns"]["color"] == "red"
    client.delete_chat_properties(chat.id, {"ns": ["color"]})
    deleted = events.wait_for(lc.ChatEvent.CHAT_PROPERTIES_DELETED)
    assert deleted.properties == {"ns": ["color"]}

    client.update_thread_properties(chat.id, thread_id, json.dumps({"ns": {"n": 1}}))
    events.wait_for(lc.ChatEvent.THREAD_PROPERTIES_UPDATED, lambda e: e.thread_id == thread_id)
    client.delete_thread_properties(chat.id, thread_id, {"ns": ["n"]})
    events.wait_for(lc.ChatEvent.THREAD_PROPERTIES_DELETED)

    client.update_event_properties(chat.id, thread_id, event_id, json.dumps({"ns": {"flag": True}}))
    updated = events.wait_for(lc.ChatEvent.EVENT_PROPERTIES_UPDATED)
    assert updated.event_id == event_id
    assert json.loads(updated.properties) == {"ns": {"flag": True}}
    client.delete_event_properties(chat.id, thread_id, event_id, {"ns": ["flag"]})
    events.wait_for(lc.ChatEvent.EVENT_PROPERTIES_DELETED)


def test_customer_methods(connected: Connected) -> None:
    client, events = connected
    client.update_customer(lc.CustomerData(name="Ada", email="ada@example.com"))
    client.set_customer_session_fields([lc.SessionField(key="plan", value="gold")])
    customer = client.get_customer()
    assert customer.id == client.customer_id()
    assert customer.name == "Ada"
    assert customer.email == "ada@example.com"
    assert customer.session_fields.get("plan") == "gold"
    client.update_customer_page(url="https://example.com/pricing", title="Pricing")
    with pytest.raises(lc.ChatError) as caught:
        client.update_customer_page()
    assert caught.value.code == "VALIDATION"


def test_group_form_agent_and_url_methods(connected: Connected) -> None:
    client, _ = connected
    statuses = client.list_group_statuses()
    assert statuses[0] == lc.GroupStatus.ONLINE
    assert client.list_group_statuses(group_ids=[0]) == {0: lc.GroupStatus.ONLINE}
    form = client.get_form(0, lc.FormType.PRECHAT)
    assert isinstance(form.enabled, bool)
    assert (form.form is not None) == form.enabled
    agent = client.get_predicted_agent()
    assert agent.agent.id
    info = client.get_url_info("https://example.com/")
    assert info.url


def test_greetings(connected: Connected, emulator: Emulator) -> None:
    client, events = connected
    greeting = emulator.control("greetings", {"customer_id": client.customer_id(), "text": "Hi!"})
    incoming = events.wait_for(lc.ChatEvent.INCOMING_GREETING)
    assert incoming.greeting.unique_id == greeting["unique_id"]
    assert incoming.greeting.text == "Hi!"
    client.accept_greeting(incoming.greeting.id, incoming.greeting.unique_id)
    events.wait_for(lc.ChatEvent.GREETING_ACCEPTED)

    second = emulator.control("greetings", {"customer_id": client.customer_id()})
    events.wait_for(lc.ChatEvent.INCOMING_GREETING, lambda e: e.greeting.unique_id == second["unique_id"])
    client.cancel_greeting(second["unique_id"])
    events.wait_for(lc.ChatEvent.GREETING_CANCELED)


def test_ticket_form_postback_and_raw(connected: Connected) -> None:
    client, _ = connected
    ticket = client.send_ticket_form(
        "ticket-form",
        [
            lc.FilledFormField(kind="email", id="1", label="Email:", answer=lc.FormAnswer.TEXT(text="a@b.c")),
            lc.FilledFormField(kind="textarea", id="2", label="Message:", answer=lc.FormAnswer.TEXT(text="Help")),
        ],
    )
    assert ticket.id
    chat = start_chat_with_message(client)
    event_id = thread_of(chat).events[0].id
    # A message is not a rich message: the server's validation error comes back typed.
    with pytest.raises(lc.ChatError) as caught:
        client.send_rich_message_postback(chat.id, thread_of(chat).id, event_id, lc.Postback(id="p1"))
    assert caught.value.code
    raw = json.loads(client.send_raw("get_customer", "{}"))
    assert raw["id"] == client.customer_id()


def test_connect_disconnect_destroy(connected: Connected) -> None:
    client, events = connected
    client.disconnect()
    assert client.status() == lc.ConnectionStatus.PAUSED
    with pytest.raises(lc.ChatError) as caught:
        client.get_customer()
    assert caught.value.code == "NO_CONNECTION"
    client.connect()
    events.wait_for(lc.ChatEvent.CONNECTED)
    assert client.get_customer().id == client.customer_id()
    client.destroy()
    assert client.status() == lc.ConnectionStatus.DESTROYED
    with pytest.raises(lc.ChatError) as caught:
        client.get_customer()
    assert caught.value.code == "SDK_DESTROYED"
