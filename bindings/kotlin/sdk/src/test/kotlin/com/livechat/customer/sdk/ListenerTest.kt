package com.livechat.customer.sdk

import java.util.Collections
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** on / once / off from Kotlin, the Flow adapter, and listeners that throw or call back into the SDK. */
class ListenerTest : EmulatorTest(noBot = true) {
    private fun agentSays(chatId: String, text: String) =
        emulator.agentAction("send_event", """{"chat_id":"$chatId","event":{"type":"message","text":"$text"}}""")

    @Test
    fun `a builder listener sees customer_id first, even with autoConnect`() {
        val seen = java.util.concurrent.LinkedBlockingQueue<ChatEvent>()
        val client = ChatClientBuilder(config(autoConnect = true)).on("*", chatListener { seen.put(it) }).build()
        try {
            val first = seen.poll(HANG_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
            assertTrue(first is ChatEvent.CustomerId, "first event: $first")
            var next = seen.poll(HANG_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
            while (next != null && next !is ChatEvent.Connected) next = seen.poll(HANG_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
            assertEquals((first as ChatEvent.CustomerId).id, (next as ChatEvent.Connected).customer.id)
        } finally {
            client.destroySdk()
            client.close()
        }
    }

    @Test
    fun `once fires once, off stops delivery, other listeners are unaffected`() {
        connected().use { s ->
            val chat = s.client.startChat()
            val onceTexts = CopyOnWriteArrayList<String>()
            val onTexts = CopyOnWriteArrayList<String>()
            s.client.once("incoming_event", chatListener { onceTexts += (it as ChatEvent.IncomingEvent).event.text!! })
            val sub = s.client.on("incoming_event", chatListener { onTexts += (it as ChatEvent.IncomingEvent).event.text!! })

            agentSays(chat.id, "one")
            s.events.await<ChatEvent.IncomingEvent> { it.event.text == "one" }
            agentSays(chat.id, "two")
            s.events.await<ChatEvent.IncomingEvent> { it.event.text == "two" }
            s.client.flushEvents()
            assertTrue(sub.cancel())
            agentSays(chat.id, "three")
            s.events.await<ChatEvent.IncomingEvent> { it.event.text == "three" }
            s.client.flushEvents()

            assertEquals(listOf("one"), onceTexts)
            assertEquals(listOf("one", "two"), onTexts)
        }
    }

    @Test
    fun `a throwing listener is logged, not fatal, and later events still arrive`() {
        connected().use { s ->
            val chat = s.client.startChat()
            s.client.on("incoming_event", chatListener { throw IllegalStateException("host bug") })
            s.client.on("incoming_event", chatListener { throw ChatException.Failed("HOST", "typed host error") })
            agentSays(chat.id, "still alive")
            s.events.await<ChatEvent.IncomingEvent> { it.event.text == "still alive" }
            agentSays(chat.id, "and again")
            s.events.await<ChatEvent.IncomingEvent> { it.event.text == "and again" }
            assertEquals(ConnectionStatus.CONNECTED, s.client.status())
        }
    }

    @Test
    fun `a listener may call blocking SDK methods`() {
        connected().use { s ->
            val chat = s.client.startChat()
            val names = Collections.synchronizedList(mutableListOf<String?>())
            s.client.once("incoming_event", chatListener { names += s.client.getCustomer().id })
            agentSays(chat.id, "ping")
            s.events.await<ChatEvent.IncomingEvent> { it.event.text == "ping" }
            s.client.flushEvents()
            assertEquals(listOf<String?>(s.customerId), names)
        }
    }

    @Test
    fun `events() is a Flow, cancelling the collector unsubscribes`() = runBlocking<Unit> {
        connected().use { s ->
            val chat = s.client.startChat()
            // Unconfined + UNDISPATCHED: collecting (hence `on`) starts before async returns.
            val texts = async(Dispatchers.Unconfined, start = CoroutineStart.UNDISPATCHED) {
                s.client.events("incoming_event").filterIsInstance<ChatEvent.IncomingEvent>().take(3)
                    .toList().map { it.event.text }
            }
            agentSays(chat.id, "a")
            agentSays(chat.id, "b")
            agentSays(chat.id, "c")
            assertEquals(listOf("a", "b", "c"), withTimeout(HANG_SECONDS * 1000) { texts.await() })
            // take(3) completed the flow, which cancelled its subscription: later events reach nobody else.
            agentSays(chat.id, "d")
            s.events.await<ChatEvent.IncomingEvent> { it.event.text == "d" }
        }
    }

    @Test
    fun `many events reach a listener in order on few attached threads`() {
        connected().use { s ->
            val chat = s.client.startChat()
            val threads = Collections.synchronizedSet(mutableSetOf<Long>())
            val texts = CopyOnWriteArrayList<String>()
            s.client.on("incoming_event", chatListener {
                threads += Thread.currentThread().id
                texts += (it as ChatEvent.IncomingEvent).event.text!!
            })
            val expected = (1..50).map { "m$it" }
            expected.forEach { agentSays(chat.id, it) }
            s.events.await<ChatEvent.IncomingEvent> { it.event.text == "m50" }
            s.client.flushEvents()
            assertEquals(expected, texts.toList())
            // Native.detach(false) in chatListener keeps each SDK delivery thread attached: a JVM thread per
            // delivery thread (a client's turns may move between the pool's few threads), not one per event.
            assertTrue(threads.size <= 8, "threads: $threads")
        }
    }
}
