package dev.latte.template;

import java.util.List;

/** The statements of a parsed template: text, output, control flow, assignments, macros. */
sealed interface Stmt {
    int line();

    record Text(String text, int line) implements Stmt { }

    record Output(Expr value, int line) implements Stmt { }

    record If(List<Expr> tests, List<List<Stmt>> bodies, List<Stmt> otherwise, int line) implements Stmt { }

    /** {@code for target in iterable [if filter]} ... {@code else} ... {@code endfor}. */
    record For(Target target, Expr iterable, Expr filter, List<Stmt> body, List<Stmt> otherwise, int line)
            implements Stmt { }

    record Set(Target target, Expr value, int line) implements Stmt { }

    /** {@code set name}...{@code endset}: the rendered body becomes the value. */
    record SetBlock(Target target, List<Stmt> body, int line) implements Stmt { }

    record Macro(String name, List<String> parameters, List<Expr> defaults, List<Stmt> body, int line)
            implements Stmt { }

    record Break(int line) implements Stmt { }

    record Continue(int line) implements Stmt { }

    /** Where a value is stored: one name, several names unpacked, or {@code namespace.attribute}. */
    sealed interface Target {
        record Names(List<String> names, boolean unpack) implements Target { }

        record NamespaceAttribute(String namespace, String attribute) implements Target { }
    }
}
