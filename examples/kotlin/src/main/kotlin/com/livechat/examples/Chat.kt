package com.livechat.examples

import com.livechat.customer.sdk.ChatClient
import com.livechat.customer.sdk.ChatConfig
import com.livechat.customer.sdk.ChatEvent
import com.livechat.customer.sdk.ChatException
import com.livechat.customer.sdk.CustomerData
import com.livechat.customer.sdk.EventContent
import com.livechat.customer.sdk.InitialThread
import com.livechat.customer.sdk.NewEvent
import com.livechat.customer.sdk.chatListener
import com.livechat.customer.sdk.code
import com.livechat.customer.sdk.reason
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.system.exitProcess
import kotlinx.coroutines.runBlocking

/**
 * A small chat on the Kotlin/JVM binding: connects to a LiveChat emulator (URL as the first
 * argument), then sends each line typed on stdin; the emulator's bot answers. Ctrl-D quits.
 */
fun main(args: Array<String>) = runBlocking {
    val url = args.firstOrNull() ?: "http://127.0.0.1:8080"
    val config = ChatConfig(
        licenseId = 12345u,
        clientId = "kotlin-example",
        autoConnect = false,
        apiOriginDal = url,
        apiOriginFra = "$url/fra",
        accountsOrigin = url,
    )
    val client = ChatClient(config)
    val connected = CountDownLatch(1)
    // Events arrive on an SDK thread, in order; a UI app would hop to its main thread here.
    client.on("*", chatListener { event ->
        when (event) {
            is ChatEvent.Connected -> {
                println("* connected as ${event.customer.id}")
                connected.countDown()
            }
            is ChatEvent.IncomingEvent -> (event.event.content as? EventContent.Message)?.let {
                println("${event.event.authorId}: ${it.text}")
            }
            is ChatEvent.IncomingTypingIndicator ->
                if (event.typingIndicator.isTyping) println("* agent is typing...")
            is ChatEvent.Disconnected -> println("* disconnected: ${event.reason}")
            else -> {}
        }
    })
    client.connectAsync()
    if (!connected.await(15, TimeUnit.SECONDS)) {
        System.err.println("could not connect to $url")
        exitProcess(1)
    }
    try {
        client.updateCustomerAsync(CustomerData(name = "Kotlin example"))
        var chatId: String? = null
        while (true) {
            val text = readlnOrNull()?.trim() ?: break
            if (text.isEmpty()) continue
            val message = NewEvent.Message(text = text)
            chatId = chatId?.also { client.sendEventAsync(it, message) }
                ?: client.startChatAsync(thread = InitialThread(events = listOf(message))).id
        }
    } catch (e: ChatException) {
        println("error ${e.code}: ${e.reason}")
    } finally {
        client.destroySdk()
        client.close()
    }
}
