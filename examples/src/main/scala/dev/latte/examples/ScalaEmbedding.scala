package dev.latte.examples

import dev.latte.{ChatListener, GenerationOptions, Message, Model}
import java.io.PrintStream
import java.nio.file.Path
import java.util.concurrent.{CompletableFuture, Flow}
import scala.util.Using

/** Embedding Latte in Scala 3: generate, stream (function and Flow.Publisher) and chat with the reasoning apart. */
object ScalaEmbedding:

  def main(args: Array[String]): Unit =
    if args.length != 1 then
      System.err.println("usage: ScalaEmbedding CHECKPOINT_FOLDER")
      sys.exit(2)
    run(Path.of(args(0)), System.out)

  def run(checkpoint: Path, out: PrintStream): Unit =
    Using.resource(Model.load(checkpoint)) { model =>
      val options = GenerationOptions.builder().maxTokens(16).temperature(0.7).seed(42).build()

      val generation = model.generate("The capital of France is", options)
      out.println(s"generate: ${generation.text()} [${generation.finishReason()}]")

      val streamed = StringBuilder()
      model.generate("Once upon a time", options, delta => streamed.append(delta))
      out.println(s"stream: $streamed")

      out.println(s"publisher: ${collect(model.stream("Once upon a time", options)).get()}")

      val reasoning = StringBuilder()
      Using.resource(model.newSession()) { session =>
        val question = java.util.List.of(Message.user("Why is the sky blue?"))
        val answer = session.chat(question, options, ChatListener.of(delta => reasoning.append(delta), _ => ()))
        out.println(s"chat: reasoning=$reasoning content=${answer.content()}")
        val followUp = java.util.List.of(question.get(0), answer.message(), Message.user("And at sunset?"))
        out.println(s"chat again: ${session.chat(followUp, options).content()}")
      }
    }

  private def collect(publisher: Flow.Publisher[String]): CompletableFuture[String] =
    val result = CompletableFuture[String]()
    publisher.subscribe(new Flow.Subscriber[String]:
      private val text = StringBuilder()
      override def onSubscribe(subscription: Flow.Subscription): Unit = subscription.request(Long.MaxValue)
      override def onNext(delta: String): Unit = text.append(delta)
      override def onError(error: Throwable): Unit = result.completeExceptionally(error)
      override def onComplete(): Unit = result.complete(text.toString)
    )
    result
