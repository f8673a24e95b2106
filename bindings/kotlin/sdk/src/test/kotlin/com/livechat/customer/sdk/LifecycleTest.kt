package com.livechat.customer.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** init argument checks, subscriptions and the destroyed state, as typed exceptions with codes. */
class LifecycleTest : EmulatorTest() {
    @Test
    fun `init rejects bad options with VALIDATION`() {
        val noClient = assertThrows<ChatException> { ChatClient.init(config(autoConnect = false).copy(clientId = "")) }
        assertEquals("VALIDATION", noClient.code)
        assertTrue(noClient.reason.isNotBlank())
        val badRegion = assertThrows<ChatException> { ChatClient.init(config(autoConnect = false).copy(region = "mars")) }
        assertEquals("VALIDATION", badRegion.code)
        val insecure = assertThrows<ChatException> {
            ChatClient.init(config(autoConnect = false).copy(apiOriginDal = "http://example.com"))
        }
        assertEquals("VALIDATION", insecure.code)
    }

    @Test
    fun `subscriptions cancel once, destroy makes later calls fail with SDK_DESTROYED`() {
        ChatClient.init(config(autoConnect = false)).use { client ->
            val subscription = client.on("incoming_event", chatListener { })
            assertTrue(subscription.cancel())
            assertFalse(subscription.cancel(), "second cancel is a no-op")
            val other = client.once("connected", chatListener { })
            assertTrue(client.off(other))

            client.destroySdk()
            assertEquals(ConnectionStatus.DESTROYED, client.status())
            val e = assertThrows<ChatException> { client.getCustomer() }
            assertEquals("SDK_DESTROYED", e.code)
            client.destroySdk() // idempotent
        }
    }

    @Test
    fun `unknown event names are rejected`() {
        ChatClient.init(config(autoConnect = false)).use { client ->
            val e = assertThrows<ChatException> { client.on("no_such_event", chatListener { }) }
            assertEquals("VALIDATION", e.code)
            client.destroySdk()
        }
    }

    @Test
    fun `suspend destroy works from a coroutine`() = runBlocking<Unit> {
        ChatClient.init(config(autoConnect = false)).use { client ->
            client.destroySdkAsync()
            val e = assertThrows<ChatException> { client.getCustomerAsync() }
            assertEquals("SDK_DESTROYED", e.code)
        }
    }

    @Test
    fun `the documented error codes are exported`() {
        val codes = errorCodes()
        for (code in listOf("SDK_DESTROYED", "NO_CONNECTION", "CONNECTION_LOST", "GROUP_OFFLINE", "TOO_BIG_FILE")) {
            assertTrue(code in codes, code)
        }
    }
}
