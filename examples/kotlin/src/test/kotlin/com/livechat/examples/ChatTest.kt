package com.livechat.examples

import com.livechat.customer.sdk.*
import com.livechat.customer.sdk.testing.Emulator
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class ChatTest {
    /** The next event of type [T]; earlier ones are skipped. The timeout only turns a hang into a failure. */
    private inline fun <reified T : ChatEvent> LinkedBlockingQueue<ChatEvent>.next(): T {
        while (true) {
            val event = poll(30, TimeUnit.SECONDS) ?: error("no ${T::class.simpleName} within 30 s")
            if (event is T) return event
        }
    }

    @Test
    fun `the agent's message reaches the app, and a dropped connection comes back`() {
        Emulator.start(noBot = true).use { emulator ->
            val config = ChatConfig(
                licenseId = Emulator.LICENSE_ID, clientId = "my-tests",
                apiOriginDal = emulator.url, apiOriginFra = emulator.fraUrl, accountsOrigin = emulator.url,
            )
            ChatClient(config).use { client ->
                val events = LinkedBlockingQueue<ChatEvent>()
                client.on("*", chatListener { events.put(it) })
                val customerId = events.next<ChatEvent.Connected>().customer.id

                val chat = client.startChat()
                emulator.agentSendMessage(chat.id, "Hi, Jane here")
                val message = events.next<ChatEvent.IncomingEvent>().event
                assertEquals("Hi, Jane here", (message.content as EventContent.Message).text)

                emulator.dropConnections(customerId)
                assertEquals("connection_lost", events.next<ChatEvent.Disconnected>().reason)
                events.next<ChatEvent.Connected>()
            }
        }
    }
}
