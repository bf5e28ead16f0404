package dev.latte.template;

import dev.latte.template.Stmt.Target;
import dev.latte.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the statement tree of a template from its tokens: text, output, {@code if}, {@code for},
 * {@code set}, {@code macro}, loop controls. Statements outside the supported subset are refused
 * with the line and column of the tag; expressions go to {@link ExpressionParser}.
 */
final class TemplateParser {
    private final TokenStream tokens;
    private final ExpressionParser expressions;
    private int loopDepth;

    private TemplateParser(List<Token> tokens) {
        this.tokens = new TokenStream(tokens);
        this.expressions = new ExpressionParser(this.tokens);
    }

    static List<Stmt> parse(String template) {
        TemplateParser parser = new TemplateParser(TemplateLexer.tokenize(template));
        List<Stmt> body = parser.parseBody(Set.of(), null);
        Token end = parser.tokens.current();
        if (!end.is(Kind.END)) {
            throw parser.tokens.error("unexpected " + end.describe(), end);
        }
        UnknownNameCheck.check(body);
        return body;
    }


    /** Parses until a block tag named in {@code endTags}; leaves the stream on that tag's name. */
    private List<Stmt> parseBody(Set<String> endTags, Token opener) {
        List<Stmt> body = new ArrayList<>();
        while (true) {
            Token token = tokens.current();
            switch (token.kind()) {
                case TEXT -> {
                    body.add(new Stmt.Text((String) token.value(), token.line()));
                    tokens.skip();
                }
                case VARIABLE_BEGIN -> {
                    tokens.skip();
                    Expr value = expressions.parseTuple(true, false, Set.of());
                    tokens.expect(Kind.VARIABLE_END);
                    body.add(new Stmt.Output(value, token.line()));
                }
                case BLOCK_BEGIN -> {
                    Token name = tokens.peek(1);
                    if (name.is(Kind.NAME) && endTags.contains((String) name.value())) {
                        tokens.skip();
                        return body;
                    }
                    tokens.skip();
                    body.add(parseStatement());
                }
                case END -> {
                    if (opener != null) {
                        throw tokens.error("unexpected end of template, expected " + String.join(" or ", quoted(endTags))
                                + " to close the '" + opener.value() + "' of line " + opener.line(), token);
                    }
                    return body;
                }
                default -> throw tokens.error("unexpected " + token.describe(), token);
            }
        }
    }

    private Stmt parseStatement() {
        Token tag = tokens.current();
        if (!tag.is(Kind.NAME)) {
            throw tokens.error("tag name expected", tag);
        }
        tokens.skip();
        return switch ((String) tag.value()) {
            case "if" -> parseIf(tag);
            case "for" -> parseFor(tag);
            case "set" -> parseSet(tag);
            case "macro" -> parseMacro(tag);
            case "break", "continue" -> {
                if (loopDepth == 0) {
                    throw tokens.error("'" + tag.value() + "' outside of a loop", tag);
                }
                tokens.expect(Kind.BLOCK_END);
                yield tag.value().equals("break") ? new Stmt.Break(tag.line()) : new Stmt.Continue(tag.line());
            }
            case "generation" -> {
                // Hugging Face's marker of assistant text: renders its body unchanged.
                tokens.expect(Kind.BLOCK_END);
                List<Stmt> body = parseBody(Set.of("endgeneration"), tag);
                tokens.skip();
                tokens.expect(Kind.BLOCK_END);
                yield new Stmt.If(List.of(new Expr.Literal(true, tag.line())), List.of(body), List.of(), tag.line());
            }
            default -> throw tokens.error("unknown or unsupported tag '" + tag.value() + "'", tag);
        };
    }

    private Stmt parseIf(Token tag) {
        List<Expr> tests = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        List<Stmt> otherwise = List.of();
        tests.add(expressions.parseTuple(false, false, Set.of()));
        tokens.expect(Kind.BLOCK_END);
        while (true) {
            bodies.add(parseBody(Set.of("elif", "else", "endif"), tag));
            String next = (String) tokens.next().value();
            if (next.equals("elif")) {
                tests.add(expressions.parseTuple(false, false, Set.of()));
                tokens.expect(Kind.BLOCK_END);
                continue;
            }
            if (next.equals("else")) {
                tokens.expect(Kind.BLOCK_END);
                otherwise = parseBody(Set.of("endif"), tag);
                tokens.skip();
            }
            tokens.expect(Kind.BLOCK_END);
            return new Stmt.If(tests, bodies, otherwise, tag.line());
        }
    }

