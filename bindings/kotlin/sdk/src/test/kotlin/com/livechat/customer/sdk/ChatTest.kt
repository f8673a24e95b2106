package com.livechat.customer.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Chats, events, properties, rating, seen markers: suspend and blocking forms against the emulator (bot on). */
class ChatTest : EmulatorTest() {
    @Test
    fun `startChat with a message, the bot answers, sendEvent returns the stored event`() = runBlocking<Unit> {
        connected().use { s ->
            val chat = s.client.startChatAsync(thread = InitialThread(events = listOf(NewEvent.Message(text = "Hello"))))
            val thread = checkNotNull(chat.thread)
            assertTrue(thread.active)
            assertEquals("Hello", thread.events.single().text)
            assertTrue(chat.users.any { it is User.CustomerUser && it.id == s.customerId })

            // The bot: typing indicator, then a reply in the same chat.
            s.events.await<ChatEvent.IncomingTypingIndicator> { it.chatId == chat.id }
            val reply = s.events.await<ChatEvent.IncomingEvent> { it.chatId == chat.id && it.event.authorId != s.customerId }
            assertNotNull(reply.event.text)

            val sent = s.client.sendEvent(chat.id, NewEvent.Message(text = "Thanks!", customId = "c-1"))
            assertEquals("Thanks!", sent.text)
            assertEquals("c-1", sent.customId)
            assertEquals(s.customerId, sent.authorId)
            assertEquals(thread.id, sent.threadId)

            val fetched = s.client.getChatAsync(chat.id)
            assertTrue(fetched.thread!!.events.any { it.id == sent.id })
            val list = s.client.listChats()
            assertEquals(1uL, list.totalChats)
            assertEquals(chat.id, list.chatsSummary.single().id)
            val threads = s.client.listThreadsAsync(chat.id, sortOrder = SortOrder.DESC, limit = 5u)
            assertEquals(thread.id, threads.threads.first().id)
        }
    }

    @Test
    fun `a second startChat fails with CHAT_LIMIT_REACHED, deactivate then resume works`() = runBlocking<Unit> {
        connected().use { s ->
            val chat = s.client.startChatAsync()
            val limit = assertThrows<ChatException> { s.client.startChatAsync() }
            assertEquals("CHAT_LIMIT_REACHED", limit.code)

            // Settled by the chat_deactivated push-response, which (as in the JS SDK) is not re-emitted.
            s.client.deactivateChatAsync(chat.id)
            assertFalse(s.client.getChat(chat.id).thread!!.active)
            val resumed = s.client.resumeChat(chat.id)
            assertEquals(chat.id, resumed.id)
            assertTrue(resumed.thread!!.active)
            assertTrue(resumed.thread!!.id != chat.thread!!.id, "a new thread")
            val again = assertThrows<ChatException> { s.client.resumeChat(chat.id) }
            assertEquals("CHAT_ALREADY_ACTIVE", again.code)
        }
    }

    @Test
    fun `chat, thread and event properties round-trip as JSON text and emit their events`() = runBlocking<Unit> {
        connected().use { s ->
            val chat = s.client.startChatAsync(thread = InitialThread(events = listOf(NewEvent.Message(text = "props"))))
            val threadId = chat.thread!!.id
            val eventId = chat.thread!!.events.single().id

            s.client.updateChatPropertiesAsync(chat.id, """{"routing":{"priority":"high"}}""")
            val updated = s.events.await<ChatEvent.ChatPropertiesUpdated> { it.chatId == chat.id }
            assertTrue(updated.properties.contains("\"priority\":\"high\""), updated.properties)
            assertTrue(s.client.getChat(chat.id).properties.contains("\"high\""))

            s.client.updateThreadProperties(chat.id, threadId, """{"routing":{"score":3}}""")
            s.events.await<ChatEvent.ThreadPropertiesUpdated> { it.threadId == threadId }
            s.client.updateEventPropertiesAsync(chat.id, threadId, eventId, """{"routing":{"flag":true}}""")
            s.events.await<ChatEvent.EventPropertiesUpdated> { it.eventId == eventId }

            s.client.deleteChatPropertiesAsync(chat.id, mapOf("routing" to listOf("priority")))
            val deleted = s.events.await<ChatEvent.ChatPropertiesDeleted> { it.chatId == chat.id }
            assertEquals(listOf("priority"), deleted.properties["routing"])
            s.client.deleteThreadProperties(chat.id, threadId, mapOf("routing" to listOf("score")))
            s.events.await<ChatEvent.ThreadPropertiesDeleted> { it.threadId == threadId }
            s.client.deleteEventProperties(chat.id, threadId, eventId, mapOf("routing" to listOf("flag")))
            s.events.await<ChatEvent.EventPropertiesDeleted> { it.eventId == eventId }

            val bad = assertThrows<ChatException> { s.client.updateChatProperties(chat.id, "{not json") }
            assertEquals("VALIDATION", bad.code)
        }
    }

    @Test
    fun `rateChat and cancelRate update the thread's rating, markEventsAsSeen is acknowledged`() = runBlocking<Unit> {
        connected().use { s ->
            val chat = s.client.startChatAsync(thread = InitialThread(events = listOf(NewEvent.Message(text = "rate me"))))
            s.client.rateChatAsync(chat.id, 1u, "great")
            val rated = s.events.await<ChatEvent.ThreadPropertiesUpdated> { it.chatId == chat.id }
            assertTrue(rated.properties.contains("\"score\":1"), rated.properties)
            s.client.cancelRate(chat.id)
            val cancelled = s.events.await<ChatEvent.ThreadPropertiesDeleted> { it.chatId == chat.id }
            assertEquals(listOf("score"), cancelled.properties["rating"])

            val last = chat.thread!!.events.last()
            s.client.markEventsAsSeenAsync(chat.id, last.createdAt)
            val seen = s.events.await<ChatEvent.EventsMarkedAsSeen> { it.chatId == chat.id }
            assertEquals(s.customerId, seen.userId)
        }
    }

    @Test
    fun `rateChat on a chat without threads fails with a typed error`() = runBlocking<Unit> {
        connected().use { s ->
            val e = assertThrows<ChatException> { s.client.rateChatAsync("NO_SUCH_CHAT", 0u) }
            assertFalse(e.code.isBlank())
            assertTrue(e.code == "MISSING_CHAT_THREAD" || e.code == "NOT_FOUND", e.code)
        }
    }

    @Test
    fun `agent messages and typing indicators from the Agent API arrive as typed events`() {
        connected().use { s ->
            val chat = s.client.startChat(thread = InitialThread(events = listOf(NewEvent.Message(text = "agent?"))))
            emulator.agentAction("send_event", """{"chat_id":"${chat.id}","event":{"type":"message","text":"Hi from Jane"}}""")
            val fromJane = s.events.await<ChatEvent.IncomingEvent> { it.event.text == "Hi from Jane" }
            assertEquals(chat.id, fromJane.chatId)
            assertEquals("jane@emulator.local", fromJane.event.authorId)
        }
    }
}
