package com.livechat.customer.sdk.testing

import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.StandardCopyOption
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * A local LiveChat emulator (the `livechat-emulator` binary) for your own tests: the Customer Chat
 * API, the customer token endpoint, an Agent API subset (act as the agent Jane) and fault controls,
 * on one ephemeral port of 127.0.0.1, with no network access.
 *
 * ```kotlin
 * Emulator.start().use { emulator ->
 *     val config = ChatConfig(
 *         licenseId = Emulator.LICENSE_ID, clientId = "my-tests",
 *         apiOriginDal = emulator.url, apiOriginFra = emulator.fraUrl, accountsOrigin = emulator.url,
 *     )
 *     ...
 * }
 * ```
 *
 * Every start is a new emulator with its own state (one per test class is a good fit). The binary
 * is found as described in [binary]. Calls here block the calling thread (plain HTTP to
 * 127.0.0.1); a control or agent call the emulator refuses throws [IllegalStateException] with its
 * reply, so test set-up errors are loud.
 */
class Emulator private constructor(
    private val process: Process,
    /** Origin of region `dal` (the default), of the token endpoint (`accountsOrigin`) and of the control API. */
    val url: String,
    /** Bearer token of the agent Jane (`jane@emulator.local`) on the Agent API; random per start. */
    val agentToken: String,
    private val controlToken: String,
    private val log: File,
) : AutoCloseable {
    private val http: HttpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()

    /** Origin of region `fra` (`apiOriginFra`). */
    val fraUrl: String get() = "$url/fra"

    /**
     * Calls the control API (`POST /emulator/<op>`, body JSON text) and returns the JSON reply text.
     * The typed helpers below cover the usual ops; see the emulator's README for every op.
     */
    fun control(op: String, body: String = "{}"): String = post("/emulator/$op", controlToken, body, "control $op")

    /** Calls the Agent API (`POST /v3.3/agent/action/<action>`) as the agent Jane; returns the JSON reply text. */
    fun agentAction(action: String, body: String): String =
        post("/v3.3/agent/action/$action", agentToken, body, "agent $action")

    // ----- the agent side -------------------------------------------------------------------

    /** The agent Jane sends a message to a chat (the customer gets `incoming_event`). */
    fun agentSendMessage(chatId: String, text: String): String =
        agentAction("send_event", """{"chat_id":${json(chatId)},"event":{"type":"message","text":${json(text)}}}""")

    /** The agent Jane starts or stops typing in a chat (the customer gets `incoming_typing_indicator`). */
    fun agentTyping(chatId: String, isTyping: Boolean = true): String =
        agentAction("send_typing_indicator", """{"chat_id":${json(chatId)},"is_typing":$isTyping}""")

    /** The agent Jane closes the chat's thread (the customer gets `chat_deactivated`). */
    fun agentDeactivateChat(chatId: String): String = agentAction("deactivate_chat", """{"id":${json(chatId)}}""")

    /** Turns the bot agent (answers every customer message: typing indicator, then a reply) on or off. */
    fun setBot(enabled: Boolean): String = control("bot", """{"enabled":$enabled}""")

    // ----- faults ---------------------------------------------------------------------------

    /**
     * Pushes `customer_disconnected` with [reason] (e.g. `"inactivity_timeout"`, `"identity_mismatch"`)
     * to every connection of the customer, then closes them: the SDK emits `disconnected` with it.
     */
    fun disconnect(customerId: String, reason: String): String =
        control("disconnect", """{"customer_id":${json(customerId)},"reason":${json(reason)}}""")

    /** Drops the customer's sockets without a close frame (a network loss: `connection_lost`, reconnect). */
    fun dropConnections(customerId: String): String = control("drop", """{"customer_id":${json(customerId)}}""")

    /** Expires the customer's tokens and disconnects with `access_token_expired` (the SDK gets a new token). */
    fun expireToken(customerId: String): String = control("expire_token", """{"customer_id":${json(customerId)}}""")

    /**
     * The next [count] requests of [action] (`"start_chat"`, `"send_event"`, `"login"`...) fail with the
     * error [type] (`"internal"`, `"group_offline"`... the SDK reports it as the upper-case code).
     */
    fun failNext(action: String, type: String, count: Int = 1, message: String? = null): String {
        val error = if (message == null) """{"type":${json(type)}}""" else """{"type":${json(type)},"message":${json(message)}}"""
        return control("fail", """{"action":${json(action)},"count":$count,"error":$error}""")
    }

    /** Delays the replies to [action] by [millis] (0 clears); from 15 s on the SDK sees `REQUEST_TIMEOUT`. */
    fun delay(action: String, millis: Long): String = control("delay", """{"action":${json(action)},"ms":$millis}""")

    /** Sets a group `"online"`, `"offline"` or `"online_for_queue"` (group 0 is the default group). */
    fun setGroupStatus(groupId: Int, status: String): String =
        control("group_status", """{"group_id":$groupId,"status":${json(status)}}""")

    /** Clears every [failNext] and [delay]. */
    fun resetFaults(): String = control("reset")

    /** The emulator's counters as JSON text (`customers`, `connections`, `chats`...). */
    fun state(): String = control("state")

    /**
     * The customer sockets open now, closing ones included (`sockets` of [state]): 0 once every
     * client has closed its connection (e.g. after `shutdown()`).
     */
    fun openSockets(): Int = Regex(""""sockets"\s*:\s*(\d+)""").find(state())?.groupValues?.get(1)?.toInt()
        ?: error("no sockets count in the emulator state")

    /** Stops it when the JVM ends without [close] (a test that forgot, a failing run). */
    private val stopAtExit = Thread { process.destroyForcibly() }.also { Runtime.getRuntime().addShutdownHook(it) }

    /** Stops the emulator (idempotent): the SDK's connections to it drop. */
    override fun close() {
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly()
        log.delete()
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit)
        } catch (e: IllegalStateException) {
            // The JVM is already shutting down: the hook runs anyway, harmlessly.
        }
    }

    private fun post(path: String, token: String, body: String, what: String): String {
        val request = HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer $token")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "$what -> ${response.statusCode()}: ${response.body()}" }
        return response.body()
    }

    companion object {
        /** The emulator's demo license (region `dal`, groups 0 and 1 online, agents Jane and the bot). */
        const val LICENSE_ID: ULong = 12345u

        /** System property naming the emulator binary (first place [binary] looks). */
        const val PROPERTY = "livechat.emulator"

        /** Environment variable naming the emulator binary (second place [binary] looks). */
        const val ENV = "LIVECHAT_EMULATOR"

        private val LISTENING = Regex("""listening on (http://127\.0\.0\.1:\d+)""")
        private val TOKEN = Regex("""(agent|control) token: (\S+)""")

        /**
         * Starts an emulator on an ephemeral port and returns once it accepts connections.
         * [noBot]: no bot agent (exact event sequences); [configFile]: an emulator config (TOML);
         * [extraArgs]: more `livechat-emulator` flags.
         */
        @JvmStatic
        @JvmOverloads
        fun start(noBot: Boolean = false, configFile: File? = null, extraArgs: List<String> = emptyList()): Emulator {
            val args = buildList {
                if (noBot) add("--no-bot")
                if (configFile != null) addAll(listOf("--config", configFile.path))
                addAll(extraArgs)
            }
            return launch(binary(), args)
        }

        /**
         * The `livechat-emulator` binary, the first of:
         * 1. the system property `livechat.emulator` (a path),
         * 2. the environment variable `LIVECHAT_EMULATOR` (a path),
         * 3. the binary bundled in this jar for the running platform (`linux-x86-64`, `linux-aarch64`
         *    when built), copied once per JVM to a temporary file,
         * 4. `livechat-emulator` on the `PATH`.
         */
        @JvmStatic
        fun binary(): File {
            System.getProperty(PROPERTY)?.takeIf { it.isNotBlank() }?.let { return executable(File(it), "-D$PROPERTY") }
            System.getenv(ENV)?.takeIf { it.isNotBlank() }?.let { return executable(File(it), "\$$ENV") }
            bundled?.let { return it }
            System.getenv("PATH").orEmpty().split(File.pathSeparator).filter { it.isNotEmpty() }
                .map { File(it, "livechat-emulator") }.firstOrNull { it.canExecute() }?.let { return it }
            error(
                "livechat-emulator not found: set -D$PROPERTY=/path or \$$ENV, or put it on the PATH " +
                    "(this jar bundles it for ${bundledPlatforms()} only; running on ${platform()})",
            )
        }

        private fun executable(file: File, from: String): File {
            check(file.canExecute()) { "$from names $file, which is not an executable file" }
            return file
        }

        /** JNA's spelling of the running platform, as the resource folder of the bundled binary. */
        private fun platform(): String {
            val os = System.getProperty("os.name").lowercase()
            val arch = when (val a = System.getProperty("os.arch").lowercase()) {
                "amd64", "x86_64" -> "x86-64"
                "aarch64", "arm64" -> "aarch64"
                else -> a
            }
            return if (os.startsWith("linux")) "linux-$arch" else "$os-$arch"
        }

        private fun bundledPlatforms(): List<String> = listOf("linux-x86-64", "linux-aarch64")
            .filter { Emulator::class.java.getResource("/$it/livechat-emulator") != null }

        private val bundled: File? by lazy {
            val resource = Emulator::class.java.getResource("/${platform()}/livechat-emulator") ?: return@lazy null
            val dir = Files.createTempDirectory("livechat-emulator")
            val file = dir.resolve("livechat-emulator")
            resource.openStream().use { Files.copy(it, file, StandardCopyOption.REPLACE_EXISTING) }
            // deleteOnExit runs in reverse order of registration: the file, then its folder.
            dir.toFile().deleteOnExit()
            file.toFile().apply {
                setExecutable(true)
                deleteOnExit()
            }
        }

        private fun launch(binary: File, args: List<String>): Emulator {
            val log = File.createTempFile("livechat-emulator-", ".log")
            val process = ProcessBuilder(listOf(binary.path, "--listen", "127.0.0.1:0") + args)
                .redirectError(ProcessBuilder.Redirect.appendTo(log))
                .start()
            // The "agent token:" and "control token:" lines come before "listening on".
            val tokens = java.util.concurrent.ConcurrentHashMap<String, String>()
            val address = CompletableFuture.supplyAsync {
                val reader = process.inputStream.bufferedReader()
                val url = generateSequence { reader.readLine() }
                    .onEach { line -> TOKEN.find(line)?.let { tokens[it.groupValues[1]] = it.groupValues[2] } }
                    .firstNotNullOfOrNull { LISTENING.find(it) }
                    ?.groupValues?.get(1)
                // Keep draining stdout so the emulator never blocks on a full pipe.
                Thread { reader.forEachLine { } }.apply { isDaemon = true; name = "livechat-emulator-stdout" }.start()
                url
            }
            // The timeout only turns a hung start into an error.
            val url = try {
                address.get(60, TimeUnit.SECONDS)
            } catch (e: Exception) {
                null
            }
            val agentToken = tokens["agent"]
            val controlToken = tokens["control"]
            if (url == null || agentToken == null || controlToken == null) {
                process.destroyForcibly()
                error("$binary did not report its address and tokens; its stderr: ${log.readText().takeLast(2000)}")
            }
            return Emulator(process, url, agentToken, controlToken, log)
        }

        /** A JSON string literal. */
        private fun json(s: String): String = buildString {
            append('"')
            for (c in s) when {
                c == '"' -> append("\\\"")
                c == '\\' -> append("\\\\")
                c < ' ' -> append("\\u%04x".format(c.code))
                else -> append(c)
            }
            append('"')
        }
    }
}
