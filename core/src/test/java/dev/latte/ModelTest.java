package dev.latte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latte.nn.ContextLengthExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The generation loop, streaming, stop conditions, sessions and chat, over a network that has
 * memorised a text (so the expected output is that text) and a byte-level tokenizer.
 */
class ModelTest {
    private static final String STORY = "Once upon a time there was a café ☕ in Zürich 😀, and the end.";
    private static final String FOX = "The quick brown fox jumps over the lazy dog near the river bank.";
    private static final String R1_CHAT = "<|user|>Why is the sky blue?<|assistant|><think>\nRayleigh scattering: é ✓ 😀.\n"
            + "</think>\n\nBecause blue light scatters more.";
    private static final String R1_FOLLOW_UP = "<|user|>Why is the sky blue?<|assistant|>Because blue light scatters more."
            + "<|user|>And sunsets?<|assistant|><think>\nA longer path.\n</think>\n\nRed survives the path.";
    private static final String V3_CHAT = "<|user|>Why is grass green?<|assistant|><think>\nChlorophyll.\n</think>\n\n"
            + "It reflects green light.";

    private static final GenerationOptions GREEDY = GenerationOptions.builder().temperature(0).build();

    @Test
    void greedyGenerationContinuesTheMemorisedText() {
        try (Model model = model(true, 4096)) {
            Generation generation = model.generate("Once upon a time", GREEDY);

            assertThat(generation.text()).isEqualTo(" there was a café ☕ in Zürich 😀, and the end.");
            assertThat(generation.finishReason()).isEqualTo(FinishReason.STOP);
            int[] ids = generation.tokenIds();
            assertThat(ids[ids.length - 1]).isEqualTo(FakeCodec.EOS);
            assertThat(generation.usage().promptTokens()).isEqualTo(1 + "Once upon a time".length());
            assertThat(generation.usage().completionTokens()).isEqualTo(ids.length);
        }
    }

    @Test
    void streamedDeltasAreWholeCharactersThatAddUpToTheText() {
        try (Model model = model(true, 4096)) {
            List<String> deltas = new ArrayList<>();
            Generation generation = model.generate("Once upon a time", GREEDY, deltas::add);

            assertThat(String.join("", deltas)).isEqualTo(generation.text());
            assertThat(deltas).allSatisfy(delta -> assertThat(isWellFormed(delta)).as(delta).isTrue());
            assertThat(deltas).contains("é", "☕", "😀");
        }
    }

