package com.livechat.customer.sdk

import com.livechat.customer.sdk.testing.Emulator
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.TestInstance

/** Upper bound for any wait in the tests: it only turns a hang into a failure (no timing assertions). */
const val HANG_SECONDS = 30L

/** One emulator per test class (the test kit's, so classes may run in parallel); [noBot]: no bot agent. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmulatorTest(private val noBot: Boolean = false) {
    lateinit var emulator: Emulator

    @BeforeAll
    fun startEmulator() {
        emulator = Emulator.start(noBot = noBot)
    }

    @AfterAll
    fun stopEmulator() {
        emulator.close()
    }

    /** Demo license 12345 with every origin pointed at the emulator. */
    fun config(autoConnect: Boolean = true) = ChatConfig(
        licenseId = Emulator.LICENSE_ID,
        clientId = "kotlin-tests",
        autoConnect = autoConnect,
        apiOriginDal = emulator.url,
        apiOriginFra = emulator.fraUrl,
        accountsOrigin = emulator.url,
    )

    /** A connected client with a recorder of every event (built with `autoConnect = false`). */
    fun connected(builder: ChatClientBuilder = ChatClientBuilder(config(autoConnect = false))): Session {
        val client = builder.build()
        val events = EventRecorder(client)
        client.connect()
        events.await<ChatEvent.Connected>()
        return Session(client, events)
    }
}

/** A client and its recorded events; `close()` ends the client (`shutdown()`: destroySdk, then close). */
class Session(val client: ChatClient, val events: EventRecorder) : AutoCloseable {
    val customerId: String get() = client.customerId() ?: error("no customer id yet")

    override fun close() = client.shutdown()
}

/** Records every event of a client (`on("*")`) in arrival order. */
class EventRecorder(client: ChatClient) {
    private val queue = LinkedBlockingQueue<ChatEvent>()
    val seen = mutableListOf<ChatEvent>()
    val subscription: Subscription = client.on("*", chatListener { queue.put(it) })

    /** The next recorded event of type [T] matching [predicate]; earlier non-matching ones are kept in [seen]. */
    inline fun <reified T : ChatEvent> await(noinline predicate: (T) -> Boolean = { true }): T =
        awaitMatching(T::class.java, predicate)

    fun <T : ChatEvent> awaitMatching(type: Class<T>, predicate: (T) -> Boolean): T {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS)
        while (true) {
            val left = deadline - System.nanoTime()
            val event = queue.poll(maxOf(left, 0), TimeUnit.NANOSECONDS)
                ?: error("no ${type.simpleName} event within ${HANG_SECONDS}s; seen: ${seen.map { it.toString().take(160) }}")
            seen += event
            if (type.isInstance(event) && predicate(type.cast(event))) return type.cast(event)
        }
    }
}

/** The text of a message event, or null. */
val Event.text: String? get() = (content as? EventContent.Message)?.text
