package dev.latte.template;

import java.util.List;

/**
 * Refuses, at parse time, a filter or test that does not exist, as Jinja2's compiler does — except
 * inside an {@code if} statement or an inline if (Jinja2's "soft" frames), where the error waits
 * until the expression actually runs. Loop, macro and block-set bodies are hard again.
 */
final class UnknownNameCheck {
    private UnknownNameCheck() {
    }

    static void check(List<Stmt> body) {
        statements(body, false);
    }

    private static void statements(List<Stmt> body, boolean soft) {
        for (Stmt stmt : body) {
            switch (stmt) {
                case Stmt.Output output -> expression(output.value(), soft);
                case Stmt.If branch -> {
                    branch.tests().forEach(t -> expression(t, true));
                    branch.bodies().forEach(b -> statements(b, true));
                    statements(branch.otherwise(), true);
                }
                case Stmt.For loop -> {
                    expression(loop.iterable(), soft);
                    if (loop.filter() != null) expression(loop.filter(), false);
                    statements(loop.body(), false);
                    statements(loop.otherwise(), false);
                }
                case Stmt.Set set -> expression(set.value(), soft);
                case Stmt.SetBlock set -> statements(set.body(), false);
                case Stmt.Macro macro -> {
                    macro.defaults().forEach(d -> expression(d, false));
                    statements(macro.body(), false);
                }
                case Stmt.Text t -> { }
                case Stmt.Break b -> { }
                case Stmt.Continue c -> { }
            }
        }
    }

    private static void expression(Expr expr, boolean soft) {
        switch (expr) {
            case null -> { }
            case Expr.Literal l -> { }
            case Expr.Name n -> { }
            case Expr.ListLiteral list -> list.items().forEach(e -> expression(e, soft));
            case Expr.TupleLiteral tuple -> tuple.items().forEach(e -> expression(e, soft));
            case Expr.DictLiteral dict -> {
                dict.keys().forEach(e -> expression(e, soft));
                dict.values().forEach(e -> expression(e, soft));
            }
            case Expr.Attribute a -> expression(a.value(), soft);
            case Expr.Item item -> {
                expression(item.value(), soft);
                expression(item.key(), soft);
            }
            case Expr.Slice slice -> {
                expression(slice.value(), soft);
                expression(slice.start(), soft);
                expression(slice.stop(), soft);
                expression(slice.step(), soft);
            }
            case Expr.Call call -> {
                expression(call.callee(), soft);
                arguments(call.arguments(), soft);
            }
            case Expr.Filter filter -> {
                if (!soft && !Filters.exists(filter.name())) {
                    throw new TemplateSyntaxException("no filter named '" + filter.name() + "'", filter.line(), filter.column());
                }
                expression(filter.value(), soft);
                arguments(filter.arguments(), soft);
            }
            case Expr.Test test -> {
                if (!soft && !Tests.exists(test.name())) {
                    throw new TemplateSyntaxException("no test named '" + test.name() + "'", test.line(), test.column());
                }
                expression(test.value(), soft);
                arguments(test.arguments(), soft);
            }
            case Expr.Unary unary -> expression(unary.operand(), soft);
            case Expr.Binary binary -> {
                expression(binary.left(), soft);
                expression(binary.right(), soft);
            }
            case Expr.And and -> {
                expression(and.left(), soft);
                expression(and.right(), soft);
            }
            case Expr.Or or -> {
                expression(or.left(), soft);
                expression(or.right(), soft);
            }
            case Expr.Compare compare -> {
                expression(compare.first(), soft);
                compare.operands().forEach(e -> expression(e, soft));
            }
            case Expr.Concat concat -> concat.parts().forEach(e -> expression(e, soft));
            case Expr.Conditional conditional -> {
                expression(conditional.test(), true);
                expression(conditional.yes(), true);
                expression(conditional.no(), true);
            }
        }
    }

    private static void arguments(Expr.Arguments arguments, boolean soft) {
        arguments.positional().forEach(e -> expression(e, soft));
        arguments.keywordValues().forEach(e -> expression(e, soft));
    }
}
