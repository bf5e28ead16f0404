package dev.latte.template;

import dev.latte.template.Expr.Arguments;
import dev.latte.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses expressions with Jinja2's grammar and precedence, lowest first: inline if, {@code or},
 * {@code and}, {@code not}, comparisons (chaining), {@code + -}, {@code ~}, {@code * / // %},
 * {@code **} (left-associative, as in Jinja2), unary {@code - +}, then primaries with their
 * attribute, item, slice and call suffixes, filters and tests — so {@code 'a' + x | trim} trims
 * {@code x} only.
 */
final class ExpressionParser {
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");

    private final TokenStream tokens;

    ExpressionParser(TokenStream tokens) {
        this.tokens = tokens;
    }


    Expr parseTuple(boolean withConditional, boolean explicitParentheses, Set<String> extraEnds) {
        int line = tokens.current().line();
        List<Expr> items = new ArrayList<>();
        boolean isTuple = false;
        while (true) {
            if (!items.isEmpty()) tokens.expectOperator(",");
            if (isTupleEnd(extraEnds)) break;
            items.add(withConditional ? parseExpression(true) : parseOr());
            if (tokens.current().isOperator(",")) {
                isTuple = true;
            } else {
                break;
            }
        }
        if (!isTuple) {
            if (items.size() == 1) return items.getFirst();
            if (!explicitParentheses) {
                throw tokens.error("expected an expression, got " + tokens.current().describe(), tokens.current());
            }
        }
        return new Expr.TupleLiteral(items, line);
    }

    private boolean isTupleEnd(Set<String> extraEnds) {
        Token t = tokens.current();
        return t.is(Kind.VARIABLE_END) || t.is(Kind.BLOCK_END) || t.isOperator(")")
                || t.is(Kind.NAME) && extraEnds.contains((String) t.value());
    }

    Expr parseExpression(boolean withConditional) {
        return withConditional ? parseConditional() : parseOr();
    }

    private Expr parseConditional() {
        Expr value = parseOr();
        while (tokens.current().isName("if")) {
            int line = tokens.current().line();
            tokens.skip();
            Expr test = parseOr();
            Expr otherwise = null;
            if (tokens.current().isName("else")) {
                tokens.skip();
                otherwise = parseConditional();
            }
            value = new Expr.Conditional(test, value, otherwise, line);
        }
        return value;
    }

    private Expr parseOr() {
        Expr left = parseAnd();
        while (tokens.current().isName("or")) {
            int line = tokens.next().line();
            left = new Expr.Or(left, parseAnd(), line);
        }
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (tokens.current().isName("and")) {
            int line = tokens.next().line();
            left = new Expr.And(left, parseNot(), line);
        }
        return left;
    }

    private Expr parseNot() {
        if (tokens.current().isName("not")) {
            int line = tokens.next().line();
            return new Expr.Unary("not", parseNot(), line);
        }
        return parseCompare();
    }

    private Expr parseCompare() {
        int line = tokens.current().line();
        Expr first = parseMath1();
        List<String> operators = new ArrayList<>();
        List<Expr> operands = new ArrayList<>();
        while (true) {
            Token t = tokens.current();
            if (t.is(Kind.OPERATOR) && COMPARISONS.contains((String) t.value())) {
                tokens.skip();
                operators.add((String) t.value());
            } else if (t.isName("in")) {
                tokens.skip();
                operators.add("in");
            } else if (t.isName("not") && tokens.peek(1).isName("in")) {
                tokens.skip();
                tokens.skip();
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
        while (tokens.current().isOperator("+") || tokens.current().isOperator("-")) {
            Token op = tokens.next();
            left = new Expr.Binary((String) op.value(), left, parseConcat(), op.line());
        }
        return left;
    }

    private Expr parseConcat() {
        int line = tokens.current().line();
        List<Expr> parts = new ArrayList<>();
        parts.add(parseMath2());
        while (tokens.current().isOperator("~")) {
            tokens.skip();
            parts.add(parseMath2());
        }
        return parts.size() == 1 ? parts.getFirst() : new Expr.Concat(parts, line);
    }

    private Expr parseMath2() {
        Expr left = parsePow();
        while (tokens.current().isOperator("*") || tokens.current().isOperator("/") || tokens.current().isOperator("//")
                || tokens.current().isOperator("%")) {
            Token op = tokens.next();
            left = new Expr.Binary((String) op.value(), left, parsePow(), op.line());
        }
        return left;
    }

    private Expr parsePow() {
        Expr left = parseUnary(true);
        while (tokens.current().isOperator("**")) {
            Token op = tokens.next();
            left = new Expr.Binary("**", left, parseUnary(true), op.line());
        }
        return left;
    }

    private Expr parseUnary(boolean withFilter) {
        Token t = tokens.current();
        Expr node;
        if (t.isOperator("-") || t.isOperator("+")) {
            tokens.skip();
            node = new Expr.Unary((String) t.value(), parseUnary(false), t.line());
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(node);
        return withFilter ? parseFilterExpression(node) : node;
    }

    private Expr parsePrimary() {
        Token t = tokens.next();
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
                while (tokens.current().is(Kind.STRING)) {
                    text.append((String) tokens.next().value());
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
                        tokens.expectOperator(")");
                        return inner;
                    }
                    case "[" -> {
                        List<Expr> items = new ArrayList<>();
                        while (!tokens.current().isOperator("]")) {
                            if (!items.isEmpty()) tokens.expectOperator(",");
                            if (tokens.current().isOperator("]")) break;
                            items.add(parseExpression(true));
                        }
                        tokens.skip();
                        return new Expr.ListLiteral(items, t.line());
                    }
                    case "{" -> {
                        List<Expr> keys = new ArrayList<>();
                        List<Expr> values = new ArrayList<>();
                        while (!tokens.current().isOperator("}")) {
                            if (!keys.isEmpty()) tokens.expectOperator(",");
                            if (tokens.current().isOperator("}")) break;
                            keys.add(parseExpression(true));
                            tokens.expectOperator(":");
                            values.add(parseExpression(true));
                        }
                        tokens.skip();
                        return new Expr.DictLiteral(keys, values, t.line());
                    }
                    default -> { }
                }
            }
            default -> { }
        }
        throw tokens.error("unexpected " + t.describe(), t);
    }

    private Expr parsePostfix(Expr node) {
        while (true) {
            if (tokens.current().isOperator(".") || tokens.current().isOperator("[")) {
                node = parseSubscript(node);
            } else if (tokens.current().isOperator("(")) {
                node = new Expr.Call(node, parseCallArguments(), tokens.current().line());
            } else {
                return node;
            }
        }
    }

    private Expr parseFilterExpression(Expr node) {
        while (true) {
            if (tokens.current().isOperator("|")) {
                tokens.skip();
                Token nameToken = tokens.current();
                String name = parseDottedName();
                Arguments arguments = tokens.current().isOperator("(") ? parseCallArguments() : Arguments.NONE;
                node = new Expr.Filter(node, name, arguments, nameToken.line(), nameToken.column());
            } else if (tokens.current().isName("is")) {
                node = parseTest(node, tokens.next());
            } else if (tokens.current().isOperator("(")) {
                node = new Expr.Call(node, parseCallArguments(), tokens.current().line());
            } else {
                return node;
            }
        }
    }

    private Expr parseTest(Expr node, Token is) {
        boolean negated = false;
        if (tokens.current().isName("not")) {
            tokens.skip();
            negated = true;
        }
        Token nameToken = tokens.current();
        String name = parseDottedName();
        Arguments arguments = Arguments.NONE;
        Token t = tokens.current();
        if (t.isOperator("(")) {
            arguments = parseCallArguments();
        } else if ((t.is(Kind.NAME) || t.is(Kind.STRING) || t.is(Kind.INTEGER) || t.is(Kind.FLOAT)
                || t.isOperator("[") || t.isOperator("{"))
                && !t.isName("else") && !t.isName("or") && !t.isName("and")) {
            if (t.isName("is")) {
                throw tokens.error("you cannot chain multiple tests with is", t);
            }
            Expr argument = parsePostfix(parsePrimary());
            arguments = new Arguments(List.of(argument), List.of(), List.of());
        }
        return new Expr.Test(node, name, arguments, negated, nameToken.line(), nameToken.column());
    }

    String parseDottedName() {
        StringBuilder name = new StringBuilder(tokens.expectName());
        while (tokens.current().isOperator(".") && tokens.peek(1).is(Kind.NAME)) {
            tokens.skip();
            name.append('.').append(tokens.expectName());
        }
        return name.toString();
    }

    private Expr parseSubscript(Expr node) {
        Token t = tokens.next();
        if (t.isOperator(".")) {
            Token attribute = tokens.next();
            if (attribute.is(Kind.NAME)) {
                return new Expr.Attribute(node, (String) attribute.value(), t.line());
            }
            if (attribute.is(Kind.INTEGER)) {
                return new Expr.Item(node, new Expr.Literal(attribute.value(), t.line()), t.line());
            }
            throw tokens.error("expected name or number", attribute);
        }
        Expr result;
        Expr start = null;
        if (!tokens.current().isOperator(":")) {
            start = parseExpression(true);
            if (!tokens.current().isOperator(":")) {
                if (tokens.current().isOperator(",")) {
                    throw tokens.error("tuple subscripts are not supported", tokens.current());
                }
                tokens.expectOperator("]");
                return new Expr.Item(node, start, t.line());
            }
        }
        tokens.skip();
        Expr stop = null;
        Expr step = null;
        if (!tokens.current().isOperator("]") && !tokens.current().isOperator(":")) {
            stop = parseExpression(true);
        }
        if (tokens.current().isOperator(":")) {
            tokens.skip();
            if (!tokens.current().isOperator("]")) {
                step = parseExpression(true);
            }
        }
        result = new Expr.Slice(node, start, stop, step, t.line());
        tokens.expectOperator("]");
        return result;
    }

    private Arguments parseCallArguments() {
        tokens.expectOperator("(");
        List<Expr> positional = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        boolean first = true;
        while (!tokens.current().isOperator(")")) {
            if (!first) {
                tokens.expectOperator(",");
                if (tokens.current().isOperator(")")) break;
            }
            first = false;
            if (tokens.current().isOperator("*") || tokens.current().isOperator("**")) {
                throw tokens.error("* and ** arguments are not supported", tokens.current());
            }
            if (tokens.current().is(Kind.NAME) && tokens.peek(1).isOperator("=")) {
                names.add((String) tokens.next().value());
                tokens.skip();
                values.add(parseExpression(true));
            } else {
                if (!names.isEmpty()) {
                    throw tokens.error("positional argument after keyword argument", tokens.current());
                }
                positional.add(parseExpression(true));
            }
        }
        tokens.skip();
        return new Arguments(positional, names, values);
    }
}
