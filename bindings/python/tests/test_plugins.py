"""Host plug-ins: token provider (async, sync adapter, failing), customer data provider,
key-value store, log sink."""

import asyncio
import json
import time
import urllib.request

from typing import Callable, Dict, Optional, Tuple

import pytest

import livechat_customer_sdk as lc
from livechat_customer_sdk.testing import Emulator
from conftest import Connected, Events, LICENSE_ID, Records


class CookieGrant:
    """What a WebView host would do: fetch the customer token itself (cookie grant), keeping the
    accounts cookies so every fetch is the same customer."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.cookies: Dict[str, str] = {}
        self.calls = 0

    def fetch(self) -> lc.CustomerToken:
        self.calls += 1
        body = json.dumps({"grant_type": "cookie", "license_id": LICENSE_ID, "client_id": "host"}).encode()
        request = urllib.request.Request(f"{self.url}/customer/token", data=body, method="POST")
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        with urllib.request.urlopen(request, timeout=20) as reply:
            for header in reply.headers.get_all("Set-Cookie") or []:
                name, _, value = header.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value.strip()
            token = json.loads(reply.read())
        return lc.CustomerToken(
            access_token=token["access_token"],
            entity_id=token["entity_id"],
            expires_in=token["expires_in"] * 1000,
            token_type=token.get("token_type", "Bearer"),
            creation_date=int(time.time() * 1000),
            license_id=LICENSE_ID,
        )


def connect(emulator: Emulator, builder: lc.ChatClientBuilder) -> Tuple[lc.ChatClient, Events]:
    events = Events()
    client = builder.build()
    client.on("*", lc.listener(events))
    client.connect()
    return client, events


def test_async_host_token_provider_is_used(emulator: Emulator) -> None:
    grant = CookieGrant(emulator.url)

    class Provider(lc.TokenProvider):
        def __init__(self) -> None:
            self.invalidated = 0

        async def get_token(self) -> lc.CustomerToken:
            return grant.fetch()

        async def invalidate(self) -> None:
            self.invalidated += 1

    builder = lc.ChatClientBuilder(emulator.config(auto_connect=False)).token_provider(Provider())
    client, events = connect(emulator, builder)
    connected = events.wait_for(lc.ChatEvent.CONNECTED)
    assert grant.calls >= 1
    assert connected.customer.id == client.customer_id()
    client.destroy()


def test_sync_function_token_provider(emulator: Emulator) -> None:
    grant = CookieGrant(emulator.url)
    builder = lc.ChatClientBuilder(emulator.config(auto_connect=False)).token_provider(
        lc.token_provider(grant.fetch)
    )
    client, events = connect(emulator, builder)
    events.wait_for(lc.ChatEvent.CONNECTED)
    assert client.get_token().entity_id == client.customer_id()
    client.destroy()


def test_failing_token_provider_is_a_typed_error_not_a_crash(emulator: Emulator) -> None:
    def refuse() -> lc.CustomerToken:
        raise lc.ChatError.Failed("AUTHENTICATION", "host refused")

    client = (
        lc.ChatClientBuilder(emulator.config(auto_connect=False))
        .token_provider(lc.token_provider(refuse))
        .build()
    )
    with pytest.raises(lc.ChatError) as caught:
        client.get_token()
    assert caught.value.code == "AUTHENTICATION"
    assert "host refused" in caught.value.reason

    def crash() -> lc.CustomerToken:
        raise RuntimeError("bug in host code")

    crashing = (
        lc.ChatClientBuilder(emulator.config(auto_connect=False))
        .token_provider(lc.token_provider(crash))
        .build()
    )
    with pytest.raises(lc.ChatError) as caught:
        crashing.get_token()
    assert caught.value.code == "CALLBACK_FAILED"
    client.destroy()
    crashing.destroy()


def test_customer_data_provider_and_store(emulator: Emulator) -> None:
    class Data(lc.CustomerDataProvider):
        def customer_data(self) -> lc.CustomerData:
            return lc.CustomerData(name="Provided", session_fields=[lc.SessionField(key="src", value="py")])

    class Store(lc.KeyValueStore):
        def __init__(self) -> None:
            self.values: Dict[str, str] = {}

        def get(self, key: str) -> Optional[str]:
            return self.values.get(key)

        def set(self, key: str, value: str) -> None:
            self.values[key] = value

        def remove(self, key: str) -> None:
            self.values.pop(key, None)

    store = Store()
    builder = (
        lc.ChatClientBuilder(emulator.config(auto_connect=False))
        .customer_data_provider(Data())
        .key_value_store(store)
    )
    client, events = connect(emulator, builder)
    events.wait_for(lc.ChatEvent.CONNECTED)
    customer = client.get_customer()
    assert customer.name == "Provided"
    assert customer.session_fields.get("src") == "py"
    customer_id = client.customer_id()
    assert customer_id is not None
    assert any(customer_id in value for value in store.values.values())
    client.destroy()

    # A second instance over the same store is the same customer (token from the store).
    again, events = connect(emulator, lc.ChatClientBuilder(emulator.config(auto_connect=False)).key_value_store(store))
    events.wait_for(lc.ChatEvent.CONNECTED)
    assert again.customer_id() == customer.id
    again.destroy()


def test_log_sink_receives_records_without_tokens(connected: Connected, emulator: Emulator) -> None:
    client, events = connected
    token = client.get_token().access_token
    customer_id = client.customer_id()
    assert customer_id is not None

    def listener_fails_on_a_greeting(bug: str) -> None:
        """A listener that raises `bug` gets a greeting; when this returns it has run, and the
        SDK has logged its failure (a warning), or filtered it out."""

        def failing_listener(event: lc.ChatEvent) -> None:
            raise ValueError(bug)

        client.once("incoming_greeting", lc.listener(failing_listener))
        emulator.greeting(customer_id)
        events.wait_for(lc.ChatEvent.INCOMING_GREETING)
        client.flush_events()

    def failure_of(bug: str) -> Callable[[lc.LogRecord], bool]:
        return lambda record: "listener failed" in record.message and bug in record.message

    # Records reach the sink later, on the SDK's log thread: the test waits for each one it
    # expects. They come in the order they were logged, so a record that arrives proves that
    # every record logged before it has arrived too.
    records = Records()
    lc.set_log_sink(lc.log_sink(records))
    try:
        lc.set_log_level(lc.LogLevel.ERROR)  # the listener failure is a warning: filtered out
        listener_fails_on_a_greeting("filtered bug")

        lc.set_log_level(lc.LogLevel.TRACE)
        listener_fails_on_a_greeting("listener bug")
        failure = records.wait_for(failure_of("bug"))  # the first listener failure to arrive
        client.disconnect()
        client.connect()  # a login, at trace level: token and cookies at work
        events.wait_for(lc.ChatEvent.CONNECTED)
        listener_fails_on_a_greeting("after the login")
        last = records.wait_for(failure_of("after the login"))  # so every record of the login did
    finally:
        lc.set_log_level(lc.LogLevel.WARN)
        lc.clear_log_sink()
    assert "listener bug" in failure.message  # not "filtered bug": that one was never logged
    assert failure.level == lc.LogLevel.WARN
    assert failure.target.startswith("livechat")
    assert [r for r in records.seen if "filtered bug" in r.message] == []
    assert [r for r in records.seen if "listener failed" in r.message] == [failure, last]
    assert not [r for r in records.seen if token in r.message]


def test_a_silent_token_provider_cannot_hang_the_sdk(emulator: Emulator) -> None:
    class Silent(lc.TokenProvider):
        async def get_token(self) -> lc.CustomerToken:
            await asyncio.Event().wait()  # never answers
            raise AssertionError("unreachable")

        async def invalidate(self) -> None:
            pass

    client = (
        lc.ChatClientBuilder(emulator.config(auto_connect=False, request_timeout_ms=500))
        .token_provider(Silent())
        .build()
    )
    with pytest.raises(lc.ChatError) as caught:
        client.get_token()
    assert caught.value.code == "REQUEST_TIMEOUT"
    client.destroy()
