package dev.latte.template;

import dev.latte.template.Expr.Arguments;
import dev.latte.template.Stmt.Target;
import dev.latte.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the statement tree of a template from its tokens, with Jinja2's grammar and operator
 * precedence (filters bind tighter than arithmetic, {@code **} is left-associative, comparisons
 * chain). Statements outside the supported subset are refused with the line and column of the tag.
 */
final class TemplateParser {
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");

    private final List<Token> tokens;
    private int pos;
    private int loopDepth;

    private TemplateParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Stmt> parse(String template) {
        TemplateParser parser = new TemplateParser(TemplateLexer.tokenize(template));
        List<Stmt> body = parser.parseBody(Set.of(), null);
        if (!parser.current().is(Kind.END)) {
            throw parser.error("unexpected " + parser.current().describe(), parser.current());
        }
        UnknownNameCheck.check(body);
        return body;
    }

    // ---- statements ----

    /** Parses until a block tag named in {@code endTags}; leaves the stream on that tag's name. */
    private List<Stmt> parseBody(Set<String> endTags, Token opener) {
        List<Stmt> body = new ArrayList<>();
        while (true) {
            Token token = current();
            switch (token.kind()) {
                case TEXT -> {
                    body.add(new Stmt.Text((String) token.value(), token.line()));
                    pos++;
                }
                case VARIABLE_BEGIN -> {
                    pos++;
                    Expr value = parseTuple(true, false, Set.of());
                    expect(Kind.VARIABLE_END);
                    body.add(new Stmt.Output(value, token.line()));
                }
                case BLOCK_BEGIN -> {
                    Token name = tokens.get(pos + 1);
                    if (name.is(Kind.NAME) && endTags.contains((String) name.value())) {
                        pos++;
                        return body;
                    }
                    pos++;
                    body.add(parseStatement());
                }
                case END -> {
                    if (opener != null) {
                        throw error("unexpected end of template, expected " + String.join(" or ", quoted(endTags))
                                + " to close the '" + opener.value() + "' of line " + opener.line(), token);
                    }
                    return body;
                }
                default -> throw error("unexpected " + token.describe(), token);
            }
        }
    }

    private Stmt parseStatement() {
        Token tag = current();
        if (!tag.is(Kind.NAME)) {
            throw error("tag name expected", tag);
        }
        pos++;
        return switch ((String) tag.value()) {
            case "if" -> parseIf(tag);
            case "for" -> parseFor(tag);
            case "set" -> parseSet(tag);
            case "macro" -> parseMacro(tag);
            case "break", "continue" -> {
                if (loopDepth == 0) {
                    throw error("'" + tag.value() + "' outside of a loop", tag);
                }
                expect(Kind.BLOCK_END);
                yield tag.value().equals("break") ? new Stmt.Break(tag.line()) : new Stmt.Continue(tag.line());
            }
            case "generation" -> {
                // Hugging Face's marker of assistant text: renders its body unchanged.
                expect(Kind.BLOCK_END);
                List<Stmt> body = parseBody(Set.of("endgeneration"), tag);
                pos++;
                expect(Kind.BLOCK_END);
                yield new Stmt.If(List.of(new Expr.Literal(true, tag.line())), List.of(body), List.of(), tag.line());
            }
            default -> throw error("unknown or unsupported tag '" + tag.value() + "'", tag);
        };
    }

    private Stmt parseIf(Token tag) {
        List<Expr> tests = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        List<Stmt> otherwise = List.of();
        tests.add(parseTuple(false, false, Set.of()));
        expect(Kind.BLOCK_END);
        while (true) {
            bodies.add(parseBody(Set.of("elif", "else", "endif"), tag));
            String next = (String) next().value();
            if (next.equals("elif")) {
                tests.add(parseTuple(false, false, Set.of()));
                expect(Kind.BLOCK_END);
                continue;
            }
            if (next.equals("else")) {
                expect(Kind.BLOCK_END);
                otherwise = parseBody(Set.of("endif"), tag);
                pos++;
            }
            expect(Kind.BLOCK_END);
            return new Stmt.If(tests, bodies, otherwise, tag.line());
        }
    }

    private Stmt parseFor(Token tag) {
        Target target = parseAssignTarget(false, Set.of("in"));
        expectName("in");
        Expr iterable = parseTuple(false, false, Set.of("recursive"));
        Expr filter = null;
        if (current().isName("if")) {
            pos++;
            filter = parseExpression(true);
        }
        if (current().isName("recursive")) {
            throw error("recursive loops are not supported", current());
        }
        expect(Kind.BLOCK_END);
        loopDepth++;
        List<Stmt> body = parseBody(Set.of("endfor", "else"), tag);
        loopDepth--;
        List<Stmt> otherwise = List.of();
        if (next().value().equals("else")) {
            expect(Kind.BLOCK_END);
            otherwise = parseBody(Set.of("endfor"), tag);
            pos++;
        }
        expect(Kind.BLOCK_END);
        return new Stmt.For(target, iterable, filter, body, otherwise, tag.line());
    }

