"""The generated module loads from the installed wheel and its basic shapes work: record in,
object out, typed error with code, blocking and asyncio forms, a foreign listener accepted."""

import pytest

import livechat_customer_sdk as lc


def make_config(**overrides):
    fields = dict(license_id=12345, client_id="test-client")
    fields.update(overrides)
    return lc.ChatConfig(**fields)


def test_init_keeps_config_and_defaults():
    client = lc.ChatClient.init(make_config())
    config = client.config()
    assert config.license_id == 12345
    assert config.client_id == "test-client"
    assert config.auto_connect is True
    assert config.region == "dal"


def test_bad_config_is_a_chat_error_with_code():
    with pytest.raises(lc.ChatError) as caught:
        lc.ChatClient.init(make_config(client_id=""))
    assert caught.value.code == "INVALID_ARGUMENT"
    assert caught.value.reason


class Recorder(lc.ChatListener):
    def __init__(self):
        self.events = []

    def on_event(self, event):
        self.events.append(event)


def test_destroy_cancels_subscriptions_and_later_calls_fail():
    client = lc.ChatClient.init(make_config())
    subscription = client.on(Recorder())
    assert subscription.is_active()
    client.destroy()
    assert not subscription.is_active()
    with pytest.raises(lc.ChatError) as caught:
        client.on(Recorder())
    assert caught.value.code == "SDK_DESTROYED"


async def test_async_twin_runs_under_asyncio():
    client = lc.ChatClient.init(make_config())
    await client.destroy_async()
    with pytest.raises(lc.ChatError) as caught:
        client.on(Recorder())
    assert caught.value.code == "SDK_DESTROYED"
