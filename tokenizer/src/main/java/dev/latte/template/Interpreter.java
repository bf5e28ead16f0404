package dev.latte.template;

import dev.latte.template.Expr.Arguments;
import dev.latte.template.Stmt.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a parsed template over a {@link Scope}, appending output to a buffer, with Jinja2's
 * runtime rules: loop bodies get a fresh scope per iteration, {@code and}/{@code or} return an
 * operand, a missing {@code else} of an inline if is undefined. Python errors become
 * {@link TemplateRenderException}s naming the template line.
 */
final class Interpreter {
    /** How a statement list finished: normally, or through {@code break} / {@code continue}. */
    enum Flow { NORMAL, BREAK, CONTINUE }

    private int line;

    /** Renders {@code body}; every failure surfaces as a {@link TemplateRenderException}. */
    String render(List<Stmt> body, Scope scope) {
        StringBuilder out = new StringBuilder();
        try {
            execute(body, scope, out);
        } catch (PyException e) {
            if (e.type().equals("TemplateError")) {
                throw new TemplateRenderException(e.getMessage(), line, true);
            }
            throw new TemplateRenderException(e.type() + ": " + e.getMessage() + " (template line " + line + ")", line, false);
        } catch (ArithmeticException e) {
            throw new TemplateRenderException("OverflowError: " + e.getMessage() + " (template line " + line + ")", line, false);
        } catch (StackOverflowError e) {
            throw new TemplateRenderException("RecursionError: maximum recursion depth exceeded (template line " + line + ")",
                    line, false);
        }
        return out.toString();
    }

    Flow execute(List<Stmt> body, Scope scope, StringBuilder out) {
        for (Stmt stmt : body) {
            line = stmt.line();
            Flow flow = switch (stmt) {
                case Stmt.Text text -> {
                    out.append(text.text());
                    yield Flow.NORMAL;
                }
                case Stmt.Output output -> {
                    out.append(PyValues.str(evaluate(output.value(), scope)));
                    yield Flow.NORMAL;
                }
                case Stmt.If branch -> executeIf(branch, scope, out);
                case Stmt.For loop -> {
                    executeFor(loop, scope, out);
                    yield Flow.NORMAL;
                }
                case Stmt.Set set -> {
                    assign(set.target(), evaluate(set.value(), scope), scope);
                    yield Flow.NORMAL;
                }
                case Stmt.SetBlock set -> {
                    StringBuilder captured = new StringBuilder();
                    execute(set.body(), new Scope(scope), captured);
                    assign(set.target(), captured.toString(), scope);
                    yield Flow.NORMAL;
                }
                case Stmt.Macro macro -> {
                    scope.set(macro.name(), new Macro(macro, scope, this));
                    yield Flow.NORMAL;
                }
                case Stmt.Break b -> Flow.BREAK;
                case Stmt.Continue c -> Flow.CONTINUE;
            };
            if (flow != Flow.NORMAL) {
                return flow;
            }
        }
        return Flow.NORMAL;
    }

    private Flow executeIf(Stmt.If branch, Scope scope, StringBuilder out) {
        for (int i = 0; i < branch.tests().size(); i++) {
            if (PyValues.truthy(evaluate(branch.tests().get(i), scope))) {
                return execute(branch.bodies().get(i), scope, out);
            }
        }
        return execute(branch.otherwise(), scope, out);
    }