    private Stmt parseSet(Token tag) {
        Target target = parseAssignTarget(true, Set.of());
        if (current().isOperator("=")) {
            pos++;
            Expr value = parseTuple(true, false, Set.of());
            expect(Kind.BLOCK_END);
            return new Stmt.Set(target, value, tag.line());
        }
        if (!(target instanceof Target.Names names) || names.unpack()) {
            throw error("a block assignment needs a single name", tag);
        }
        expect(Kind.BLOCK_END);
        List<Stmt> body = parseBody(Set.of("endset"), tag);
        pos++;
        expect(Kind.BLOCK_END);
        return new Stmt.SetBlock(target, body, tag.line());
    }

    private Stmt parseMacro(Token tag) {
        String name = expectName();
        List<String> parameters = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        expectOperator("(");
        while (!current().isOperator(")")) {
            if (!parameters.isEmpty()) {
                expectOperator(",");
                if (current().isOperator(")")) break;
            }
            parameters.add(expectName());
            if (current().isOperator("=")) {
                pos++;
                defaults.add(parseExpression(true));
            } else if (defaults.stream().anyMatch(d -> d != null)) {
                throw error("non-default argument follows default argument", current());
            } else {
                defaults.add(null);
            }
        }
        pos++;
        expect(Kind.BLOCK_END);
        int outerLoops = loopDepth;
        loopDepth = 0;
        List<Stmt> body = parseBody(Set.of("endmacro"), tag);
        loopDepth = outerLoops;
        pos++;
        expect(Kind.BLOCK_END);
        return new Stmt.Macro(name, parameters, defaults, body, tag.line());
    }

    private Target parseAssignTarget(boolean withNamespace, Set<String> endNames) {
        if (withNamespace && current().is(Kind.NAME) && tokens.get(pos + 1).isOperator(".")) {
            String namespace = expectName();
            pos++;
            return new Target.NamespaceAttribute(namespace, expectName());
        }
        List<String> names = new ArrayList<>();
        boolean unpack = false;
        boolean parenthesized = current().isOperator("(");
        if (parenthesized) pos++;
        while (true) {
            names.add(expectName());
            if (!current().isOperator(",")) break;
            unpack = true;
            pos++;
            if (current().is(Kind.NAME) && endNames.contains((String) current().value())
                    || current().isOperator("=") || current().isOperator(")")) {
                break;
            }
        }
        if (parenthesized) expectOperator(")");
        return new Target.Names(names, unpack);
    }

    // ---- expressions ----

    private Expr parseTuple(boolean withConditional, boolean explicitParentheses, Set<String> extraEnds) {
        int line = current().line();
        List<Expr> items = new ArrayList<>();
        boolean isTuple = false;
        while (true) {
            if (!items.isEmpty()) expectOperator(",");
            if (isTupleEnd(extraEnds)) break;
            items.add(withConditional ? parseExpression(true) : parseOr());
            if (current().isOperator(",")) {
                isTuple = true;
            } else {
                break;
            }
        }
        if (!isTuple) {
            if (items.size() == 1) return items.getFirst();
            if (!explicitParentheses) {
                throw error("expected an expression, got " + current().describe(), current());
            }
        }
        return new Expr.TupleLiteral(items, line);
    }

    private boolean isTupleEnd(Set<String> extraEnds) {
        Token t = current();
        return t.is(Kind.VARIABLE_END) || t.is(Kind.BLOCK_END) || t.isOperator(")")
                || t.is(Kind.NAME) && extraEnds.contains((String) t.value());
    }

    private Expr parseExpression(boolean withConditional) {
        return withConditional ? parseConditional() : parseOr();
    }

    private Expr parseConditional() {
        Expr value = parseOr();
        while (current().isName("if")) {
            int line = current().line();
            pos++;
            Expr test = parseOr();
            Expr otherwise = null;
            if (current().isName("else")) {
                pos++;
                otherwise = parseConditional();
            }
            value = new Expr.Conditional(test, value, otherwise, line);
        }
        return value;
    }

    private Expr parseOr() {
        Expr left = parseAnd();
        while (current().isName("or")) {
            int line = next().line();
            left = new Expr.Or(left, parseAnd(), line);
        }
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (current().isName("and")) {
            int line = next().line();
            left = new Expr.And(left, parseNot(), line);
        }
        return left;
    }

    private Expr parseNot() {
        if (current().isName("not")) {
            int line = next().line();
            return new Expr.Unary("not", parseNot(), line);
        }
        return parseCompare();
    }

