package dev.latte.template;

/**
 * One lexical token of a template: literal text between tags, a tag delimiter, or a piece of an
 * expression inside a tag. {@code value} is the decoded text of names, operators and strings, and
 * the parsed number of numeric literals.
 */
record Token(Kind kind, Object value, int line, int column) {

    enum Kind { TEXT, VARIABLE_BEGIN, VARIABLE_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INTEGER, FLOAT, OPERATOR, END }

    boolean is(Kind expected) {
        return kind == expected;
    }

    boolean isOperator(String op) {
        return kind == Kind.OPERATOR && value.equals(op);
    }

    boolean isName(String name) {
        return kind == Kind.NAME && value.equals(name);
    }

    String describe() {
        return switch (kind) {
            case TEXT -> "template text";
            case VARIABLE_BEGIN -> "'{{'";
            case VARIABLE_END -> "end of print statement";
            case BLOCK_BEGIN -> "'{%'";
            case BLOCK_END -> "end of statement block";
            case STRING -> "string literal";
            case INTEGER, FLOAT -> "number " + value;
            case END -> "end of template";
            default -> "'" + value + "'";
        };
    }
}
