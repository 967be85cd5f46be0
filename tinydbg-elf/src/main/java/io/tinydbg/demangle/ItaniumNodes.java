package io.tinydbg.demangle;

import java.util.ArrayList;
import java.util.List;

/** Name and type nodes of the Itanium AST, each printing the way GNU c++filt does. */
final class ItaniumNodes {
    private ItaniumNodes() {
    }

    /** Plain text: an identifier, a builtin type, a standard abbreviation. */
    static final class Name extends ItaniumNode {
        final String text;
        final boolean simple;

        Name(String text) {
            this(text, true);
        }

        Name(String text, boolean simple) {
            this.text = text;
            this.simple = simple;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append(text);
        }

        @Override
        boolean isSimpleExpression() {
            return simple;
        }
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

    /** {@code scope::name}. */
    static final class Nested extends ItaniumNode {
        final ItaniumNode scope;
        final ItaniumNode name;

        Nested(ItaniumNode scope, ItaniumNode name) {
            this.scope = scope;
            this.name = name;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            scope.print(p);
            p.append("::");
            name.print(p);
        }

        @Override
        boolean isSimpleExpression() {
            return true;
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(scope, name);
        }
    }

    /** {@code name<args>}, with GNU's spaces that keep {@code < <} and {@code > >} apart. */
    static final class Template extends ItaniumNode {
        final ItaniumNode name;
        final List<ItaniumNode> args;

        Template(ItaniumNode name, List<ItaniumNode> args) {
            this.name = name;
            this.args = args;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            name.print(p);
            if (p.last() == '<') {
                p.append(' ');
            }
            p.append('<');
            p.printList(args);
            if (p.last() == '>') {
                p.append(' ');
            }
            p.append('>');
        }

        @Override
        List<ItaniumNode> children() {
            List<ItaniumNode> all = new ArrayList<>(args);
            all.add(0, name);
            return all;
        }
    }

    /** A template argument pack ({@code J...E}): its elements joined by commas. */
    static final class ArgPack extends ItaniumNode {
        final List<ItaniumNode> args;

        ArgPack(List<ItaniumNode> args) {
            this.args = args;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.printList(args);
        }

        @Override
        List<ItaniumNode> children() {
            return args;
        }
    }

    /** {@code T_}: the argument of the innermost enclosing function template, looked up while printing. */
    static final class TemplateParam extends ItaniumNode {
        final int index;

        TemplateParam(int index) {
            this.index = index;
        }

        /** The argument, or null when there is no such argument (then printing fails, as in GNU). */
        ItaniumNode lookup(ItaniumPrinter p) {
            if (p.templates == null || index >= p.templates.args().size()) {
                return null;
            }
            return p.templates.args().get(index);
        }

        private ItaniumNode argument(ItaniumPrinter p) {
            ItaniumNode a = lookup(p);
            if (a instanceof ArgPack pack) {
                a = p.packIndex >= 0 && p.packIndex < pack.args.size() ? pack.args.get(p.packIndex) : null;
            }
            if (a == null) {
                throw DemangleFailure.INSTANCE;
            }
            return a;
        }

        @Override
        ItaniumNode resolve(ItaniumPrinter p) {
            if (p.lambdaArg) {
                return this;
            }
            ItaniumNode a = argument(p);
            ItaniumPrinter.Scope held = p.templates;
            p.templates = held.next();
            try {
                return a.resolve(p);
            } finally {
                p.templates = held;
            }
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            if (p.lambdaArg) {
                p.append("auto:").append(Integer.toString(index + 1));
                return;
            }
            ItaniumNode a = argument(p);
            ItaniumPrinter.Scope held = p.templates;
            p.templates = held.next();
            try {
                a.left(p);
            } finally {
                p.templates = held;
            }
        }