    private Expr parseCompare() {
        int line = current().line();
        Expr first = parseMath1();
        List<String> operators = new ArrayList<>();
        List<Expr> operands = new ArrayList<>();
        while (true) {
            Token t = current();
            if (t.is(Kind.OPERATOR) && COMPARISONS.contains((String) t.value())) {
                pos++;
                operators.add((String) t.value());
            } else if (t.isName("in")) {
                pos++;
                operators.add("in");
            } else if (t.isName("not") && tokens.get(pos + 1).isName("in")) {
                pos += 2;
                operators.add("not in");
            } else {
                break;
            }
            operands.add(parseMath1());
        }
        return operators.isEmpty() ? first : new Expr.Compare(first, operators, operands, line);
    }

    private Expr parseMath1() {
        Expr left = parseConcat();
        while (current().isOperator("+") || current().isOperator("-")) {
            Token op = next();
            left = new Expr.Binary((String) op.value(), left, parseConcat(), op.line());
        }
        return left;
    }

    private Expr parseConcat() {
        int line = current().line();
        List<Expr> parts = new ArrayList<>();
        parts.add(parseMath2());
        while (current().isOperator("~")) {
            pos++;
            parts.add(parseMath2());
        }
        return parts.size() == 1 ? parts.getFirst() : new Expr.Concat(parts, line);
    }

    private Expr parseMath2() {
        Expr left = parsePow();
        while (current().isOperator("*") || current().isOperator("/") || current().isOperator("//")
                || current().isOperator("%")) {
            Token op = next();
            left = new Expr.Binary((String) op.value(), left, parsePow(), op.line());
        }
        return left;
    }

    private Expr parsePow() {
        Expr left = parseUnary(true);
        while (current().isOperator("**")) {
            Token op = next();
            left = new Expr.Binary("**", left, parseUnary(true), op.line());
        }
        return left;
    }

