package dev.latte.template;

import dev.latte.template.Token.Kind;
import java.util.List;

/** The tokens of a template with a read position, and the expectations parsers place on them. */
final class TokenStream {
    private final List<Token> tokens;
    private int pos;

    TokenStream(List<Token> tokens) {
        this.tokens = tokens;
    }

    Token current() {
        return tokens.get(pos);
    }

    /** The token {@code ahead} places after the current one (the END token past the end). */
    Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        return tokens.get(pos++);
    }

    void skip() {
        pos++;
    }

    void expect(Kind kind) {
        Token t = current();
        if (!t.is(kind)) {
            throw error("expected " + new Token(kind, null, 0, 0).describe() + ", got " + t.describe(), t);
        }
        pos++;
    }

    void expectOperator(String op) {
        Token t = current();
        if (!t.isOperator(op)) {
            throw error("expected '" + op + "', got " + t.describe(), t);
        }
        pos++;
    }

    String expectName() {
        Token t = current();
        if (!t.is(Kind.NAME)) {
            throw error("expected a name, got " + t.describe(), t);
        }
        pos++;
        return (String) t.value();
    }

    void expectName(String name) {
        Token t = current();
        if (!t.isName(name)) {
            throw error("expected '" + name + "', got " + t.describe(), t);
        }
        pos++;
    }

    TemplateSyntaxException error(String problem, Token at) {
        return new TemplateSyntaxException(problem, at.line(), at.column());
    }
}
