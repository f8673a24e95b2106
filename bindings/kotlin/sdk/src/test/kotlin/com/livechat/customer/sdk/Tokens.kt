package com.livechat.customer.sdk

import com.livechat.customer.sdk.testing.Emulator
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext

/**
 * A host-side [TokenProvider], as an app with its own login (or a WebView) would have: it gets the
 * token itself, here from the emulator's cookie-grant endpoint over Java's HTTP client, so the SDK's
 * built-in token flow is not involved. Like a browser it keeps the grant's cookies (one customer
 * identity) and caches the token until the SDK calls [invalidate].
 */
class EmulatorTokens(
    private val emulator: Emulator,
    private val before: () -> Unit = {},
) : TokenProvider {
    /** Token fetches from the endpoint (cache misses). */
    val calls = AtomicInteger()
    val invalidations = AtomicInteger()
    private val http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
    @Volatile private var cookies: List<String> = emptyList()
    @Volatile private var cached: CustomerToken? = null

    private val single = Mutex()

    // Single-flight: the SDK may ask concurrently (init's check_goals and connect); two grants without
    // the first one's cookies would be two different customers.
    override suspend fun getToken(): CustomerToken = single.withLock { cached ?: fetch().also { cached = it } }

    override suspend fun invalidate() {
        invalidations.incrementAndGet()
        cached = null
    }

    private suspend fun fetch(): CustomerToken = withContext(Dispatchers.IO) {
        calls.incrementAndGet()
        before()
        val body = """{"grant_type":"cookie","client_id":"kotlin-tests","response_type":"token","license_id":12345}"""
        val request = HttpRequest.newBuilder(URI.create("${emulator.url}/customer/token"))
            .timeout(Duration.ofSeconds(HANG_SECONDS))
            .header("Content-Type", "application/json")
            .apply { if (cookies.isNotEmpty()) header("Cookie", cookies.joinToString("; ")) }
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        response.headers().allValues("set-cookie").takeIf { it.isNotEmpty() }?.let { set ->
            cookies = set.map { it.substringBefore(';') }
        }
        if (response.statusCode() != 200) {
            throw ChatException.Failed("AUTHENTICATION", "token endpoint answered ${response.statusCode()}")
        }
        val json = response.body()
        fun field(name: String) = Regex("\"$name\"\\s*:\\s*\"?([^\",}]+)").find(json)?.groupValues?.get(1)
            ?: throw ChatException.Failed("BAD_RESPONSE", "no $name in token reply")
        CustomerToken(
            accessToken = field("access_token"),
            entityId = field("entity_id"),
            expiresIn = field("expires_in").toULong() * 1000u,
            tokenType = field("token_type"),
            creationDate = System.currentTimeMillis().toULong(),
            licenseId = field("license_id").toULong(),
        )
    }
}
