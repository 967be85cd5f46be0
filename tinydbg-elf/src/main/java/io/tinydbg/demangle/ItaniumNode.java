package io.tinydbg.demangle;

import java.util.List;

/**
 * A node of a demangled Itanium C++ name. Types print in two halves so that declarators wrap around what they
 * modify: {@code void (*)(int)} is the function's left half {@code void }, the pointer's {@code (*}, then
 * {@code )} and the function's right half {@code (int)}.
 */
abstract class ItaniumNode {
    /** GNU refuses to print a node re-entered more than once (a template argument referring to itself). */
    private int printing;

    final void print(ItaniumPrinter p) {
        enter(p);
        try {
            printLeft(p);
            printRight(p);
        } finally {
            leave(p);
        }
    }

    final void left(ItaniumPrinter p) {
        enter(p);
        try {
            printLeft(p);
        } finally {
            leave(p);
        }
    }

    final void right(ItaniumPrinter p) {
        enter(p);
        try {
            printRight(p);
        } finally {
            leave(p);
        }
    }

    private void enter(ItaniumPrinter p) {
        p.enter();
        if (++printing > 2) {
            printing--;
            p.leave();
            throw DemangleFailure.INSTANCE;
        }
    }

    private void leave(ItaniumPrinter p) {
        printing--;
        p.leave();
    }

    abstract void printLeft(ItaniumPrinter p);

    void printRight(ItaniumPrinter p) {
    }

    /** The node this one stands for when printed in {@code p} (template parameters resolve to their argument). */
    ItaniumNode resolve(ItaniumPrinter p) {
        return this;
    }

    boolean isFunction(ItaniumPrinter p) {
        return false;
    }

    boolean isArray(ItaniumPrinter p) {
        return false;
    }

    /** Whether part of this type prints after a declared name ({@code int (&f())[2]}, {@code void (*f())(int)}). */
    boolean hasRightPart(ItaniumPrinter p) {
        return isFunction(p) || isArray(p);
    }

    /** Whether GNU prints this node inside an expression without parentheses. */
    boolean isSimpleExpression() {
        return false;
    }

    /** Children searched for an argument pack when a pack expansion prints. */
    List<ItaniumNode> children() {
        return List.of();
    }

    /** The argument pack a pack expansion of this node iterates over, or null (GNU's d_find_pack). */
    ItaniumNodes.ArgPack findPack(ItaniumPrinter p, int budget) {
        p.out.tick();
        if (budget <= 0) {
            throw DemangleFailure.INSTANCE;
        }
        for (ItaniumNode child : children()) {
            if (child != null) {
                ItaniumNodes.ArgPack pack = child.findPack(p, budget - 1);
                if (pack != null) {
                    return pack;
                }
            }
        }
        return null;
    }
}