    private void executeFor(Stmt.For loop, Scope scope, StringBuilder out) {
        List<Object> items = PyValues.iterate(evaluate(loop.iterable(), scope));
        if (loop.filter() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                Scope test = new Scope(scope);
                assign(loop.target(), item, test);
                if (PyValues.truthy(evaluate(loop.filter(), test))) kept.add(item);
            }
            items = kept;
        }
        if (items.isEmpty()) {
            execute(loop.otherwise(), scope, out);
            return;
        }
        LoopContext context = new LoopContext(items);
        for (int i = 0; i < items.size(); i++) {
            Scope iteration = new Scope(scope);
            assign(loop.target(), items.get(i), iteration);
            context.moveTo(i);
            iteration.set("loop", context);
            if (execute(loop.body(), iteration, out) == Flow.BREAK) {
                break;
            }
        }
    }

    private void assign(Target target, Object value, Scope scope) {
        switch (target) {
            case Target.Names names when !names.unpack() -> scope.set(names.names().getFirst(), value);
            case Target.Names names -> {
                List<Object> parts = PyValues.iterate(value);
                int expected = names.names().size();
                if (parts.size() != expected) {
                    throw new PyException("ValueError", parts.size() < expected
                            ? "not enough values to unpack (expected " + expected + ", got " + parts.size() + ")"
                            : "too many values to unpack (expected " + expected + ")");
                }
                for (int i = 0; i < expected; i++) scope.set(names.names().get(i), parts.get(i));
            }
            case Target.NamespaceAttribute attribute -> {
                if (!(scope.lookup(attribute.namespace()) instanceof Namespace ns)) {
                    throw new PyException("TemplateRuntimeError", "cannot assign attribute on non-namespace object");
                }
                ns.attributes.put(attribute.attribute(), value);
            }
        }
    }

    Object evaluate(Expr expr, Scope scope) {
        line = expr.line();
        return switch (expr) {
            case Expr.Literal literal -> literal.value();
            case Expr.Name name -> scope.lookup(name.name());
            case Expr.ListLiteral list -> evaluateAll(list.items(), scope);
            case Expr.TupleLiteral tuple -> new PyTuple(evaluateAll(tuple.items(), scope));
            case Expr.DictLiteral dict -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < dict.keys().size(); i++) {
                    map.put(evaluate(dict.keys().get(i), scope), evaluate(dict.values().get(i), scope));
                }
                yield map;
            }
            case Expr.Attribute attribute -> PyMembers.attribute(evaluate(attribute.value(), scope), attribute.name());
            case Expr.Item item -> PyMembers.item(evaluate(item.value(), scope), evaluate(item.key(), scope));
            case Expr.Slice slice -> PyMembers.slice(evaluate(slice.value(), scope), optional(slice.start(), scope),
                    optional(slice.stop(), scope), optional(slice.step(), scope));
            case Expr.Call call -> call(evaluate(call.callee(), scope), call.arguments(), scope);
            case Expr.Filter filter -> {
                Object value = evaluate(filter.value(), scope);
                yield Filters.apply(filter.name(), value, arguments(filter.name(), filter.arguments(), scope));
            }
            case Expr.Test test -> {
                Object value = evaluate(test.value(), scope);
                boolean result = Tests.apply(test.name(), value, arguments(test.name(), test.arguments(), scope));
                yield result != test.negated();
            }
            case Expr.Unary unary -> {
                Object operand = evaluate(unary.operand(), scope);
                yield unary.operator().equals("not") ? !PyValues.truthy(operand) : PyArithmetic.negate(operand, unary.operator());
            }
            case Expr.Binary binary -> {
                Object left = evaluate(binary.left(), scope);
                Object right = evaluate(binary.right(), scope);
                line = binary.line();
                yield PyArithmetic.binary(binary.operator(), left, right);
            }
            case Expr.And and -> {
                Object left = evaluate(and.left(), scope);
                yield PyValues.truthy(left) ? evaluate(and.right(), scope) : left;
            }
            case Expr.Or or -> {
                Object left = evaluate(or.left(), scope);
                yield PyValues.truthy(left) ? left : evaluate(or.right(), scope);
            }
            case Expr.Compare compare -> compare(compare, scope);
            case Expr.Concat concat -> {
                StringBuilder text = new StringBuilder();
                for (Expr part : concat.parts()) text.append(PyValues.str(evaluate(part, scope)));
                yield text.toString();
            }
            case Expr.Conditional conditional -> {
                if (PyValues.truthy(evaluate(conditional.test(), scope))) {
                    yield evaluate(conditional.yes(), scope);
                }
                yield conditional.no() == null
                        ? new Undefined("the inline if-expression on line " + conditional.line()
                                + " evaluated to false and no else section was defined.")
                        : evaluate(conditional.no(), scope);
            }
        };
    }

    private boolean compare(Expr.Compare compare, Scope scope) {
        Object left = evaluate(compare.first(), scope);
        for (int i = 0; i < compare.operators().size(); i++) {
            Object right = evaluate(compare.operands().get(i), scope);
            line = compare.line();
            String op = compare.operators().get(i);
            boolean holds = switch (op) {
                case "==" -> PyValues.equal(left, right);
                case "!=" -> !PyValues.equal(left, right);
                case "in" -> PyValues.contains(right, left);
                case "not in" -> !PyValues.contains(right, left);
                case "<" -> PyValues.compare(left, right, op) < 0;
                case "<=" -> PyValues.compare(left, right, op) <= 0;
                case ">" -> PyValues.compare(left, right, op) > 0;
                case ">=" -> PyValues.compare(left, right, op) >= 0;
                default -> throw new IllegalStateException(op);
            };
            if (!holds) return false;
            left = right;
        }
        return true;
    }

    private Object call(Object callee, Arguments arguments, Scope scope) {
        CallArguments a = arguments("call", arguments, scope);
        return switch (callee) {
            case Undefined u -> throw u.error();
            case PyCallable function -> function.call(a.positional(), a.keywords());
            case null, default -> throw new PyException("TypeError", "'" + PyValues.typeName(callee) + "' object is not callable");
        };
    }

    private CallArguments arguments(String function, Arguments arguments, Scope scope) {
        List<Object> positional = evaluateAll(arguments.positional(), scope);
        Map<String, Object> keywords = new LinkedHashMap<>();
        for (int i = 0; i < arguments.keywordNames().size(); i++) {
            keywords.put(arguments.keywordNames().get(i), evaluate(arguments.keywordValues().get(i), scope));
        }
        return new CallArguments(function, positional, keywords);
    }

    private List<Object> evaluateAll(List<Expr> exprs, Scope scope) {
        List<Object> values = new ArrayList<>(exprs.size());
        for (Expr e : exprs) values.add(evaluate(e, scope));
        return values;
    }

    private Object optional(Expr expr, Scope scope) {
        return expr == null ? null : evaluate(expr, scope);
    }
}