    private Expr parseUnary(boolean withFilter) {
        Token t = current();
        Expr node;
        if (t.isOperator("-") || t.isOperator("+")) {
            pos++;
            node = new Expr.Unary((String) t.value(), parseUnary(false), t.line());
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(node);
        return withFilter ? parseFilterExpression(node) : node;
    }

    private Expr parsePrimary() {
        Token t = next();
        switch (t.kind()) {
            case NAME -> {
                return switch ((String) t.value()) {
                    case "true", "True" -> new Expr.Literal(true, t.line());
                    case "false", "False" -> new Expr.Literal(false, t.line());
                    case "none", "None" -> new Expr.Literal(null, t.line());
                    default -> new Expr.Name((String) t.value(), t.line());
                };
            }
            case STRING -> {
                StringBuilder text = new StringBuilder((String) t.value());
                while (current().is(Kind.STRING)) {
                    text.append((String) next().value());
                }
                return new Expr.Literal(text.toString(), t.line());
            }
            case INTEGER, FLOAT -> {
                return new Expr.Literal(t.value(), t.line());
            }
            case OPERATOR -> {
                switch ((String) t.value()) {
                    case "(" -> {
                        Expr inner = parseTuple(true, true, Set.of());
                        expectOperator(")");
                        return inner;
                    }
                    case "[" -> {
                        List<Expr> items = new ArrayList<>();
                        while (!current().isOperator("]")) {
                            if (!items.isEmpty()) expectOperator(",");
                            if (current().isOperator("]")) break;
                            items.add(parseExpression(true));
                        }
                        pos++;
                        return new Expr.ListLiteral(items, t.line());
                    }
                    case "{" -> {
                        List<Expr> keys = new ArrayList<>();
                        List<Expr> values = new ArrayList<>();
                        while (!current().isOperator("}")) {
                            if (!keys.isEmpty()) expectOperator(",");
                            if (current().isOperator("}")) break;
                            keys.add(parseExpression(true));
                            expectOperator(":");
                            values.add(parseExpression(true));
                        }
                        pos++;
                        return new Expr.DictLiteral(keys, values, t.line());
                    }
                    default -> { }
                }
            }
            default -> { }
        }
        throw error("unexpected " + t.describe(), t);
    }

    private Expr parsePostfix(Expr node) {
        while (true) {
            if (current().isOperator(".") || current().isOperator("[")) {
                node = parseSubscript(node);
            } else if (current().isOperator("(")) {
                node = new Expr.Call(node, parseCallArguments(), current().line());
            } else {
                return node;
            }
        }
    }

    private Expr parseFilterExpression(Expr node) {
        while (true) {
            if (current().isOperator("|")) {
                pos++;
                Token nameToken = current();
                String name = parseDottedName();
                Arguments arguments = current().isOperator("(") ? parseCallArguments() : Arguments.NONE;
                node = new Expr.Filter(node, name, arguments, nameToken.line(), nameToken.column());
            } else if (current().isName("is")) {
                node = parseTest(node, next());
            } else if (current().isOperator("(")) {
                node = new Expr.Call(node, parseCallArguments(), current().line());
            } else {
                return node;
            }
        }
    }

    private Expr parseTest(Expr node, Token is) {
        boolean negated = false;
        if (current().isName("not")) {
            pos++;
            negated = true;
        }
        Token nameToken = current();
        String name = parseDottedName();
        Arguments arguments = Arguments.NONE;
        Token t = current();
        if (t.isOperator("(")) {
            arguments = parseCallArguments();
        } else if ((t.is(Kind.NAME) || t.is(Kind.STRING) || t.is(Kind.INTEGER) || t.is(Kind.FLOAT)
                || t.isOperator("[") || t.isOperator("{"))
                && !t.isName("else") && !t.isName("or") && !t.isName("and")) {
            if (t.isName("is")) {
                throw error("you cannot chain multiple tests with is", t);
            }
            Expr argument = parsePostfix(parsePrimary());
            arguments = new Arguments(List.of(argument), List.of(), List.of());
        }
        return new Expr.Test(node, name, arguments, negated, nameToken.line(), nameToken.column());
    }

    private String parseDottedName() {
        StringBuilder name = new StringBuilder(expectName());
        while (current().isOperator(".") && tokens.get(pos + 1).is(Kind.NAME)) {
            pos++;
            name.append('.').append(expectName());
        }
        return name.toString();
    }

    private Expr parseSubscript(Expr node) {
        Token t = next();
        if (t.isOperator(".")) {
            Token attribute = next();
            if (attribute.is(Kind.NAME)) {
                return new Expr.Attribute(node, (String) attribute.value(), t.line());
            }
            if (attribute.is(Kind.INTEGER)) {
                return new Expr.Item(node, new Expr.Literal(attribute.value(), t.line()), t.line());
            }
            throw error("expected name or number", attribute);
        }
        Expr result;
        Expr start = null;
        if (!current().isOperator(":")) {
            start = parseExpression(true);
            if (!current().isOperator(":")) {
                if (current().isOperator(",")) {
                    throw error("tuple subscripts are not supported", current());
                }
                expectOperator("]");
                return new Expr.Item(node, start, t.line());
            }
        }
        pos++;
        Expr stop = null;
        Expr step = null;
        if (!current().isOperator("]") && !current().isOperator(":")) {
            stop = parseExpression(true);
        }
        if (current().isOperator(":")) {
            pos++;
            if (!current().isOperator("]")) {
                step = parseExpression(true);
            }
        }
        result = new Expr.Slice(node, start, stop, step, t.line());
        expectOperator("]");
        return result;
    }

    private Arguments parseCallArguments() {
        expectOperator("(");
        List<Expr> positional = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        boolean first = true;
        while (!current().isOperator(")")) {
            if (!first) {
                expectOperator(",");
                if (current().isOperator(")")) break;
            }
            first = false;
            if (current().isOperator("*") || current().isOperator("**")) {
                throw error("* and ** arguments are not supported", current());
            }
            if (current().is(Kind.NAME) && tokens.get(pos + 1).isOperator("=")) {
                names.add((String) next().value());
                pos++;
                values.add(parseExpression(true));
            } else {
                if (!names.isEmpty()) {
                    throw error("positional argument after keyword argument", current());
                }
                positional.add(parseExpression(true));
            }
        }
        pos++;
        return new Arguments(positional, names, values);
    }

    // ---- token helpers ----

    private Token current() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private void expect(Kind kind) {
        Token t = current();
        if (!t.is(kind)) {
            throw error("expected " + new Token(kind, null, 0, 0).describe() + ", got " + t.describe(), t);
        }
        pos++;
    }

    private void expectOperator(String op) {
        Token t = current();
        if (!t.isOperator(op)) {
            throw error("expected '" + op + "', got " + t.describe(), t);
        }
        pos++;
    }

    private String expectName() {
        Token t = current();
        if (!t.is(Kind.NAME)) {
            throw error("expected a name, got " + t.describe(), t);
        }
        pos++;
        return (String) t.value();
    }

    private void expectName(String name) {
        Token t = current();
        if (!t.isName(name)) {
            throw error("expected '" + name + "', got " + t.describe(), t);
        }
        pos++;
    }

    private static List<String> quoted(Set<String> names) {
        return names.stream().sorted().map(n -> "'" + n + "'").toList();
    }

    private TemplateSyntaxException error(String problem, Token at) {
        return new TemplateSyntaxException(problem, at.line(), at.column());
    }
}
