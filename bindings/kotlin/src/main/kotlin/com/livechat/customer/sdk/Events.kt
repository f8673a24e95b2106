package com.livechat.customer.sdk

import com.sun.jna.Native
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow

/**
 * A [ChatListener] from a lambda. Events arrive on the SDK's dispatcher thread (a Rust thread), in
 * order: hop to your UI thread yourself.
 *
 * It calls `Native.detach(false)` first: without it JNA attaches and detaches that Rust thread to
 * the JVM on every callback (1,000 events = 1,000 new JVM threads); with it the thread stays
 * attached once. Implement [ChatListener] directly only if you do the same.
 */
fun chatListener(block: (ChatEvent) -> Unit): ChatListener = object : ChatListener {
    override fun onEvent(event: ChatEvent) {
        Native.detach(false)
        block(event)
    }
}

/**
 * The events of this client as a cold [Flow]: collecting subscribes (`on(eventName, ...)`; `"*"`,
 * the default, is every event), cancelling the collector unsubscribes (`off`). Buffered without
 * limit so the SDK thread never waits on a slow collector; events are never dropped.
 */
fun ChatClient.events(eventName: String = "*"): Flow<ChatEvent> = callbackFlow {
    val subscription = on(eventName, chatListener { trySend(it) })
    awaitClose { subscription.cancel() }
}.buffer(Channel.UNLIMITED)
