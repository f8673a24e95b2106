package com.livechat.customer.sdk

import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * The `livechat-emulator` binary, started on an ephemeral port (one per test class, so classes can
 * run in parallel). Its path comes from the `livechat.emulator` system property (set by the pom).
 */
class Emulator private constructor(
    private val process: Process,
    val url: String,
    /** Bearer token of the agent Jane on the Agent API (random, printed by the emulator). */
    val agentToken: String,
    /** Bearer token of the control API (random, printed by the emulator). */
    private val controlToken: String,
) : AutoCloseable {
    private val http: HttpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()

    /** Origin of the `fra` region API. */
    val fraUrl: String get() = "$url/fra"

    /**
     * Calls the control API (`POST /emulator/<op>`) and returns the JSON reply text. A 4xx/5xx reply
     * fails the test: control calls are test set-up, not the thing under test.
     */
    fun control(op: String, body: String = "{}"): String {
        val request = HttpRequest.newBuilder(URI.create("$url/emulator/$op"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer $controlToken")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "control $op -> ${response.statusCode()}: ${response.body()}" }
        return response.body()
    }

    /** Calls the Agent API (`POST /v3.3/agent/action/<action>`) as the default agent (Jane). */
    fun agentAction(action: String, body: String): String {
        val request = HttpRequest.newBuilder(URI.create("$url/v3.3/agent/action/$action"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer $agentToken")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "agent $action -> ${response.statusCode()}: ${response.body()}" }
        return response.body()
    }

    override fun close() {
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly()
    }

    companion object {
        private val LISTENING = Regex("""listening on (http://127\.0\.0\.1:\d+)""")
        private val TOKEN = Regex("""(agent|control) token: (\S+)""")

        /**
         * Starts the emulator (`extraArgs`: e.g. `--config`), waiting for its "listening on" line; the
         * "agent token:" and "control token:" lines come before it.
         */
        fun start(vararg extraArgs: String): Emulator {
            val binary = System.getProperty("livechat.emulator")
                ?: error("system property livechat.emulator is not set (run through Maven)")
            check(File(binary).canExecute()) { "emulator binary not found: $binary (cargo build --release first)" }
            val log = File.createTempFile("livechat-emulator-", ".log")
            val process = ProcessBuilder(listOf(binary, "--listen", "127.0.0.1:0") + extraArgs)
                .redirectError(ProcessBuilder.Redirect.appendTo(log))
                .start()
            val tokens = mutableMapOf<String, String>()
            val firstLine = CompletableFuture.supplyAsync {
                process.inputStream.bufferedReader().let { reader ->
                    generateSequence { reader.readLine() }
                        .onEach { line -> TOKEN.find(line)?.let { tokens[it.groupValues[1]] = it.groupValues[2] } }
                        .firstNotNullOfOrNull { LISTENING.find(it) }
                        ?.groupValues?.get(1)
                        .also { Thread { reader.forEachLine { } }.apply { isDaemon = true }.start() }
                }
            }
            // The timeout only turns a hung start into a failure; it is not a timing assertion.
            val url = try {
                firstLine.get(60, TimeUnit.SECONDS)
            } catch (e: Exception) {
                null
            }
            val agentToken = tokens["agent"]
            val controlToken = tokens["control"]
            if (url == null || agentToken == null || controlToken == null) {
                process.destroyForcibly()
                error("emulator did not report its address and tokens; stderr in ${log.path}: ${log.readText().takeLast(2000)}")
            }
            return Emulator(process, url, agentToken, controlToken)
        }
    }
}
