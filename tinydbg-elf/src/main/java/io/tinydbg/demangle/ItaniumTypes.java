package io.tinydbg.demangle;

import java.util.ArrayList;
import java.util.List;

/** Type nodes of the Itanium AST: declarators (pointers, functions, arrays), qualifiers and builtins. */
final class ItaniumTypes {
    private ItaniumTypes() {
    }

    /** A builtin type, remembered by its code so literals of that type print the GNU way. */
    static final class Builtin extends ItaniumNode {
        final String code;
        final String text;

        Builtin(String code, String text) {
            this.code = code;
            this.text = text;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append(text);
        }
    }

    /** {@code ret (params) quals}; as a declarator it wraps around pointers: {@code void (*)(int)}. */
    static final class FunctionType extends ItaniumNode {
        final ItaniumNode ret;
        final List<ItaniumNode> params;
        final String qualifiers;

        FunctionType(ItaniumNode ret, List<ItaniumNode> params, String qualifiers) {
            this.ret = ret;
            this.params = params;
            this.qualifiers = qualifiers;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            if (ret != null) {
                ret.left(p);
                // A returned function pointer or array reference wraps around the parameters: no space.
                if (!ret.hasRightPart(p)) {
                    p.append(' ');
                }
            }
        }

        @Override
        void printRight(ItaniumPrinter p) {
            printParameters(p);
            if (ret != null) {
                ret.right(p);
            }
            p.append(qualifiers);
        }

        void printParameters(ItaniumPrinter p) {
            p.append('(');
            p.printList(params);
            p.append(')');
        }

        @Override
        boolean isFunction(ItaniumPrinter p) {
            return true;
        }

        @Override
        List<ItaniumNode> children() {
            List<ItaniumNode> all = new ArrayList<>(params);
            if (ret != null) {
                all.add(0, ret);
            }
            return all;
        }
    }

    /** A cv-qualified type: {@code char const}; on a function type the qualifiers follow the parameters. */
    static final class Qualified extends ItaniumNode {
        final ItaniumNode child;
        final String qualifier;

        Qualified(ItaniumNode child, String qualifier) {
            this.child = child;
            this.qualifier = qualifier;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            child.left(p);
            if (!child.isFunction(p)) {
                p.append(qualifier);
            }
        }

        @Override
        void printRight(ItaniumPrinter p) {
            child.right(p);
            if (child.isFunction(p)) {
                p.append(qualifier);
            }
        }

        @Override
        boolean isFunction(ItaniumPrinter p) {
            return child.isFunction(p);
        }

        @Override
        boolean isArray(ItaniumPrinter p) {
            return child.isArray(p);
        }

        @Override
        boolean hasRightPart(ItaniumPrinter p) {
            return child.hasRightPart(p);
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(child);
        }
    }

    /** Pointer ({@code *}), lvalue ({@code &}) or rvalue ({@code &&}) reference, with GNU's reference collapsing. */
    static final class Pointer extends ItaniumNode {
        final ItaniumNode pointee;
        final String symbol;
        /** Set on the stand-in GNU prints after collapsing, which does not collapse again itself. */
        private final boolean collapsedAlready;

        Pointer(ItaniumNode pointee, String symbol) {
            this(pointee, symbol, false);
        }

        private Pointer(ItaniumNode pointee, String symbol, boolean collapsedAlready) {
            this.pointee = pointee;
            this.symbol = symbol;
            this.collapsedAlready = collapsedAlready;
        }

        private boolean isReference() {
            return !symbol.equals("*");
        }

