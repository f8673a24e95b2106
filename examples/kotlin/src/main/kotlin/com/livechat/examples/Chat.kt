package com.livechat.examples

import com.livechat.customer.sdk.*
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/**
 * Connects, listens to events, starts a chat with a message, waits for the agent's answer, sends
 * another message, shows how an error looks, and ends the client. The first argument is the
 * LiveChat origin to use instead of production (here: a local emulator).
 */
fun main(args: Array<String>) = runBlocking {
    val origin = args.firstOrNull()
    val config = ChatConfig(
        licenseId = 12345u,          // your license
        clientId = "my-app",         // your client id (Developer Console)
        apiOriginDal = origin, apiOriginFra = origin?.let { "$it/fra" }, accountsOrigin = origin,
    )
    val agentMessages = Channel<String>(Channel.UNLIMITED)

    // `use {}` ends the client at the end of the block, even on an exception: destroySdk() + close().
    ChatClient(config).use { client ->
        // Events wait for the first listener, so none is missed between ChatClient() and on().
        // Listeners run on an SDK thread, one event at a time, in order: hop to your UI thread there.
        client.on("*", chatListener { event ->
            when (event) {
                is ChatEvent.Connected -> println("connected as ${event.customer.id}")
                is ChatEvent.Disconnected -> println("disconnected: ${event.reason}")
                is ChatEvent.IncomingEvent -> (event.event.content as? EventContent.Message)?.let { message ->
                    println("${event.event.authorId}: ${message.text}")
                    if (event.event.authorId != client.customerId()) agentMessages.trySend(message.text)
                }
                else -> {}
            }
        })

        // The client connects on its own (autoConnect). Wait for it, as observable state.
        withTimeout(15_000) { client.states().first { it.status == ConnectionStatus.CONNECTED } }

        // `...Async` methods suspend; the same methods without `Async` block the calling thread.
        val chat = client.startChatAsync(thread = InitialThread(events = listOf(NewEvent.Message(text = "Hello!"))))
        println("chat ${chat.id} started")
        println("answer: ${withTimeout(15_000) { agentMessages.receive() }}")
        client.sendEventAsync(chat.id, NewEvent.Message(text = "Thanks, bye!"))

        // Errors are ChatException with a stable code; errorCode() gives it as an enum.
        try {
            client.startChatAsync()   // one chat at a time per customer
        } catch (e: ChatException) {
            when (e.errorCode()) {
                is ErrorCode.ChatLimitReached -> println("error ${e.code}: ${e.reason}")
                else -> throw e
            }
        }
    }
    println("done")
}
