package com.livechat.customer.sdk

/**
 * Runs [block] with this client, then ends it for good, whether [block] returns or throws:
 * [shutdown] = `destroySdk()` (closes the connection, fails calls still in flight with
 * `SDK_DESTROYED`, releases the listeners; the SDK's threads end with the last client) then
 * `close()` (frees the native handle).
 *
 * This is the teardown idiom. It takes the place of the standard `AutoCloseable.use` when this
 * package is imported (`import com.livechat.customer.sdk.*` or `import com.livechat.customer.sdk.use`):
 * the generated `ChatClient.close()` only frees the native handle (UniFFI's own `destroy()`), which
 * leaves the connection open while a listener or a [Subscription] still holds the SDK instance.
 */
inline fun <R> ChatClient.use(block: (ChatClient) -> R): R {
    var failure: Throwable? = null
    try {
        return block(this)
    } catch (e: Throwable) {
        failure = e
        throw e
    } finally {
        shutdownAfter(failure)
    }
}

/**
 * Ends this client for good: `destroySdk()` then `close()` (the latter even if the former throws).
 * What [use] does at the end of its block; call it where a client's lifetime is not one block
 * (`onDestroy`, `ViewModel.onCleared`). Idempotent. It blocks while the connection closes (at most
 * about half a second on a dead network): on Android's main thread call it from a background
 * thread, or use `destroySdkAsync()` then `close()` in a coroutine.
 */
fun ChatClient.shutdown() = shutdownAfter(null)

/** [shutdown], adding its own failure to [failure] (the block's) instead of hiding it. */
@PublishedApi
internal fun ChatClient.shutdownAfter(failure: Throwable?) {
    try {
        destroySdk()
    } catch (e: Throwable) {
        // "ChatClient object has already been destroyed": close() came first; nothing is left to reach.
        val handleFreed = e is IllegalStateException && e.message.orEmpty().contains("already been destroyed")
        if (!handleFreed) {
            if (failure == null) throw e
            failure.addSuppressed(e)
        }
    } finally {
        close()
    }
}
