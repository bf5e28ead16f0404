package dev.latte.template;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A template in the Jinja subset that chat templates use, parsed once and rendered many times.
 * Rendering follows Jinja2 as Hugging Face configures it ({@code trim_blocks},
 * {@code lstrip_blocks}, loop controls, the immutable sandbox), so the text is byte-identical to
 * what {@code apply_chat_template} produces. Instances are immutable and thread-safe.
 */
public final class JinjaTemplate {
    private final List<Stmt> body;
    private final Supplier<LocalDateTime> clock;

    private JinjaTemplate(List<Stmt> body, Supplier<LocalDateTime> clock) {
        this.body = body;
        this.clock = clock;
    }

    /**
     * Parses {@code source}.
     *
     * @throws TemplateSyntaxException naming the line and column where the source is not valid
     */
    public static JinjaTemplate parse(String source) {
        return new JinjaTemplate(TemplateParser.parse(source), LocalDateTime::now);
    }

    /** The same template with {@code strftime_now} reading {@code clock} instead of the system time. */
    JinjaTemplate withClock(Supplier<LocalDateTime> clock) {
        return new JinjaTemplate(body, clock);
    }

    /**
     * Renders with {@code variables} (Java maps, lists, strings, numbers, booleans and nulls).
     *
     * @throws TemplateRenderException where the template raises or an expression fails
     */
    public String render(Map<String, ?> variables) {
        Scope globals = new Scope(null);
        Globals.all(clock).forEach(globals::set);
        Scope scope = new Scope(globals);
        variables.forEach((name, value) -> scope.set(name, PyValues.fromJava(value)));
        return new Interpreter().render(body, scope);
    }
}
