package dev.latte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void invalidGenerationOptionsAreRefusedNamingTheOption() {
        assertRefused("maxTokens", b -> b.maxTokens(0));
        assertRefused("temperature", b -> b.temperature(-0.1));
        assertRefused("temperature", b -> b.temperature(Double.NaN));
        assertRefused("topK", b -> b.topK(-1));
        assertRefused("topP", b -> b.topP(0));
        assertRefused("topP", b -> b.topP(1.5));
        assertRefused("minP", b -> b.minP(-0.5));
        assertRefused("repetitionPenalty", b -> b.repetitionPenalty(0));
        assertRefused("frequencyPenalty", b -> b.frequencyPenalty(3));
        assertRefused("presencePenalty", b -> b.presencePenalty(-2.5));
        assertRefused("stopStrings", b -> b.stopStrings(""));
        assertRefused("stopStrings", b -> b.stopStrings("\uD83D"));
        assertRefused("stopTokenIds", b -> b.stopTokenIds(3, -1));
    }

    @Test
    void invalidModelOptionsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> ModelOptions.builder().threads(-1)).hasMessageStartingWith("threads");
        assertThatThrownBy(() -> ModelOptions.builder().contextLength(-1)).hasMessageStartingWith("contextLength");
        assertThatThrownBy(() -> ModelOptions.builder().kvCacheBudgetBytes(-1))
                .hasMessageStartingWith("kvCacheBudgetBytes");
        assertThatThrownBy(() -> ModelOptions.builder().backend(" ")).hasMessageStartingWith("backend");
    }

    @Test
    void toBuilderKeepsEveryOption() {
        CancellationToken token = new CancellationToken();
        GenerationOptions options = GenerationOptions.builder().maxTokens(7).temperature(0.3).topK(5).topP(0.5)
                .minP(0.1).repetitionPenalty(1.2).frequencyPenalty(0.4).presencePenalty(-0.4).seed(99)
                .stopStrings("END").stopTokenIds(4).cancellation(token).templateVariable("enable_thinking", false)
                .build();
        GenerationOptions copy = options.toBuilder().build();
        assertThat(copy.toString()).isEqualTo(options.toString());
        assertThat(copy.seed()).isEqualTo(99);
        assertThat(copy.cancellation()).isSameAs(token);
        assertThat(copy.templateVariables()).containsEntry("enable_thinking", false);
        assertThat(GenerationOptions.defaults().hasSeed()).isFalse();
    }

    private static void assertRefused(String option, Consumer<GenerationOptions.Builder> setter) {
        assertThatThrownBy(() -> setter.accept(GenerationOptions.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(option + " ");
    }
}