        @Override
        void printRight(ItaniumPrinter p) {
            if (p.lambdaArg) {
                return;
            }
            ItaniumNode a = argument(p);
            ItaniumPrinter.Scope held = p.templates;
            p.templates = held.next();
            try {
                a.right(p);
            } finally {
                p.templates = held;
            }
        }

        @Override
        boolean isFunction(ItaniumPrinter p) {
            ItaniumNode r = resolve(p);
            return r != this && r.isFunction(p);
        }

        @Override
        boolean isArray(ItaniumPrinter p) {
            ItaniumNode r = resolve(p);
            return r != this && r.isArray(p);
        }

        @Override
        boolean hasRightPart(ItaniumPrinter p) {
            ItaniumNode r = resolve(p);
            return r != this && r.hasRightPart(p);
        }

        @Override
        ArgPack findPack(ItaniumPrinter p, int budget) {
            return lookup(p) instanceof ArgPack pack ? pack : null;
        }
    }

    /** A fixed prefix before a node: {@code vtable for X}, {@code non-virtual thunk to f()}. */
    static final class Special extends ItaniumNode {
        final String prefix;
        final ItaniumNode child;

        Special(String prefix, ItaniumNode child) {
            this.prefix = prefix;
            this.child = child;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append(prefix);
            child.print(p);
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(child);
        }
    }

    /** {@code construction vtable for Base-in-Derived}. */
    static final class ConstructionVtable extends ItaniumNode {
        final ItaniumNode base;
        final ItaniumNode derived;

        ConstructionVtable(ItaniumNode base, ItaniumNode derived) {
            this.base = base;
            this.derived = derived;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append("construction vtable for ");
            base.print(p);
            p.append("-in-");
            derived.print(p);
        }
    }

    /** {@code reference temporary #N for name}. */
    static final class ReferenceTemporary extends ItaniumNode {
        final ItaniumNode name;
        final String number;

        ReferenceTemporary(ItaniumNode name, String number) {
            this.name = name;
            this.number = number;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append("reference temporary #").append(number).append(" for ");
            name.print(p);
        }
    }

    /** A constructor or destructor: the class's own name, with {@code ~} for a destructor. */
    static final class Structor extends ItaniumNode {
        final ItaniumNode className;
        final boolean destructor;

        Structor(ItaniumNode className, boolean destructor) {
            this.className = className;
            this.destructor = destructor;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            if (destructor) {
                p.append('~');
            }
            className.print(p);
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(className);
        }
    }

    /** {@code name[abi:tag]}. */
    static final class AbiTagged extends ItaniumNode {
        final ItaniumNode name;
        final String tag;

        AbiTagged(ItaniumNode name, String tag) {
            this.name = name;
            this.tag = tag;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            name.print(p);
            p.append("[abi:").append(tag).append(']');
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(name);
        }
    }

    /** An operator used as a function name: {@code operator+}, {@code operator new}. */
    static final class OperatorName extends ItaniumNode {
        final ItaniumOperators.Op op;

        OperatorName(ItaniumOperators.Op op) {
            this.op = op;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append("operator");
            String name = op.name();
            if (Character.isLowerCase(name.charAt(0))) {
                p.append(' ');
            }
            p.append(name.endsWith(" ") ? name.substring(0, name.length() - 1) : name);
        }
    }

    /** {@code operator"" _suffix}. */
    static final class LiteralOperator extends ItaniumNode {
        final ItaniumNode name;

        LiteralOperator(ItaniumNode name) {
            this.name = name;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append("operator\"\" ");
            name.print(p);
        }
    }

    /** A conversion operator: {@code operator int}. */
    static final class Conversion extends ItaniumNode {
        final ItaniumNode type;

        Conversion(ItaniumNode type) {
            this.type = type;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append("operator ");
            type.print(p);
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(type);
        }
    }

    /** A closure type: {@code {lambda(int)#1}}; template parameters in its signature print as {@code auto:N}. */
    static final class Lambda extends ItaniumNode {
        final List<ItaniumNode> params;
        final long number;