    @Test
    void aStopStringAcrossTokensEndsTheTextAndNeverReachesTheStream() {
        try (Model model = model(true, 4096)) {
            List<String> deltas = new ArrayList<>();
            GenerationOptions options = GREEDY.toBuilder().stopStrings("café ☕", "nowhere").build();
            Generation generation = model.generate("Once upon a time", options, deltas::add);

            assertThat(generation.text()).isEqualTo(" there was a ");
            assertThat(generation.finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
            assertThat(String.join("", deltas)).isEqualTo(" there was a ");
        }
    }

    @Test
    void stopTokenIdsEndTheGeneration() {
        try (Model model = model(true, 4096)) {
            Generation generation = model.generate("Once upon a time", GREEDY.toBuilder().stopTokenIds('w').build());
            assertThat(generation.text()).isEqualTo(" there ");
            assertThat(generation.finishReason()).isEqualTo(FinishReason.STOP);
        }
    }

    @Test
    void idsPastTheTokenizersVocabularyAreNeverSampled() {
        int padding = FakeCodec.VOCABULARY + 3;
        int[] corpus = IntStream.concat(IntStream.of(new FakeCodec(true).encodeRendered("Once upon a time")),
                IntStream.of(padding, padding, padding)).toArray();
        FakeNetwork network = new FakeNetwork(FakeCodec.VOCABULARY + 8, 4096, corpus, padding);
        try (Model model = new Model(network, new FakeCodec(true), null, new int[] {FakeCodec.EOS}, () -> {})) {
            for (GenerationOptions options : List.of(GREEDY, GenerationOptions.builder().seed(5).build())) {
                int[] ids = model.generate("Once upon a time", options.toBuilder().maxTokens(20).build()).tokenIds();
                assertThat(IntStream.of(ids).max().orElseThrow()).isLessThan(FakeCodec.VOCABULARY);
            }
        }
    }

    @Test
    void maxTokensEndsWithLength() {
        try (Model model = model(true, 4096)) {
            Generation generation = model.generate("Once upon a time", GREEDY.toBuilder().maxTokens(6).build());
            assertThat(generation.text()).isEqualTo(" there");
            assertThat(generation.tokenIds()).hasSize(6);
            assertThat(generation.finishReason()).isEqualTo(FinishReason.LENGTH);
        }
    }

    @Test
    void aPromptLongerThanTheContextIsRefusedWithBothNumbers() {
        try (Model model = model(true, 40)) {
            assertThatThrownBy(() -> model.generate("x".repeat(50), GREEDY))
                    .isInstanceOfSatisfying(ContextLengthExceededException.class, e -> {
                        assertThat(e.requestedPositions()).isEqualTo(51);
                        assertThat(e.capacity()).isEqualTo(40);
                    })
                    .hasMessageContaining("51")
                    .hasMessageContaining("40");
        }
    }

    @Test
    void generationEndsWithLengthWhenTheContextIsFull() {
        try (Model model = model(true, 30)) {
            Generation generation = model.generate("Once upon a time", GREEDY);
            // 17 prompt tokens fill 17 positions; the last token sampled needs no position.
            assertThat(generation.tokenIds()).hasSize(30 - 17 + 1);
            assertThat(generation.finishReason()).isEqualTo(FinishReason.LENGTH);
        }
    }

    @Test
    void anotherThreadCancelsBetweenTokens() throws Exception {
        try (Model model = model(true, 4096)) {
            CancellationToken token = new CancellationToken();
            CountDownLatch firstDelta = new CountDownLatch(1);
            CountDownLatch cancelled = new CountDownLatch(1);
            CompletableFuture<Generation> running = CompletableFuture.supplyAsync(() -> model.generate(
                    "Once upon a time", GREEDY.toBuilder().cancellation(token).build(), delta -> {
                        firstDelta.countDown();
                        await(cancelled);
                    }));
            assertThat(firstDelta.await(10, TimeUnit.SECONDS)).isTrue();
            token.cancel();
            cancelled.countDown();
            Generation generation = running.get(10, TimeUnit.SECONDS);

            assertThat(generation.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(generation.text()).isEqualTo(" ");
        }
    }

    @Test
    void theSameSeedGivesTheSameSampledOutput() {
        try (Model model = model(true, 4096)) {
            GenerationOptions options = GenerationOptions.builder().temperature(1.5).topK(40).seed(7).maxTokens(40).build();
            Generation first = model.generate("Once upon a time", options);
            Generation second = model.generate("Once upon a time", options);
            Generation otherSeed = model.generate("Once upon a time", options.toBuilder().seed(8).build());

            assertThat(second.tokenIds()).isEqualTo(first.tokenIds());
            assertThat(otherSeed.tokenIds()).isNotEqualTo(first.tokenIds());
        }
    }

    @Test
    void interleavedSessionsOnTwoThreadsNeverSeeEachOthersTokens() throws Exception {
        try (Model model = model(true, 4096)) {
            List<String> storyAlone = continueInSteps(model.newSession(), "Once upon", " a time");
            List<String> foxAlone = continueInSteps(model.newSession(), "The quick", " brown");

            for (int round = 0; round < 3; round++) {
                try (Session story = model.newSession(); Session fox = model.newSession()) {
                    CompletableFuture<List<String>> a = CompletableFuture.supplyAsync(
                            () -> continueInSteps(story, "Once upon", " a time"));
                    CompletableFuture<List<String>> b = CompletableFuture.supplyAsync(
                            () -> continueInSteps(fox, "The quick", " brown"));
                    assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(storyAlone);
                    assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(foxAlone);
                }
            }
            assertThat(storyAlone.get(1)).isEqualTo(" there was a");
            assertThat(foxAlone.get(1)).isEqualTo(" fox jumps o");
        }
    }

    @Test
    void chatSeparatesR1ReasoningOpenedByTheTemplate() {
        try (Model model = model(true, 4096)) {
            StringBuilder streamedReasoning = new StringBuilder();
            StringBuilder streamedContent = new StringBuilder();
            ChatResponse response = model.chat(List.of(Message.user("Why is the sky blue?")), GREEDY,
                    ChatListener.of(streamedReasoning::append, streamedContent::append));

            assertThat(response.reasoning()).isEqualTo("Rayleigh scattering: é ✓ 😀.\n");
            assertThat(response.content()).isEqualTo("Because blue light scatters more.");
            assertThat(streamedReasoning.toString()).isEqualTo(response.reasoning());
            assertThat(streamedContent.toString()).isEqualTo(response.content());
            assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        }
    }

    @Test
    void chatSeparatesV3ReasoningWrittenAsPlainText() {
        try (Model model = model(false, 4096)) {
            ChatResponse response = model.chat(List.of(Message.user("Why is grass green?")), GREEDY);
            assertThat(response.reasoning()).isEqualTo("\nChlorophyll.\n");
            assertThat(response.content()).isEqualTo("It reflects green light.");
        }
    }

    @Test
    void aSessionRunsOnlyTheNewTokensOfTheNextTurn() {
        try (Model model = model(true, 4096); Session session = model.newSession()) {
            List<Message> conversation = new ArrayList<>(List.of(Message.user("Why is the sky blue?")));
            ChatResponse first = session.chat(conversation, GREEDY);
            conversation.add(first.message());
            conversation.add(Message.user("And sunsets?"));
            ChatResponse second = session.chat(conversation, GREEDY);

            assertThat(second.reasoning()).isEqualTo("A longer path.\n");
            assertThat(second.content()).isEqualTo("Red survives the path.");
            // R1's template drops the reasoning: the cache is reused up to the first answer.
            int newTokens = new FakeCodec(true)
                    .encodeRendered("Because blue light scatters more.<|user|>And sunsets?<|assistant|><think>\n").length;
            assertThat(second.generation().usage().promptTokens()).isEqualTo(newTokens);
            ChatResponse fresh = model.chat(conversation, GREEDY);
            assertThat(second.generation().tokenIds()).isEqualTo(fresh.generation().tokenIds());
            assertThat(fresh.generation().usage().promptTokens()).isGreaterThan(newTokens);
        }
    }

    @Test
    void aListenerThatThrowsLeavesTheSessionAsBeforeTheCall() {
        try (Model model = model(true, 4096); Session session = model.newSession()) {
            String first = session.generate("Once upon", GREEDY.toBuilder().maxTokens(5).build()).text();
            int cached = session.cachedTokens();
            assertThatThrownBy(() -> session.generate(" a", GREEDY, delta -> {
                throw new IllegalStateException("listener failed");
            })).hasMessage("listener failed");
            assertThat(session.cachedTokens()).isEqualTo(cached);
            assertThat(first).isEqualTo(" a ti");
            assertThat(session.generate("me", GREEDY.toBuilder().maxTokens(6).build()).text()).isEqualTo(" there");
        }
    }

    @Test
    void thePublisherStreamsTheSameTextPacedByDemand() throws Exception {
        try (Model model = model(true, 4096)) {
            List<String> items = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            model.stream("Once upon a time", GREEDY).subscribe(new Flow.Subscriber<>() {
                private Flow.Subscription subscription;

                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    this.subscription = subscription;
                    subscription.request(1);
                }

                @Override
                public void onNext(String item) {
                    items.add(item);
                    subscription.request(1);
                }

                @Override
                public void onError(Throwable throwable) {
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    done.countDown();
                }
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(String.join("", items)).isEqualTo(model.generate("Once upon a time", GREEDY).text());
        }
    }

    @Test
    void theChatPublisherTellsReasoningFromContent() throws Exception {
        try (Model model = model(true, 4096)) {
            List<ChatDelta> deltas = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            model.streamChat(List.of(Message.user("Why is the sky blue?")), GREEDY).subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ChatDelta item) {
                    deltas.add(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    done.countDown();
                }
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(join(deltas, ChatDelta.Kind.REASONING)).isEqualTo("Rayleigh scattering: é ✓ 😀.\n");
            assertThat(join(deltas, ChatDelta.Kind.CONTENT)).isEqualTo("Because blue light scatters more.");
        }
    }

    @Test
    void closeReleasesTheNetworkAndTheFilesAndRefusesLaterCalls() {
        FakeNetwork network = network(true, 4096);
        AtomicBoolean filesClosed = new AtomicBoolean();
        Model model = new Model(network, new FakeCodec(true), new FakeChatFormat(true),
                new int[] {FakeCodec.EOS}, () -> filesClosed.set(true));
        model.generate("Once upon a time", GREEDY);
        assertThat(network.openSessions.get()).isZero();

        model.close();

        assertThat(network.closed).isTrue();
        assertThat(filesClosed).isTrue();
        assertThatThrownBy(() -> model.generate("Once", GREEDY)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aModelWithoutTokenizerGeneratesFromTokenIds() {
        FakeNetwork network = network(true, 4096);
        int[] prompt = new FakeCodec(true).encodePrompt("Once upon a time");
        try (Model model = new Model(network, null, null, new int[] {FakeCodec.EOS}, () -> {})) {
            Generation generation = model.generate(prompt, GREEDY);
            int[] expected = new FakeCodec(true).encodeRendered(" there was a café ☕ in Zürich 😀, and the end.");
            assertThat(generation.tokenIds()).startsWith(expected);
            assertThat(generation.text()).isEmpty();
            assertThatThrownBy(() -> model.generate("Once", GREEDY)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without a tokenizer");
        }
    }

    private static List<String> continueInSteps(Session session, String first, String second) {
        GenerationOptions options = GREEDY.toBuilder().maxTokens(12).build();
        List<String> texts = new ArrayList<>();
        texts.add(session.generate(first, options).text());
        texts.add(session.generate(second, options).text());
        return texts;
    }

    private static Model model(boolean r1, int contextLength) {
        return new Model(network(r1, contextLength), new FakeCodec(r1), new FakeChatFormat(r1),
                new int[] {FakeCodec.EOS}, () -> {});
    }

    private static FakeNetwork network(boolean r1, int contextLength) {
        FakeCodec codec = new FakeCodec(r1);
        List<Integer> corpus = new ArrayList<>();
        for (String text : r1 ? List.of(STORY, FOX, R1_CHAT, R1_FOLLOW_UP) : List.of(STORY, FOX, V3_CHAT)) {
            IntStream.of(codec.encodeRendered(text)).forEach(corpus::add);
            corpus.add(FakeCodec.EOS);
        }
        return new FakeNetwork(FakeCodec.VOCABULARY, contextLength,
                corpus.stream().mapToInt(Integer::intValue).toArray(), FakeCodec.EOS);
    }

    private static String join(List<ChatDelta> deltas, ChatDelta.Kind kind) {
        StringBuilder text = new StringBuilder();
        deltas.stream().filter(d -> d.kind() == kind).forEach(d -> text.append(d.text()));
        return text.toString();
    }

    private static boolean isWellFormed(String text) {
        return !text.isEmpty() && text.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF) && !text.contains("\uFFFD");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
