package com.livechat.customer.sdk

import com.sun.jna.Native
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.stateIn

/**
 * A [ChatListener] from a lambda. Events arrive on an SDK delivery thread (a Rust thread), in
 * order: hop to your UI thread yourself.
 *
 * It calls `Native.detach(false)` first: without it JNA attaches and detaches that Rust thread to
 * the JVM on every callback (1,000 events = 1,000 new JVM threads); with it the thread stays
 * attached once (and detached when the SDK ends the thread: after `destroySdk()` of the last
 * client, so `main` returning ends the JVM). Implement [ChatListener] directly only if you do the
 * same.
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

/**
 * The connection state (status and customer id) as a cold, conflated [Flow]: the current state at
 * once, then every change; it completes after [ConnectionStatus.DESTROYED]. Cancelling the
 * collector ends the observation.
 */
fun ChatClient.states(): Flow<ConnectionState> = callbackFlow {
    val subscription = observeState(object : StateObserver {
        override fun onState(state: ConnectionState) {
            Native.detach(false)
            trySend(state)
            if (state.status == ConnectionStatus.DESTROYED) channel.close()
        }
    })
    awaitClose { subscription.cancel() }
}.conflate()

/**
 * The connection state as a [StateFlow] in [scope]: `value` is always where the client stands, so a
 * screen that subscribes late still knows (as Stream's and Twilio's connection state).
 */
fun ChatClient.stateFlow(scope: CoroutineScope): StateFlow<ConnectionState> =
    states().stateIn(scope, SharingStarted.Eagerly, ConnectionState(status(), customerId()))
