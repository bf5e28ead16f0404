package dev.latte.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The engine against Python's Jinja2 on {@code jinja-corpus.json}: small templates for every
 * supported feature (whitespace control, loops, scoping, namespaces, macros, slicing, string
 * methods, filters, tests, errors) and two full templates in the style of published ones. Made by
 * {@code src/test/python/jinja_corpus.py}; the output must be byte-identical, a runtime refusal
 * must be refused, a template Jinja2 cannot parse must fail to parse at the same line.
 */
class JinjaCorpusParityTest {
    /** The time the generator gives {@code strftime_now}. */
    private static final LocalDateTime GENERATOR_CLOCK = LocalDateTime.of(2026, 1, 2, 3, 4, 5);

    @TestFactory
    Stream<DynamicTest> everyCorpusCaseMatchesJinja2() {
        List<Map<String, Object>> cases = TemplateFixtures.cases("jinja-corpus.json");
        assertThat(cases).hasSizeGreaterThan(100);
        return cases.stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> check(c)));
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> c) {
        String source = (String) c.get("template");
        Map<String, Object> variables = (Map<String, Object>) c.get("variables");
        if (c.get("syntax_error") instanceof Map<?, ?> expected) {
            TemplateSyntaxException e = catchThrowableOfType(TemplateSyntaxException.class, () -> JinjaTemplate.parse(source));
            assertThat(e).as("Jinja2 refused to parse: %s", expected.get("message")).isNotNull();
            if (expected.get("line") != null) {
                assertThat((long) e.line()).as(e.getMessage()).isEqualTo(expected.get("line"));
            }
            return;
        }
        JinjaTemplate template = JinjaTemplate.parse(source).withClock(() -> GENERATOR_CLOCK);
        if (c.get("error") instanceof Map<?, ?> expected) {
            TemplateRenderException e = catchThrowableOfType(TemplateRenderException.class, () -> template.render(variables));
            assertThat(e).as("Jinja2 raised %s", expected).isNotNull();
            if ("TemplateError".equals(expected.get("type"))) {
                assertThat(e.raisedByTemplate()).isTrue();
                assertThat(e.getMessage()).isEqualTo(expected.get("message"));
            } else {
                assertThat(e.getMessage()).contains((String) expected.get("message"));
            }
            return;
        }
        assertThat(template.render(variables)).isEqualTo(c.get("text"));
    }
}