    private Stmt parseFor(Token tag) {
        Target target = parseAssignTarget(false, Set.of("in"));
        tokens.expectName("in");
        Expr iterable = expressions.parseTuple(false, false, Set.of("recursive"));
        Expr filter = null;
        if (tokens.current().isName("if")) {
            tokens.skip();
            filter = expressions.parseExpression(true);
        }
        if (tokens.current().isName("recursive")) {
            throw tokens.error("recursive loops are not supported", tokens.current());
        }
        tokens.expect(Kind.BLOCK_END);
        loopDepth++;
        List<Stmt> body = parseBody(Set.of("endfor", "else"), tag);
        loopDepth--;
        List<Stmt> otherwise = List.of();
        if (tokens.next().value().equals("else")) {
            tokens.expect(Kind.BLOCK_END);
            otherwise = parseBody(Set.of("endfor"), tag);
            tokens.skip();
        }
        tokens.expect(Kind.BLOCK_END);
        return new Stmt.For(target, iterable, filter, body, otherwise, tag.line());
    }

    private Stmt parseSet(Token tag) {
        Target target = parseAssignTarget(true, Set.of());
        if (tokens.current().isOperator("=")) {
            tokens.skip();
            Expr value = expressions.parseTuple(true, false, Set.of());
            tokens.expect(Kind.BLOCK_END);
            return new Stmt.Set(target, value, tag.line());
        }
        if (!(target instanceof Target.Names names) || names.unpack()) {
            throw tokens.error("a block assignment needs a single name", tag);
        }
        tokens.expect(Kind.BLOCK_END);
        List<Stmt> body = parseBody(Set.of("endset"), tag);
        tokens.skip();
        tokens.expect(Kind.BLOCK_END);
        return new Stmt.SetBlock(target, body, tag.line());
    }

    private Stmt parseMacro(Token tag) {
        String name = tokens.expectName();
        List<String> parameters = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        tokens.expectOperator("(");
        while (!tokens.current().isOperator(")")) {
            if (!parameters.isEmpty()) {
                tokens.expectOperator(",");
                if (tokens.current().isOperator(")")) break;
            }
            parameters.add(tokens.expectName());
            if (tokens.current().isOperator("=")) {
                tokens.skip();
                defaults.add(expressions.parseExpression(true));
            } else if (defaults.stream().anyMatch(d -> d != null)) {
                throw tokens.error("non-default argument follows default argument", tokens.current());
            } else {
                defaults.add(null);
            }
        }
        tokens.skip();
        tokens.expect(Kind.BLOCK_END);
        int outerLoops = loopDepth;
        loopDepth = 0;
        List<Stmt> body = parseBody(Set.of("endmacro"), tag);
        loopDepth = outerLoops;
        tokens.skip();
        tokens.expect(Kind.BLOCK_END);
        return new Stmt.Macro(name, parameters, defaults, body, tag.line());
    }

    private Target parseAssignTarget(boolean withNamespace, Set<String> endNames) {
        if (withNamespace && tokens.current().is(Kind.NAME) && tokens.peek(1).isOperator(".")) {
            String namespace = tokens.expectName();
            tokens.skip();
            return new Target.NamespaceAttribute(namespace, tokens.expectName());
        }
        List<String> names = new ArrayList<>();
        boolean unpack = false;
        boolean parenthesized = tokens.current().isOperator("(");
        if (parenthesized) tokens.skip();
        while (true) {
            names.add(tokens.expectName());
            if (!tokens.current().isOperator(",")) break;
            unpack = true;
            tokens.skip();
            if (tokens.current().is(Kind.NAME) && endNames.contains((String) tokens.current().value())
                    || tokens.current().isOperator("=") || tokens.current().isOperator(")")) {
                break;
            }
        }
        if (parenthesized) tokens.expectOperator(")");
        return new Target.Names(names, unpack);
    }

    private static List<String> quoted(Set<String> names) {
        return names.stream().sorted().map(n -> "'" + n + "'").toList();
    }
}
