package io.tinydbg.demangle;

import java.util.List;

/**
 * Printing state for an Itanium AST, following the rules of GNU's cp-demangle printer: template parameters are
 * looked up at print time in a stack of enclosing function templates, lambda signatures print {@code auto:N},
 * and pack expansions print their pattern once per pack element.
 */
final class ItaniumPrinter {
    /** One enclosing function template whose arguments {@code T_} refers to. */
    record Scope(List<ItaniumNode> args, Scope next) {
    }

    private static final int MAX_DEPTH = 512;

    final OutputBuffer out = new OutputBuffer();
    Scope templates;
    int packIndex;
    boolean lambdaArg;
    private int depth;

    void enter() {
        out.tick();
        if (++depth > MAX_DEPTH) {
            throw DemangleFailure.INSTANCE;
        }
    }

    void leave() {
        depth--;
    }

    ItaniumPrinter append(CharSequence s) {
        out.append(s);
        return this;
    }

    ItaniumPrinter append(char c) {
        out.append(c);
        return this;
    }

    char last() {
        return out.last();
    }

    /** Prints a node whole (left then right part). */
    void print(ItaniumNode node) {
        node.print(this);
    }

    /** Prints a node wrapped in parentheses unless GNU deems it simple (a name or a function parameter). */
    void printSubexpression(ItaniumNode node) {
        boolean simple = node.isSimpleExpression();
        if (!simple) {
            append('(');
        }
        print(node);
        if (!simple) {
            append(')');
        }
    }

    /** Prints nodes separated by ", ", dropping a separator when everything after it printed nothing (empty packs). */
    void printList(List<ItaniumNode> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        int[] marks = new int[nodes.size()];
        print(nodes.get(0));
        for (int i = 1; i < nodes.size(); i++) {
            append(", ");
            marks[i] = out.length();
            print(nodes.get(i));
        }
        for (int i = nodes.size() - 1; i >= 1; i--) {
            if (out.length() == marks[i]) {
                out.truncate(marks[i] - 2);
            }
        }
    }
}
