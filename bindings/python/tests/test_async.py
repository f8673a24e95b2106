"""The asyncio twins (`*_async`) against the emulator, awaited from the test's own event loop."""

import asyncio
import json

import pytest

import livechat_customer_sdk as lc
from livechat_customer_sdk.testing import Emulator

from conftest import Connected, text_of, thread_of


async def test_async_chat_flow(emulator: Emulator) -> None:
    emulator.control("bot", {"enabled": False})
    client = lc.ChatClient.init(emulator.config(auto_connect=False))
    connected = asyncio.Event()
    loop = asyncio.get_running_loop()
    client.on("connected", lc.listener(lambda e: loop.call_soon_threadsafe(connected.set)))
    await client.connect_async()
    await asyncio.wait_for(connected.wait(), 20)

    chat = await client.start_chat_async(thread=lc.InitialThread(events=[lc.NewEvent.MESSAGE(text="hi")]))
    sent = await client.send_event_async(chat.id, lc.NewEvent.MESSAGE(text="async"))
    assert text_of(sent.content) == "async"
    # Several calls in flight at once, all settled on this loop.
    customer, fetched, chats, threads = await asyncio.gather(
        client.get_customer_async(),
        client.get_chat_async(chat.id),
        client.list_chats_async(),
        client.list_threads_async(chat.id),
    )
    assert customer.id == client.customer_id()
    assert fetched.id == chat.id
    assert chats.total_chats == 1
    assert threads.threads[0].id == thread_of(chat).id

    await client.update_chat_properties_async(chat.id, json.dumps({"ns": {"k": "v"}}))
    await client.mark_events_as_seen_async(chat.id, sent.created_at)
    await client.rate_chat_async(chat.id, 0)
    await client.cancel_rate_async(chat.id)
    await client.update_customer_async(lc.CustomerData(name="Async"))
    await client.set_customer_session_fields_async([lc.SessionField(key="k", value="v")])
    assert (await client.get_customer_async()).name == "Async"
    assert (await client.list_group_statuses_async())[0] == lc.GroupStatus.ONLINE
    assert (await client.get_predicted_agent_async()).agent.id
    assert (await client.get_form_async(0, lc.FormType.POSTCHAT)) is not None
    assert (await client.get_url_info_async("https://example.com/")).url
    assert (await client.get_token_async()).entity_id == client.customer_id()
    assert json.loads(await client.send_raw_async("get_customer", "{}"))["id"] == client.customer_id()
    await client.deactivate_chat_async(chat.id)
    resumed = await client.resume_chat_async(chat.id)
    assert resumed.id == chat.id
    await client.delete_chat_properties_async(chat.id, {"ns": ["k"]})
    await client.update_thread_properties_async(chat.id, thread_of(resumed).id, json.dumps({"ns": {"a": 1}}))
    await client.delete_thread_properties_async(chat.id, thread_of(resumed).id, {"ns": ["a"]})
    await client.update_event_properties_async(chat.id, thread_of(chat).id, sent.id, json.dumps({"ns": {"b": 2}}))
    await client.delete_event_properties_async(chat.id, thread_of(chat).id, sent.id, {"ns": ["b"]})
    ticket = await client.send_ticket_form_async(
        "f", [lc.FilledFormField(kind="email", id="1", label="E", answer=lc.FormAnswer.TEXT(text="a@b.c"))]
    )
    assert ticket.id

    history = client.get_chat_history(chat.id)
    page = await history.next_async()
    assert page.threads

    await client.disconnect_async()
    with pytest.raises(lc.ChatError) as caught:
        await client.get_customer_async()
    assert caught.value.code == "NO_CONNECTION"
    await client.destroy_async()
    with pytest.raises(lc.ChatError) as caught:
        await client.get_chat_async(chat.id)
    assert caught.value.code == "SDK_DESTROYED"


async def test_async_error_is_chat_error_with_code(connected: Connected) -> None:
    client, _ = connected
    with pytest.raises(lc.ChatError) as caught:
        await client.list_chats_async(limit=99)
    assert caught.value.code == "VALIDATION"
    assert caught.value.reason
