package dev.latte.examples

import dev.latte.ChatListener
import dev.latte.GenerationOptions
import dev.latte.Message
import dev.latte.Model
import java.io.PrintStream
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow
import kotlin.system.exitProcess

/**
 * Embedding Latte in Kotlin: generate, stream (lambda and [Flow.Publisher]) and chat with the
 * reasoning apart. The publisher also plugs into coroutines through kotlinx-coroutines-jdk9's
 * `asFlow()`.
 */
object KotlinEmbedding {

    @JvmStatic
    fun main(args: Array<String>) {
        if (args.size != 1) {
            System.err.println("usage: KotlinEmbedding CHECKPOINT_FOLDER")
            exitProcess(2)
        }
        run(Path.of(args[0]), System.out)
    }

    @JvmStatic
    fun run(checkpoint: Path, out: PrintStream) {
        Model.load(checkpoint).use { model ->
            val options = GenerationOptions.builder().maxTokens(16).temperature(0.7).seed(42).build()

            val generation = model.generate("The capital of France is", options)
            out.println("generate: ${generation.text()} [${generation.finishReason()}]")

            val streamed = StringBuilder()
            model.generate("Once upon a time", options) { delta -> streamed.append(delta) }
            out.println("stream: $streamed")

            out.println("publisher: ${collect(model.stream("Once upon a time", options)).get()}")

            val reasoning = StringBuilder()
            val conversation = mutableListOf(Message.user("Why is the sky blue?"))
            model.newSession().use { session ->
                val answer = session.chat(conversation, options, object : ChatListener {
                    override fun onReasoning(delta: String) {
                        reasoning.append(delta)
                    }
                })
                out.println("chat: reasoning=$reasoning content=${answer.content()}")
                conversation += answer.message()
                conversation += Message.user("And at sunset?")
                out.println("chat again: ${session.chat(conversation, options).content()}")
            }
        }
    }

    private fun collect(publisher: Flow.Publisher<String>): CompletableFuture<String> {
        val result = CompletableFuture<String>()
        publisher.subscribe(object : Flow.Subscriber<String> {
            private val text = StringBuilder()

            override fun onSubscribe(subscription: Flow.Subscription) = subscription.request(Long.MAX_VALUE)

            override fun onNext(delta: String) {
                text.append(delta)
            }

            override fun onError(error: Throwable) {
                result.completeExceptionally(error)
            }

            override fun onComplete() {
                result.complete(text.toString())
            }
        })
        return result
    }
}
