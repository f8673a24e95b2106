"""A small chat with the LiveChat Customer SDK from Python.

Run against the local emulator:
    target/release/livechat-emulator --listen 127.0.0.1:0      # prints "listening on http://..."
    python examples/python/chat.py http://127.0.0.1:PORT

Type lines to send them; the emulator's bot answers. Ctrl-D quits. (`pip install` the wheel built
(see bindings/python/README.md), first.)
"""

import sys
import threading
from typing import Optional

import livechat_customer_sdk as lc


def show(event: lc.ChatEvent) -> None:
    if isinstance(event, lc.ChatEvent.CONNECTED):
        print(f"* connected as {event.customer.id} (agents {event.availability.name.lower()})")
    elif isinstance(event, lc.ChatEvent.INCOMING_EVENT):
        if isinstance(event.event.content, lc.EventContent.MESSAGE):
            print(f"{event.event.author_id}: {event.event.content.text}")
    elif isinstance(event, lc.ChatEvent.INCOMING_TYPING_INDICATOR) and event.typing_indicator.is_typing:
        print("* agent is typing...")
    elif isinstance(event, lc.ChatEvent.DISCONNECTED):
        print(f"* disconnected: {event.reason}")


def main(url: str) -> None:
    config = lc.ChatConfig(
        license_id=12345,
        client_id="python-example",
        auto_connect=False,
        api_origin_dal=url,
        api_origin_fra=f"{url}/fra",
        accounts_origin=url,
    )
    with lc.ChatClient(config) as client:
        chat_with(client)


def chat_with(client: lc.ChatClient) -> None:
    connected = threading.Event()
    client.on("*", lc.listener(show))
    client.once("connected", lc.listener(lambda _: connected.set()))
    client.connect()
    if not connected.wait(15):
        sys.exit("could not connect")
    client.update_customer(lc.CustomerData(name="Python example"))
    chat: Optional[lc.Chat] = None
    try:
        for line in sys.stdin:
            text = line.strip()
            if not text:
                continue
            event = lc.NewEvent.MESSAGE(text=text)
            if chat is None:
                chat = client.start_chat(thread=lc.InitialThread(events=[event]))
            else:
                client.send_event(chat.id, event)
    except lc.ChatError as error:
        print(f"error {error.code}: {error.reason}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
