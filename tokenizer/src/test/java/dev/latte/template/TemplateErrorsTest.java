package dev.latte.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Malformed templates fail to parse with the line and column of the offending token (positions
 * counted by hand in each template below), and refusals at render time carry the template's
 * message and line.
 */
class TemplateErrorsTest {

    @Test
    void unknownTagNamesItsLineAndColumn() {
        TemplateSyntaxException e = syntaxError("x\n\n  {% frobnicate %}");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(6);
        assertThat(e.getMessage()).isEqualTo("unknown or unsupported tag 'frobnicate' at line 3, column 6");
    }

    @Test
    void missingOperandPointsAtTheTagEnd() {
        TemplateSyntaxException e = syntaxError("ok\n{{ 1 + }}");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(8);
        assertThat(e.getMessage()).contains("end of print statement");
    }

    @Test
    void unclosedBlockNamesTheOpeningTag() {
        TemplateSyntaxException e = syntaxError("a\n{% for m in messages %}\n{{ m }}");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("'endfor'").contains("'for' of line 2");
    }

    @Test
    void unterminatedStringPointsAtItsQuote() {
        TemplateSyntaxException e = syntaxError("{% set x = 'abc %}");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(12);
    }

    @Test
    void mismatchedBracketIsReported() {
        TemplateSyntaxException e = syntaxError("{{ [1,\n 2) }}");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(3);
        assertThat(e.getMessage()).contains("unexpected ')', expected ']'");
    }

    @Test
    void unknownFilterOutsideAnIfIsASyntaxError() {
        TemplateSyntaxException e = syntaxError("{{ x | trim }}\n{{ x | shout }}");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(8);
    }

    @Test
    void raiseExceptionCarriesTheTemplatesMessageAndLine() {
        JinjaTemplate template = JinjaTemplate.parse("{% for m in messages %}\n"
                + "{% if m.role not in ['user', 'assistant'] %}\n"
                + "{{ raise_exception('Unsupported role: ' ~ m.role) }}\n"
                + "{% endif %}\n{% endfor %}");
        TemplateRenderException e = catchThrowableOfType(TemplateRenderException.class,
                () -> template.render(Map.of("messages", List.of(Map.of("role", "user"), Map.of("role", "robot")))));
        assertThat(e.getMessage()).isEqualTo("Unsupported role: robot");
        assertThat(e.raisedByTemplate()).isTrue();
        assertThat(e.line()).isEqualTo(3);
    }

    @Test
    void runtimeTypeErrorNamesTheLine() {
        JinjaTemplate template = JinjaTemplate.parse("first\n{{ 'a' + content }}");
        assertThatThrownBy(() -> template.render(java.util.Collections.singletonMap("content", null)))
                .isInstanceOf(TemplateRenderException.class)
                .hasMessage("TypeError: can only concatenate str (not \"NoneType\") to str (template line 2)");
    }

    @Test
    void hugeStringRepetitionFailsInsteadOfExhaustingTheHeap() {
        JinjaTemplate template = JinjaTemplate.parse("{{ 'ab' * 100000000 }}");
        assertThatThrownBy(() -> template.render(Map.of()))
                .isInstanceOf(TemplateRenderException.class)
                .hasMessageStartingWith("MemoryError: repeating a sequence of 2 items 100000000 times");
    }

    private static TemplateSyntaxException syntaxError(String source) {
        TemplateSyntaxException e = catchThrowableOfType(TemplateSyntaxException.class, () -> JinjaTemplate.parse(source));
        assertThat(e).as("parsing %s", source).isNotNull();
        return e;
    }
}
