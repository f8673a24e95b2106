package com.livechat.customer.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Connecting through the built-in cookie grant, connection state, connect/disconnect in both forms. */
class ConnectionTest : EmulatorTest() {
    @Test
    fun `init connects on its own and emits customer_id before connected`() {
        // A token provider held shut until the listener is on, so no event can be missed.
        val gate = java.util.concurrent.CountDownLatch(1)
        val tokens = EmulatorTokens(emulator, before = { gate.await() })
        val client = ChatClientBuilder(config()).tokenProvider(tokens).build()
        Session(client, EventRecorder(client)).use { s ->
            gate.countDown()
            val connected = s.events.await<ChatEvent.Connected>()
            val ids = s.events.seen.filterIsInstance<ChatEvent.CustomerId>()
            assertEquals(1, ids.size, "customer_id once, before connected: ${s.events.seen}")
            assertEquals(ids.single().id, connected.customer.id)
            assertEquals(Availability.ONLINE, connected.availability)
            assertEquals(ConnectionStatus.CONNECTED, s.client.status())
            assertEquals("dal", s.client.region())
            assertEquals(connected.customer.id, s.customerId)
        }
    }

    @Test
    fun `getToken returns the customer's token (blocking and suspend)`() = runBlocking<Unit> {
        connected().use { s ->
            val token = s.client.getToken()
            assertEquals(s.customerId, token.entityId)
            assertEquals(12345uL, token.licenseId)
            assertTrue(token.accessToken.isNotEmpty())
            assertEquals(token, s.client.getTokenAsync(), "cached token reused")
        }
    }

    @Test
    fun `autoConnect false waits for connect, disconnect pauses, connect again logs in again`() = runBlocking<Unit> {
        ChatClientBuilder(config(autoConnect = false)).build().use { client ->
            val events = EventRecorder(client)
            assertEquals(ConnectionStatus.DISCONNECTED, client.status())
            client.connectAsync()
            events.await<ChatEvent.Connected>()
            assertEquals(ConnectionStatus.CONNECTED, client.status())
            val e = assertThrows<ChatException> { client.connect() }
            assertEquals("ALREADY_CONNECTED", e.code)

            client.disconnect()
            assertEquals(ConnectionStatus.PAUSED, client.status())
            val paused = assertThrows<ChatException> { client.getCustomer() }
            assertEquals("NO_CONNECTION", paused.code)

            client.connect()
            events.await<ChatEvent.Connected>()
            assertEquals(ConnectionStatus.CONNECTED, client.status())
            client.destroySdkAsync()
            assertEquals(ConnectionStatus.DESTROYED, client.status())
        }
    }

    @Test
    fun `a server-side disconnect reason reaches the listener`() {
        connected().use { s ->
            emulator.control("disconnect", """{"customer_id":"${s.customerId}","reason":"inactivity_timeout"}""")
            val event = s.events.await<ChatEvent.Disconnected>()
            assertEquals("inactivity_timeout", event.reason)
            // inactivity_timeout waits for connect(); the SDK stays usable.
            s.client.connect()
            s.events.await<ChatEvent.Connected>()
        }
    }
}
