package com.livechat.customer.sdk.usage

// An app's view: another package, the SDK imported with a star, so `use` must resolve to the SDK's
// teardown (destroySdk + close), not to the standard AutoCloseable.use (close only).
import com.livechat.customer.sdk.*
import com.livechat.customer.sdk.testing.Emulator
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/**
 * `use {}` and `shutdown()` end a client: its socket closes although a [Subscription] still holds the
 * SDK instance (with `close()` alone it would stay open), and its handle is freed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UseIdiomTest {
    private val emulator = Emulator.start(noBot = true)

    @AfterAll
    fun stop() = emulator.close()

    private fun config() = ChatConfig(
        licenseId = Emulator.LICENSE_ID, clientId = "use-idiom",
        apiOriginDal = emulator.url, apiOriginFra = emulator.fraUrl, accountsOrigin = emulator.url,
    )

    private fun LinkedBlockingQueue<ChatEvent>.awaitConnected() {
        while (true) {
            val event = poll(30, TimeUnit.SECONDS) ?: error("not connected within 30 s")
            if (event is ChatEvent.Connected) return
        }
    }

    /** Waits until the emulator has no customer socket open (the timeout only turns a hang into a failure). */
    private fun awaitNoSocket() {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
        while (emulator.openSockets() != 0) {
            check(System.nanoTime() < deadline) { "a socket is still open after 30 s: ${emulator.state()}" }
            Thread.sleep(10)
        }
    }

    @Test
    fun `use {} closes the connection and frees the handle, though a subscription holds the client`() {
        val client = ChatClient(config())
        val events = LinkedBlockingQueue<ChatEvent>()
        val subscription = client.use { c ->
            c.on("*", chatListener { events.put(it) }).also {
                events.awaitConnected()
                assertEquals(1, emulator.openSockets())
            }
        }
        awaitNoSocket()
        assertThrows<IllegalStateException> { client.status() }
        subscription.cancel() // still callable; the client behind it is gone
    }

    @Test
    fun `use {} ends the client when the block throws, and keeps the block's exception`() {
        val client = ChatClient(config())
        val events = LinkedBlockingQueue<ChatEvent>()
        val subscription = client.on("*", chatListener { events.put(it) })
        events.awaitConnected()
        val bug = IllegalArgumentException("app bug")
        val thrown = assertThrows<IllegalArgumentException> {
            client.use { throw bug }
        }
        assertSame(bug, thrown)
        assertEquals(0, thrown.suppressed.size, "destroySdk did not fail")
        awaitNoSocket()
        assertThrows<IllegalStateException> { client.status() }
        subscription.cancel()
    }

    @Test
    fun `shutdown() is the same end outside a block, and may be repeated`() {
        val client = ChatClient(config())
        val events = LinkedBlockingQueue<ChatEvent>()
        val subscription = client.on("*", chatListener { events.put(it) })
        events.awaitConnected()
        client.shutdown()
        awaitNoSocket()
        client.shutdown()
        assertThrows<IllegalStateException> { client.status() }
        subscription.cancel()
    }
}
