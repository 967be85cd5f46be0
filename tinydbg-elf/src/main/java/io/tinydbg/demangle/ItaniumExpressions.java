package io.tinydbg.demangle;

import java.util.List;

/** Expression nodes (template arguments, decltype, array bounds), printed with GNU's parenthesization. */
final class ItaniumExpressions {
    private ItaniumExpressions() {
    }

    /** An operator inside an expression: prints its bare spelling ({@code +}, {@code sizeof }). */
    static final class Operator extends ItaniumNode {
        final ItaniumOperators.Op op;

        Operator(ItaniumOperators.Op op) {
            this.op = op;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append(op.name());
        }

        @Override
        List<ItaniumNode> children() {
            return List.of();
        }
    }

    /** A C-style cast used as a unary operator: {@code (int)x}. */
    static final class Cast extends ItaniumNode {
        final ItaniumNode type;

        Cast(ItaniumNode type) {
            this.type = type;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append('(');
            type.print(p);
            p.append(')');
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(type);
        }
    }

    private static String code(ItaniumNode op) {
        return op instanceof Operator o ? o.op.code() : "";
    }

    /** {@code op operand}, or a postfix operator when {@code postfix}. */
    static final class Unary extends ItaniumNode {
        final ItaniumNode op;
        final ItaniumNode operand;
        final boolean postfix;

        Unary(ItaniumNode op, ItaniumNode operand, boolean postfix) {
            this.op = op;
            this.operand = operand;
            this.postfix = postfix;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            String code = code(op);
            ItaniumNode arg = operand;
            if (code.equals("ad") && arg instanceof ItaniumNodes.Encoding enc
                    && enc.name instanceof ItaniumNodes.Nested) {
                arg = enc.name;
            }
            if (postfix) {
                p.printSubexpression(arg);
                op.print(p);
                return;
            }
            if (code.equals("sZ")) {
                ItaniumNodes.ArgPack pack = arg.findPack(p, 512);
                p.append(Integer.toString(pack == null ? 0 : pack.args.size()));
                return;
            }
            if (code.equals("sP")) {
                p.append(Integer.toString(argsLength(p, arg)));
                return;
            }
            op.print(p);
            if (code.equals("gs")) {
                arg.print(p);
            } else if (code.equals("st")) {
                p.append('(');
                arg.print(p);
                p.append(')');
            } else {
                p.printSubexpression(arg);
            }
        }

        private static int argsLength(ItaniumPrinter p, ItaniumNode list) {
            int n = 0;
            for (ItaniumNode a : list instanceof ItaniumNodes.ArgPack pack ? pack.args : List.of(list)) {
                if (a instanceof ItaniumTypes.PackExpansion ex) {
                    ItaniumNodes.ArgPack found = ex.pattern.findPack(p, 512);
                    n += found == null ? 0 : found.args.size();
                } else {
                    n++;
                }
            }
            return n;
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(op, operand);
        }
    }

    /** {@code left op right}, a call {@code f(args)}, a subscript, or a named cast {@code static_cast<T>(x)}. */
    static final class Binary extends ItaniumNode {
        final ItaniumNode op;
        final ItaniumNode left;
        final ItaniumNode right;

        Binary(ItaniumNode op, ItaniumNode left, ItaniumNode right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            String code = code(op);
            if (code.equals("dc") || code.equals("sc") || code.equals("cc") || code.equals("rc")) {
                op.print(p);
                p.append('<');
                left.print(p);
                p.append(">(");
                right.print(p);
                p.append(')');
                return;
            }
            if (printFold(p, code)) {
                return;
            }
            boolean greater = op instanceof Operator o && o.op.name().equals(">");
            if (greater) {
                p.append('(');
            }
            if (code.equals("cl") && left instanceof ItaniumNodes.Encoding enc) {
                p.printSubexpression(enc.name);
            } else {
                p.printSubexpression(left);
            }
            if (code.equals("ix")) {
                p.append('[');
                right.print(p);
                p.append(']');
            } else {
                if (!code.equals("cl")) {
                    op.print(p);
                }
                p.printSubexpression(right);
            }
            if (greater) {
                p.append(')');
            }
        }

        private boolean printFold(ItaniumPrinter p, String code) {
            if (!code.equals("fl") && !code.equals("fr")) {
                return false;
            }
            // A unary fold: the operator is in the left slot, the pack in the right.
            p.append('(');
            if (code.equals("fl")) {
                p.append("...");
                p.print(left);
                p.printSubexpression(right);
            } else {
                p.printSubexpression(right);
                p.print(left);
                p.append("...");
            }
            p.append(')');
            return true;
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(op, left, right);
        }
    }

