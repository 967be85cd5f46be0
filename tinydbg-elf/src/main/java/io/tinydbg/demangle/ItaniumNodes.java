package io.tinydbg.demangle;

import java.util.ArrayList;
import java.util.List;

/** Name nodes of the Itanium AST (names, templates, special names, functions), printed the way GNU c++filt does. */
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
        final ItaniumTypes.FunctionType type;
        final String qualifiers;

        Encoding(ItaniumNode name, ItaniumTypes.FunctionType type, String qualifiers) {
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
}
