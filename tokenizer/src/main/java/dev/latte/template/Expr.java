package dev.latte.template;

import java.util.List;

/** The expression tree of a parsed template; every node knows the template line it came from. */
sealed interface Expr {
    int line();

    record Literal(Object value, int line) implements Expr { }

    record Name(String name, int line) implements Expr { }

    record ListLiteral(List<Expr> items, int line) implements Expr { }

    record TupleLiteral(List<Expr> items, int line) implements Expr { }

    record DictLiteral(List<Expr> keys, List<Expr> values, int line) implements Expr { }

    /** {@code value.name}: attribute first, then item, as Jinja2's {@code getattr}. */
    record Attribute(Expr value, String name, int line) implements Expr { }

    /** {@code value[key]}: item first, then attribute, as Jinja2's {@code getitem}. */
    record Item(Expr value, Expr key, int line) implements Expr { }

    /** {@code value[start:stop:step]}; absent bounds are null. */
    record Slice(Expr value, Expr start, Expr stop, Expr step, int line) implements Expr { }

    record Call(Expr callee, Arguments arguments, int line) implements Expr { }

    /** {@code value | name(arguments)}; {@code column} locates the name for error messages. */
    record Filter(Expr value, String name, Arguments arguments, int line, int column) implements Expr { }

    /** {@code value is [not] name(arguments)}. */
    record Test(Expr value, String name, Arguments arguments, boolean negated, int line, int column) implements Expr { }

    /** {@code -x}, {@code +x} or {@code not x}. */
    record Unary(String operator, Expr operand, int line) implements Expr { }

    /** Arithmetic: {@code + - * / // % **}. */
    record Binary(String operator, Expr left, Expr right, int line) implements Expr { }

    record And(Expr left, Expr right, int line) implements Expr { }

    record Or(Expr left, Expr right, int line) implements Expr { }

    /** A chain {@code a < b <= c}: each operator compares its neighbours, all must hold. */
    record Compare(Expr first, List<String> operators, List<Expr> operands, int line) implements Expr { }

    /** {@code a ~ b ~ c}: string concatenation of each value's {@code str()}. */
    record Concat(List<Expr> parts, int line) implements Expr { }

    /** {@code yes if test else no}; {@code no} is null where the template gives no else. */
    record Conditional(Expr test, Expr yes, Expr no, int line) implements Expr { }

    /** Positional and keyword arguments of a call, filter or test. */
    record Arguments(List<Expr> positional, List<String> keywordNames, List<Expr> keywordValues) {
        static final Arguments NONE = new Arguments(List.of(), List.of(), List.of());
    }
}