        Lambda(List<ItaniumNode> params, long number) {
            this.params = params;
            this.number = number;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append("{lambda(");
            boolean held = p.lambdaArg;
            p.lambdaArg = true;
            try {
                p.printList(params);
            } finally {
                p.lambdaArg = held;
            }
            p.append(")#").append(Long.toString(number + 1)).append('}');
        }

        @Override
        ArgPack findPack(ItaniumPrinter p, int budget) {
            return null;
        }
    }

    /** {@code {unnamed type#N}}. */
    static final class UnnamedType extends ItaniumNode {
        final long number;

        UnnamedType(long number) {
            this.number = number;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append("{unnamed type#").append(Long.toString(number + 1)).append('}');
        }
    }

    /** An entity local to a function: {@code f(int)::x}. */
    static final class Local extends ItaniumNode {
        final ItaniumNode function;
        final ItaniumNode entity;

        Local(ItaniumNode function, ItaniumNode entity) {
            this.function = function;
            this.entity = entity;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            function.print(p);
            p.append("::");
            entity.print(p);
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(function, entity);
        }
    }

    /** {@code {default arg#N}::name}, for entities local to a default argument. */
    static final class DefaultArg extends ItaniumNode {
        final long number;
        final ItaniumNode name;

        DefaultArg(long number, ItaniumNode name) {
            this.number = number;
            this.name = name;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append("{default arg#").append(Long.toString(number + 1)).append("}::");
            name.print(p);
        }
    }

    /** A compiler clone of a function: {@code f() [clone .cold]}. */
    static final class Clone extends ItaniumNode {
        final ItaniumNode encoding;
        final String suffix;

        Clone(ItaniumNode encoding, String suffix) {
            this.encoding = encoding;
            this.suffix = suffix;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            encoding.print(p);
            p.append(" [clone ").append(suffix).append(']');
        }
    }

    /**
     * A function: return type (for templates), name, parameters, then qualifiers of {@code this}. While it prints,
     * a template name's arguments are the ones {@code T_} refers to.
     */
    static final class Encoding extends ItaniumNode {
        final ItaniumNode name;
        final FunctionType type;
        final String qualifiers;

        Encoding(ItaniumNode name, FunctionType type, String qualifiers) {
            this.name = name;
            this.type = type;
            this.qualifiers = qualifiers;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            printIn(p, false);
        }

        /** Prints just the qualified name (no return type, parameters or qualifiers) in its template scope. */
        void printNameOnly(ItaniumPrinter p) {
            printIn(p, true);
        }

        private void printIn(ItaniumPrinter p, boolean nameOnly) {
            ItaniumNode typed = name;
            if (typed instanceof Local local) {
                typed = local.entity;
                if (typed instanceof DefaultArg arg) {
                    typed = arg.name;
                }
            }
            ItaniumPrinter.Scope held = p.templates;
            if (typed instanceof Template t) {
                p.templates = new ItaniumPrinter.Scope(t.args, held);
            }
            try {
                if (nameOnly) {
                    name.print(p);
                    return;
                }
                ItaniumNode ret = type.ret;
                boolean split = ret != null && ret.hasRightPart(p);
                if (ret != null) {
                    if (split) {
                        ret.left(p);
                    } else {
                        ret.print(p);
                        p.append(' ');
                    }
                }
                name.print(p);
                type.printParameters(p);
                if (split) {
                    ret.right(p);
                }
                p.append(qualifiers);
            } finally {
                p.templates = held;
            }
        }

        @Override
        List<ItaniumNode> children() {
            return List.of(name, type);
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
            if (!p.lambdaArg && pointee instanceof TemplateParam param) {
                sub = param.lookup(p);
                if (sub instanceof ArgPack pack) {
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
            ArgPack pack = pattern.findPack(p, 512);
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
        ArgPack findPack(ItaniumPrinter p, int budget) {
            return null;
        }
    }
}
