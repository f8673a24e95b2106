package com.livechat.customer.sdk

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** uploadFile (progress, result, cancel, size limit) and getChatHistory's next(). */
class UploadHistoryTest : EmulatorTest(noBot = true) {
    @Test
    fun `upload reports progress, returns a URL serving the bytes, and sends as a file event`() = runBlocking<Unit> {
        connected().use { s ->
            val chat = s.client.startChatAsync()
            val bytes = ByteArray(300_000) { (it % 251).toByte() }
            val progress = CopyOnWriteArrayList<Double>()
            val upload = s.client.uploadFileWithProgress(bytes, "data.bin", "application/octet-stream",
                object : UploadProgressListener {
                    override fun onProgress(fraction: Double) {
                        progress += fraction
                    }
                })
            val file = upload.resultAsync()
            assertTrue(progress.isNotEmpty(), "progress reported")
            assertEquals(progress.sorted(), progress.toList(), "progress never goes back")
            assertTrue(progress.all { it in 0.0..1.0 })
            assertEquals(1.0, progress.last())

            val served = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(file.url)).build(), HttpResponse.BodyHandlers.ofByteArray())
            assertEquals(200, served.statusCode())
            assertArrayEquals(bytes, served.body())

            val event = s.client.sendEventAsync(chat.id, NewEvent.File(url = file.url))
            val content = event.content as EventContent.File
            assertEquals("data.bin", content.name)
        }
    }

    @Test
    fun `cancel fails the upload with UPLOAD_CANCELED, too big files with TOO_BIG_FILE`() {
        connected().use { s ->
            emulator.control("delay", """{"action":"upload_file","ms":20000}""")
            try {
                val upload = s.client.uploadFile(ByteArray(1000), "slow.txt")
                upload.cancel()
                val cancelled = assertThrows<ChatException> { upload.result() }
                assertEquals("UPLOAD_CANCELED", cancelled.code)
            } finally {
                emulator.control("delay", """{"action":"upload_file","ms":0}""")
            }
            val big = s.client.uploadFile(ByteArray(10 * 1024 * 1024 + 1), "big.bin")
            val tooBig = assertThrows<ChatException> { big.result() }
            assertEquals("TOO_BIG_FILE", tooBig.code)
        }
    }

    @Test
    fun `history pages go back thread by thread until done`() = runBlocking<Unit> {
        connected().use { s ->
            val chat = s.client.startChatAsync(thread = InitialThread(events = listOf(NewEvent.Message(text = "first thread"))))
            s.client.deactivateChatAsync(chat.id)
            s.client.resumeChatAsync(chat.id, thread = InitialThread(events = listOf(NewEvent.Message(text = "second thread"))))

            val history = s.client.getChatHistory(chat.id)
            assertEquals(chat.id, history.chatId())
            val texts = mutableListOf<String>()
            var pages = 0
            while (true) {
                val page = history.nextAsync()
                pages++
                page.threads.forEach { t -> t.events.mapNotNullTo(texts) { it.text } }
                if (page.done) break
                check(pages < 20) { "history never ends" }
            }
            assertTrue("first thread" in texts && "second thread" in texts, texts.toString())
            assertTrue(history.next().done, "stays done")
        }
    }
}
