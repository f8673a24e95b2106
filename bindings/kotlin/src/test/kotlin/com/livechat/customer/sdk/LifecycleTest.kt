package com.livechat.customer.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** init / on / destroy without a server: argument checks and the destroyed state, as typed exceptions. */
class LifecycleTest {
    private fun config(clientId: String = "test-client") =
        ChatConfig(licenseId = 12345u, clientId = clientId, autoConnect = false)

    @Test
    fun `init rejects an empty clientId with INVALID_ARGUMENT`() {
        val e = assertThrows<ChatException> { ChatClient.init(config(clientId = "")) }
        assertEquals("INVALID_ARGUMENT", e.code)
        assertTrue(e.reason.isNotBlank())
    }

    @Test
    fun `destroy cancels subscriptions and later calls fail with SDK_DESTROYED`() {
        ChatClient.init(config()).use { client ->
            val subscription = client.on(chatListener { })
            assertTrue(subscription.isActive())
            client.destroySdk()
            assertFalse(subscription.isActive())
            val e = assertThrows<ChatException> { client.on(chatListener { }) }
            assertEquals("SDK_DESTROYED", e.code)
            client.destroySdk() // idempotent
        }
    }

    @Test
    fun `suspend destroy works from a coroutine`() = runBlocking {
        ChatClient.init(config()).use { client ->
            client.destroySdkAsync()
            val e = assertThrows<ChatException> { client.on(chatListener { }) }
            assertEquals("SDK_DESTROYED", e.code)
        }
    }
}
