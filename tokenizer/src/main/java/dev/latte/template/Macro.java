package dev.latte.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code {% macro %}} bound to the scope it was defined in: calling it renders its body with the
 * arguments as variables and returns the text. Arguments not given and without a default are
 * undefined; extra ones land in {@code varargs} and {@code kwargs}, as in Jinja2.
 */
final class Macro implements PyCallable {
    private final Stmt.Macro definition;
    private final Scope definingScope;
    private final Interpreter interpreter;

    Macro(Stmt.Macro definition, Scope definingScope, Interpreter interpreter) {
        this.definition = definition;
        this.definingScope = definingScope;
        this.interpreter = interpreter;
    }

    String name() {
        return definition.name();
    }

    @Override
    public Object call(List<Object> positional, Map<String, Object> keywords) {
        Scope scope = new Scope(definingScope);
        List<String> parameters = definition.parameters();
        Map<String, Object> extraKeywords = new LinkedHashMap<>(keywords);
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.get(i);
            Object value;
            if (i < positional.size()) {
                if (keywords.containsKey(name)) {
                    throw new PyException("TypeError", "macro '" + name() + "' got multiple values for argument '" + name + "'");
                }
                value = positional.get(i);
            } else if (extraKeywords.containsKey(name)) {
                value = extraKeywords.remove(name);
            } else if (definition.defaults().get(i) != null) {
                value = interpreter.evaluate(definition.defaults().get(i), scope);
            } else {
                value = new Undefined("parameter '" + name + "' was not provided");
            }
            scope.set(name, value);
        }
        List<Object> extra = positional.size() > parameters.size()
                ? new ArrayList<>(positional.subList(parameters.size(), positional.size())) : new ArrayList<>();
        scope.set("varargs", extra);
        scope.set("kwargs", extraKeywords);
        StringBuilder out = new StringBuilder();
        interpreter.execute(definition.body(), scope, out);
        return out.toString();
    }
}
