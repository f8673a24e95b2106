package com.livechat.customer.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Host-implemented token retrieval (the WebView / own-login case) replacing the built-in cookie grant. */
class TokenProviderTest : EmulatorTest() {
    @Test
    fun `the SDK connects with tokens the host obtained itself`() = runBlocking<Unit> {
        val tokens = EmulatorTokens(emulator)
        connected(ChatClientBuilder(config(autoConnect = false)).tokenProvider(tokens)).use { s ->
            assertTrue(tokens.calls.get() >= 1)
            val token = s.client.getTokenAsync()
            assertEquals(s.customerId, token.entityId)
            val chat = s.client.startChatAsync()
            assertTrue(chat.users.any { it.id() == s.customerId })
        }
    }

    @Test
    fun `an expired token is invalidated and fetched again`() {
        val tokens = EmulatorTokens(emulator)
        connected(ChatClientBuilder(config(autoConnect = false)).tokenProvider(tokens)).use { s ->
            val before = tokens.calls.get()
            emulator.control("expire_token", """{"customer_id":"${s.customerId}"}""")
            assertEquals("access_token_expired", s.events.await<ChatEvent.Disconnected>().reason)
            s.events.await<ChatEvent.Connected>()
            assertTrue(tokens.invalidations.get() >= 1, "invalidate() called")
            assertTrue(tokens.calls.get() > before, "a new token was requested")
        }
    }

    @Test
    fun `a provider that throws makes getToken fail with the provider's code, the SDK survives`() = runBlocking<Unit> {
        val failing = object : TokenProvider {
            override suspend fun getToken(): CustomerToken = throw ChatException.Failed("AUTHENTICATION", "user logged out")
            override suspend fun invalidate() {}
        }
        ChatClientBuilder(config(autoConnect = false)).tokenProvider(failing).build().use { client ->
            val e = assertThrows<ChatException> { client.getTokenAsync() }
            assertEquals("AUTHENTICATION", e.code)
            val untyped = object : TokenProvider {
                override suspend fun getToken(): CustomerToken = throw IllegalStateException("bug in host code")
                override suspend fun invalidate() {}
            }
            ChatClientBuilder(config(autoConnect = false)).tokenProvider(untyped).build().use { other ->
                val e2 = assertThrows<ChatException> { other.getToken() }
                assertTrue(e2.code.isNotBlank())
                other.destroySdk()
            }
            client.destroySdk()
        }
    }

    @Test
    fun `a customer data provider is asked at login`() {
        val provider = object : CustomerDataProvider {
            override fun customerData(): CustomerData =
                CustomerData(name = "Kotlin Tester", email = "kt@example.com", sessionFields = listOf(SessionField("plan", "pro")))
        }
        connected(ChatClientBuilder(config(autoConnect = false)).customerDataProvider(provider)).use { s ->
            val customer = s.client.getCustomer()
            assertEquals("Kotlin Tester", customer.name)
            assertEquals("kt@example.com", customer.email)
            assertEquals("pro", customer.sessionFields["plan"])
        }
    }
}

private fun User.id(): String = when (this) {
    is User.CustomerUser -> id
    is User.AgentUser -> id
}