    /** {@code a?b : c}, binary folds, and {@code new} expressions. */
    static final class Trinary extends ItaniumNode {
        final ItaniumNode op;
        final ItaniumNode first;
        final ItaniumNode second;
        final ItaniumNode third;

        Trinary(ItaniumNode op, ItaniumNode first, ItaniumNode second, ItaniumNode third) {
            this.op = op;
            this.first = first;
            this.second = second;
            this.third = third;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            String code = code(op);
            if (code.equals("fL") || code.equals("fR")) {
                p.append('(');
                p.printSubexpression(second);
                p.append(' ');
                p.print(first);
                p.append(" ... ");
                p.print(first);
                p.append(' ');
                p.printSubexpression(third);
                p.append(')');
                return;
            }
            if (code.equals("qu")) {
                p.printSubexpression(first);
                op.print(p);
                p.printSubexpression(second);
                p.append(" : ");
                p.printSubexpression(third);
                return;
            }
            // new / new[]: "new (placement) type(init)"
            op.print(p);
            p.append(' ');
            if (first != null) {
                p.append('(');
                first.print(p);
                p.append(") ");
            }
            second.print(p);
            if (third != null) {
                p.append('(');
                third.print(p);
                p.append(')');
            }
        }

        @Override
        List<ItaniumNode> children() {
            return java.util.Arrays.asList(op, first, second, third);
        }
    }

    /** A comma-separated list: call arguments, initializer lists. */
    static final class ExprList extends ItaniumNode {
        final List<ItaniumNode> items;

        ExprList(List<ItaniumNode> items) {
            this.items = items;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.printList(items);
        }

        @Override
        List<ItaniumNode> children() {
            return items;
        }
    }

    /** {@code Type{a, b}} or {@code {a, b}}. */
    static final class InitList extends ItaniumNode {
        final ItaniumNode type;
        final ExprList items;

        InitList(ItaniumNode type, ExprList items) {
            this.type = type;
            this.items = items;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            if (type != null) {
                type.print(p);
            }
            p.append('{');
            items.print(p);
            p.append('}');
        }

        @Override
        boolean isSimpleExpression() {
            return true;
        }

        @Override
        List<ItaniumNode> children() {
            return type == null ? List.of(items) : List.of(type, items);
        }
    }

    /** A literal: {@code 5}, {@code 5u}, {@code true}, {@code (char)97}, {@code (float)[3f800000]}. */
    static final class Literal extends ItaniumNode {
        final ItaniumNode type;
        final String value;
        final boolean negative;

        Literal(ItaniumNode type, String value, boolean negative) {
            this.type = type;
            this.value = value;
            this.negative = negative;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            String code = type instanceof ItaniumTypes.Builtin b ? b.code : "";
            String suffix = ItaniumBuiltins.integerSuffix(code);
            if (suffix != null) {
                if (negative) {
                    p.append('-');
                }
                p.append(value).append(suffix);
                return;
            }
            if (code.equals("b") && !negative && value.length() == 1
                    && (value.charAt(0) == '0' || value.charAt(0) == '1')) {
                p.append(value.charAt(0) == '0' ? "false" : "true");
                return;
            }
            p.append('(');
            type.print(p);
            p.append(')');
            if (negative) {
                p.append('-');
            }
            boolean isFloat = ItaniumBuiltins.isFloat(code);
            if (isFloat) {
                p.append('[');
            }
            p.append(value);
            if (isFloat) {
                p.append(']');
            }
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(type);
        }
    }

    /** {@code {parm#N}}, a function parameter referred to in an expression. */
    static final class FunctionParam extends ItaniumNode {
        final String text;

        FunctionParam(String text) {
            this.text = text;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append(text);
        }

        @Override
        boolean isSimpleExpression() {
            return true;
        }

        @Override
        ItaniumNodes.ArgPack findPack(ItaniumPrinter p, int budget) {
            return null;
        }
    }

    /** {@code decltype (expr)}. */
    static final class Decltype extends ItaniumNode {
        final ItaniumNode expression;

        Decltype(ItaniumNode expression) {
            this.expression = expression;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append("decltype (");
            expression.print(p);
            p.append(')');
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(expression);
        }
    }
}
