"""getChatHistory's `next()`, and uploadFile with progress and cancel."""

from typing import List

import pytest

import livechat_customer_sdk as lc
from livechat_customer_sdk.testing import Emulator

from conftest import Connected, texts, thread_of


def test_history_pages_until_done(connected: Connected) -> None:
    client, events = connected
    chat = client.start_chat(thread=lc.InitialThread(events=[lc.NewEvent.MESSAGE(text="t1")]))
    thread_ids = [thread_of(chat).id]
    for n in (2, 3):
        client.deactivate_chat(chat.id)
        resumed = client.resume_chat(chat.id, thread=lc.InitialThread(events=[lc.NewEvent.MESSAGE(text=f"t{n}")]))
        thread_ids.append(thread_of(resumed).id)

    history = client.get_chat_history(chat.id)
    assert history.chat_id() == chat.id
    loaded: List[str] = []
    for _ in range(10):
        page = history.next()
        loaded = [t.id for t in page.threads] + loaded
        if page.done:
            break
    assert sorted(loaded) == sorted(thread_ids)
    stored = [text for i in thread_ids for text in texts(thread_of(client.get_chat(chat.id, thread_id=i)).events)]
    assert stored == ["t1", "t2", "t3"]
    again = history.next()
    assert again.done and again.threads == []


def test_upload_with_progress_then_send_as_file_event(connected: Connected) -> None:
    client, _ = connected
    chat = client.start_chat()
    fractions: List[float] = []
    data = bytes(range(256)) * 1024  # 256 KiB: several progress steps
    upload = client.upload_file_with_progress(data, "photo.png", "image/png", lc.progress(fractions.append))
    uploaded = upload.result()
    assert uploaded.url.startswith("http")
    assert fractions and fractions[-1] == pytest.approx(1.0)
    assert fractions == sorted(fractions)
    event = client.send_event(chat.id, lc.NewEvent.FILE(url=uploaded.url))
    assert isinstance(event.content, lc.EventContent.FILE)
    assert event.content.name == "photo.png"
    with pytest.raises(lc.ChatError) as caught:
        upload.result()  # the result can be taken once
    assert caught.value.code == "VALIDATION"


async def test_upload_cancel_and_too_big(connected: Connected, emulator: Emulator) -> None:
    client, _ = connected
    emulator.control("delay", {"action": "upload_file", "ms": 30_000})
    upload = client.upload_file(b"x" * 1024, "slow.txt")
    upload.cancel()
    with pytest.raises(lc.ChatError) as caught:
        await upload.result_async()
    assert caught.value.code == "UPLOAD_CANCELED"

    too_big = client.upload_file(b"\0" * (10 * 1024 * 1024 + 1), "big.bin")
    with pytest.raises(lc.ChatError) as caught:
        too_big.result()
    assert caught.value.code == "TOO_BIG_FILE"