        /**
         * What prints for a reference to a reference (GNU's "reference smashing"): {@code & &&} is {@code &}. Like
         * GNU it collapses one level per node, printing the inner reference's target under the outer symbol.
         */
        private Pointer collapsed(ItaniumPrinter p) {
            if (!isReference() || collapsedAlready) {
                return this;
            }
            ItaniumNode sub = pointee;
            if (!p.lambdaArg && pointee instanceof ItaniumNodes.TemplateParam param) {
                sub = param.lookup(p);
                if (sub instanceof ItaniumNodes.ArgPack pack) {
                    sub = p.packIndex >= 0 && p.packIndex < pack.args.size() ? pack.args.get(p.packIndex) : null;
                }
                if (sub == null) {
                    throw DemangleFailure.INSTANCE;
                }
            }
            if (sub instanceof Pointer inner && inner.isReference()) {
                if (inner.symbol.equals("&") || inner.symbol.equals(symbol)) {
                    return new Pointer(inner.pointee, inner.symbol, true);
                }
                return new Pointer(inner.pointee, symbol, true);
            }
            return this;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            Pointer self = collapsed(p);
            if (self != this) {
                self.left(p);
                return;
            }
            pointee.left(p);
            if (pointee.isArray(p)) {
                p.append(" (");
            } else if (pointee.isFunction(p)) {
                if (p.last() != '(' && p.last() != '*' && p.last() != ' ') {
                    p.append(' ');
                }
                p.append('(');
            }
            p.append(symbol);
        }

        @Override
        void printRight(ItaniumPrinter p) {
            Pointer self = collapsed(p);
            if (self != this) {
                self.right(p);
                return;
            }
            if (pointee.isArray(p) || pointee.isFunction(p)) {
                p.append(')');
            }
            pointee.right(p);
        }

        @Override
        boolean hasRightPart(ItaniumPrinter p) {
            Pointer self = collapsed(p);
            return self.pointee.hasRightPart(p);
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(pointee);
        }
    }

    /** {@code int A::*} or {@code void (A::*)(int)}. */
    static final class MemberPointer extends ItaniumNode {
        final ItaniumNode cls;
        final ItaniumNode member;

        MemberPointer(ItaniumNode cls, ItaniumNode member) {
            this.cls = cls;
            this.member = member;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            member.left(p);
            if (member.isFunction(p)) {
                if (p.last() != ' ' && p.last() != '(') {
                    p.append(' ');
                }
                p.append('(');
            } else if (member.isArray(p)) {
                p.append(" (");
            } else if (p.last() != '(') {
                p.append(' ');
            }
            cls.print(p);
            p.append("::*");
        }

        @Override
        void printRight(ItaniumPrinter p) {
            if (member.isFunction(p) || member.isArray(p)) {
                p.append(')');
            }
            member.right(p);
        }

        @Override
        boolean hasRightPart(ItaniumPrinter p) {
            return member.hasRightPart(p);
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(cls, member);
        }
    }

    /** {@code int [3]}; the dimension may be an expression or absent. */
    static final class ArrayType extends ItaniumNode {
        final ItaniumNode element;
        final ItaniumNode dimension;

        ArrayType(ItaniumNode element, ItaniumNode dimension) {
            this.element = element;
            this.dimension = dimension;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            element.left(p);
        }

        @Override
        void printRight(ItaniumPrinter p) {
            if (p.last() != ']') {
                p.append(' ');
            }
            p.append('[');
            if (dimension != null) {
                dimension.print(p);
            }
            p.append(']');
            element.right(p);
        }

        @Override
        boolean isArray(ItaniumPrinter p) {
            return true;
        }

        @Override
        List<ItaniumNode> children() {
            return dimension == null ? List.of(element) : List.of(element, dimension);
        }
    }

    /** A type followed by a fixed suffix: {@code double _Complex}, {@code float __vector(4)}. */
    static final class Suffixed extends ItaniumNode {
        final ItaniumNode child;
        final String suffix;

        Suffixed(ItaniumNode child, String suffix) {
            this.child = child;
            this.suffix = suffix;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            child.print(p);
            p.append(suffix);
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(child);
        }
    }

    /** {@code Dp}: the pattern printed once per element of the pack it mentions. */
    static final class PackExpansion extends ItaniumNode {
        final ItaniumNode pattern;

        PackExpansion(ItaniumNode pattern) {
            this.pattern = pattern;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            ItaniumNodes.ArgPack pack = pattern.findPack(p, 512);
            if (pack == null) {
                p.printSubexpression(pattern);
                p.append("...");
                return;
            }
            int n = pack.args.size();
            for (int i = 0; i < n; i++) {
                p.packIndex = i;
                pattern.print(p);
                if (i < n - 1) {
                    p.append(", ");
                }
            }
        }

        @Override
        ItaniumNodes.ArgPack findPack(ItaniumPrinter p, int budget) {
            return null;
        }
    }
}
