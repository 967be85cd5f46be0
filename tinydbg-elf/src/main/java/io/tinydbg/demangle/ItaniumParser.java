package io.tinydbg.demangle;

import io.tinydbg.demangle.ItaniumNodes.ArgPack;
import io.tinydbg.demangle.ItaniumNodes.Encoding;
import io.tinydbg.demangle.ItaniumNodes.Local;
import io.tinydbg.demangle.ItaniumNodes.Name;
import io.tinydbg.demangle.ItaniumNodes.Nested;
import io.tinydbg.demangle.ItaniumNodes.Template;
import io.tinydbg.demangle.ItaniumTypes.Builtin;
import io.tinydbg.demangle.ItaniumTypes.FunctionType;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser of the Itanium C++ ABI mangling grammar into {@link ItaniumNode}s. It mirrors the
 * decisions of GNU's cp-demangle (which components become substitution candidates, where a return type is
 * present, which clone suffixes are accepted) so that printing the tree gives exactly what c++filt prints.
 * Any malformed input throws {@link DemangleFailure}; nesting depth is bounded.
 */
final class ItaniumParser extends ItaniumCursor {
    private final List<ItaniumNode> substitutions = new ArrayList<>();
    private final ItaniumExpressionParser expressions = new ItaniumExpressionParser(this);
    private final ItaniumSpecialNames specials = new ItaniumSpecialNames(this);
    /** The most recent source name: what a constructor or destructor is called. */
    private ItaniumNode lastName;
    /** Inside a conversion operator's type, where {@code T_ I...E} may be the operator's own template args. */
    private boolean inConversion;
    /** cv- and ref-qualifiers of the last nested name, which belong to the function it names. */
    private String nameQualifiers = "";

    /** c++filt's verbose style spells out standard abbreviations; nm -C and gdb write std::string. */
    private final boolean verbose;

    ItaniumParser(String text, boolean verbose) {
        super(text);
        this.verbose = verbose;
    }

    /** {@code _Z <encoding> [clone suffixes]}, consuming the whole input. */
    ItaniumNode mangledName() {
        expect('_');
        expect('Z');
        ItaniumNode node = encoding();
        while (peek() == '.' && (isLower(peek(1)) || peek(1) == '_' || isDigit(peek(1)))) {
            node = new ItaniumNodes.Clone(node, cloneSuffix());
        }
        if (!atEnd()) {
            throw fail();
        }
        return node;
    }

    private String cloneSuffix() {
        int start = pos;
        pos += 2;
        while (isLower(peek()) || isDigit(peek()) || peek() == '_') {
            pos++;
        }
        while (peek() == '.' && isDigit(peek(1))) {
            pos += 2;
            while (isDigit(peek())) {
                pos++;
            }
        }
        return text.substring(start, pos);
    }

    ItaniumNode encoding() {
        enter();
        try {
            char c = peek();
            if (c == 'T' || c == 'G') {
                return specials.specialName();
            }
            nameQualifiers = "";
            ItaniumNode name = name();
            String qualifiers = nameQualifiers;
            nameQualifiers = "";
            c = peek();
            if (atEnd() || c == 'E' || c == '.') {
                // A data name keeps qualifiers of its nested name, as GNU prints them ("x volatile").
                return qualifiers.isEmpty() ? name : new ItaniumTypes.Suffixed(name, qualifiers);
            }
            // A leading 'J' says the return type is encoded even where it normally is not.
            boolean hasReturnType = consume('J') || hasReturnType(name);
            ItaniumNode ret = hasReturnType ? type() : null;
            return new Encoding(name, new FunctionType(ret, parameters(), ""), qualifiers);
        } finally {
            leave();
        }
    }

    private static boolean hasReturnType(ItaniumNode name) {
        if (name instanceof Local local) {
            return hasReturnType(local.entity);
        }
        return name instanceof Template t && !isStructorOrConversion(t.name);
    }

    private static boolean isStructorOrConversion(ItaniumNode name) {
        if (name instanceof Nested n) {
            return isStructorOrConversion(n.name);
        }
        if (name instanceof Local l) {
            return isStructorOrConversion(l.entity);
        }
        return name instanceof ItaniumNodes.Structor || name instanceof ItaniumNodes.Conversion;
    }

    /** Parameter types up to the end of the enclosing construct; a lone {@code void} means none. */
    private List<ItaniumNode> parameters() {
        List<ItaniumNode> params = new ArrayList<>();
        while (true) {
            char c = peek();
            if (atEnd() || c == 'E' || c == '.' || c == 'Q') {
                break;
            }
            if ((c == 'R' || c == 'O') && peek(1) == 'E') {
                break;
            }
            params.add(type());
        }
        if (params.isEmpty()) {
            throw fail();
        }
        if (params.size() == 1 && params.get(0) instanceof Builtin b && b.code.equals("v")) {
            params.clear();
        }
        return params;
    }

    ItaniumNode name() {
        enter();
        try {
            char c = peek();
            switch (c) {
                case 'N': return nestedName();
                case 'Z': return localName();
                case 'U': return unqualifiedName(null);
                case 'S': {
                    ItaniumNode n;
                    boolean substituted;
                    if (peek(1) == 't') {
                        pos += 2;
                        n = unqualifiedName(new Name("std"));
                        substituted = false;
                    } else {
                        n = substitution(false);
                        substituted = true;
                    }
                    if (peek() == 'I') {
                        if (!substituted) {
                            substitutions.add(n);
                        }
                        n = new Template(n, templateArgs());
                    }
                    return n;
                }
                default: {
                    ItaniumNode n = unqualifiedName(null);
                    if (peek() == 'I') {
                        substitutions.add(n);
                        n = new Template(n, templateArgs());
                    }
                    return n;
                }
            }
        } finally {
            leave();
        }
    }

    private ItaniumNode nestedName() {
        expect('N');
        String cv = cvQualifierText(cvQualifiers());
        String ref = "";
        if (peek() == 'R') {
            pos++;
            ref = " &";
        } else if (peek() == 'O') {
            pos++;
            ref = " &&";
        }
        ItaniumNode prefix = prefix();
        expect('E');
        nameQualifiers = cv + ref;
        return prefix;
    }

    private ItaniumNode prefix() {
        ItaniumNode ret = null;
        while (true) {
            char c = peek();
            if (c == 'D' && (peek(1) == 'T' || peek(1) == 't')) {
                if (ret != null) {
                    throw fail();
                }
                ret = type();
            } else if (c == 'I') {
                if (ret == null) {
                    throw fail();
                }
                ret = new Template(ret, templateArgs());
            } else if (c == 'T') {
                if (ret != null) {
                    throw fail();
                }
                ret = templateParam();
            } else if (c == 'M') {
                pos++;
                continue;
            } else if (c == 'S') {
                ItaniumNode sub = substitution(true);
                if (ret != null) {
                    throw fail();
                }
                ret = sub;
                continue;
            } else {
                ret = unqualifiedName(ret);
            }
            if (peek() == 'E') {
                return ret;
            }
            substitutions.add(ret);
        }
    }

    private ItaniumNode localName() {
        expect('Z');
        ItaniumNode function = encoding();
        expect('E');
        ItaniumNode entity;
        if (peek() == 's') {
            pos++;
            discriminator();
            entity = new Name("string literal");
        } else {
            long number = -1;
            if (peek() == 'd') {
                pos++;
                number = compactNumber();
            }
            entity = name();
            if (!(entity instanceof ItaniumNodes.Lambda) && !(entity instanceof ItaniumNodes.UnnamedType)) {
                discriminator();
            }
            if (number >= 0) {
                entity = new ItaniumNodes.DefaultArg(number, entity);
            }
        }
        // GNU elides the enclosing function's return type so it is not mistaken for the local entity's.
        if (function instanceof Encoding enc && enc.type.ret != null) {
            function = new Encoding(enc.name, new FunctionType(null, enc.type.params, enc.type.qualifiers),
                    enc.qualifiers);
        }
        return new Local(function, entity);
    }

    private void discriminator() {
        if (peek() != '_') {
            return;
        }
        pos++;
        boolean twoUnderscores = false;
        if (peek() == '_') {
            twoUnderscores = true;
            pos++;
        }
        long n = number();
        if (n < 0) {
            throw fail();
        }
        if (twoUnderscores && n >= 10) {
            expect('_');
        }
    }

    /** An unqualified name, qualified by {@code scope} when given; abi tags attach to it. */
    ItaniumNode unqualifiedName(ItaniumNode scope) {
        char c = peek();
        ItaniumNode n;
        if (isDigit(c)) {
            n = sourceName();
        } else if (isLower(c)) {
            n = operatorName();
        } else if (c == 'C' || c == 'D') {
            n = structorName();
        } else if (c == 'U' && peek(1) == 't') {
            pos += 2;
            n = new ItaniumNodes.UnnamedType(compactNumber());
            substitutions.add(n);
        } else if (c == 'U' && peek(1) == 'l') {
            pos += 2;
            List<ItaniumNode> params = parameters();
            expect('E');
            // Unlike an unnamed type, GNU does not make a closure type a substitution candidate by itself.
            n = new ItaniumNodes.Lambda(params, compactNumber());
        } else if (c == 'L') {
            pos++;
            n = sourceName();
            discriminator();
        } else {
            throw fail();
        }
        while (peek() == 'B') {
            pos++;
            ItaniumNode held = lastName;
            String tag = identifier();
            lastName = held;
            n = new ItaniumNodes.AbiTagged(n, tag);
        }
        return scope == null ? n : new Nested(scope, n);
    }

    private ItaniumNode operatorName() {
        char c1 = next();
        char c2 = next();
        if (c1 == 'c' && c2 == 'v') {
            boolean held = inConversion;
            inConversion = true;
            try {
                return new ItaniumNodes.Conversion(type());
            } finally {
                inConversion = held;
            }
        }
        if (c1 == 'l' && c2 == 'i') {
            return new ItaniumNodes.LiteralOperator(sourceName());
        }
        if (c1 == 'v' && isDigit(c2)) {
            return new ItaniumNodes.Special("operator ", sourceName()); // vendor extended operator
        }
        ItaniumOperators.Op op = ItaniumOperators.byCode("" + c1 + c2);
        if (op == null) {
            throw fail();
        }
        return new ItaniumNodes.OperatorName(op);
    }

    private ItaniumNode structorName() {
        if (lastName == null) {
            throw fail();
        }
        char c = next();
        if (c == 'C') {
            boolean inheriting = peek() == 'I';
            if (inheriting) {
                pos++;
            }
            char k = next();
            if (k < '1' || k > '5') {
                throw fail();
            }
            if (inheriting) {
                type(); // the base class whose constructor is inherited; GNU prints its name
            }
            return new ItaniumNodes.Structor(lastName, false);
        }
        char k = next();
        if (k != '0' && k != '1' && k != '2' && k != '4' && k != '5') {
            throw fail();
        }
        return new ItaniumNodes.Structor(lastName, true);
    }

    /** A length-prefixed identifier, remembered as the last name; {@code _GLOBAL__N} is the anonymous namespace. */
    ItaniumNode sourceName() {
        String id = identifier();
        ItaniumNode n;
        if (id.length() >= 10 && id.startsWith("_GLOBAL_")
                && (id.charAt(8) == '.' || id.charAt(8) == '_' || id.charAt(8) == '$') && id.charAt(9) == 'N') {
            n = new Name("(anonymous namespace)");
        } else {
            n = new Name(id);
        }
        lastName = n;
        return n;
    }

    private String identifier() {
        long length = number();
        if (length <= 0 || length > text.length() - pos) {
            throw fail();
        }
        String id = text.substring(pos, pos + (int) length);
        pos += (int) length;
        return id;
    }

    /**
     * {@code S_}, {@code S<seq-id>_} or a standard abbreviation such as {@code St}, {@code Ss}. In the concise
     * style {@code Ss} is {@code std::string}, except as the prefix of a constructor or destructor name.
     */
    ItaniumNode substitution(boolean inPrefix) {
        expect('S');
        char c = peek();
        if (c == '_' || isDigit(c) || isUpper(c)) {
            long id = 0;
            if (c != '_') {
                while (peek() != '_') {
                    char d = next();
                    int v;
                    if (isDigit(d)) {
                        v = d - '0';
                    } else if (isUpper(d)) {
                        v = d - 'A' + 10;
                    } else {
                        throw fail();
                    }
                    id = id * 36 + v;
                    if (id > substitutions.size()) {
                        throw fail();
                    }
                }
                id++;
            }
            expect('_');
            if (id >= substitutions.size()) {
                throw fail();
            }
            return substitutions.get((int) id);
        }
        pos++;
        boolean spellOut = verbose || (inPrefix && (peek() == 'C' || peek() == 'D'));
        String full;
        String last;
        switch (c) {
            case 't' -> {
                full = "std";
                last = null;
            }
            case 'a' -> {
                full = "std::allocator";
                last = "allocator";
            }
            case 'b' -> {
                full = "std::basic_string";
                last = "basic_string";
            }
            case 's' -> {
                full = spellOut ? "std::basic_string<char, std::char_traits<char>, std::allocator<char> >" : "std::string";
                last = "basic_string";
            }
            case 'i' -> {
                full = spellOut ? "std::basic_istream<char, std::char_traits<char> >" : "std::istream";
                last = "basic_istream";
            }
            case 'o' -> {
                full = spellOut ? "std::basic_ostream<char, std::char_traits<char> >" : "std::ostream";
                last = "basic_ostream";
            }
            case 'd' -> {
                full = spellOut ? "std::basic_iostream<char, std::char_traits<char> >" : "std::iostream";
                last = "basic_iostream";
            }
            default -> throw fail();
        }
        if (last != null) {
            lastName = new Name(last);
        }
        return new StandardName(full);
    }

    /** A standard abbreviation; unlike other names it is never itself a new substitution candidate. */
    static final class StandardName extends ItaniumNode {
        final String text;

        StandardName(String text) {
            this.text = text;
        }

        @Override
        void printLeft(ItaniumPrinter p) {
            p.append(text);
        }
    }

    ItaniumNode templateParam() {
        expect('T');
        long index = 0;
        if (peek() != '_') {
            index = number();
            if (index < 0) {
                throw fail();
            }
            index++;
        }
        expect('_');
        return new ItaniumNodes.TemplateParam((int) index);
    }

    List<ItaniumNode> templateArgs() {
        expect('I');
        ItaniumNode held = lastName;
        List<ItaniumNode> args = new ArrayList<>();
        while (!consume('E')) {
            args.add(templateArg());
        }
        lastName = held;
        return args;
    }

    ItaniumNode templateArg() {
        enter();
        try {
            char c = peek();
            if (c == 'X') {
                pos++;
                ItaniumNode e = expressions.expression();
                expect('E');
                return e;
            }
            if (c == 'L') {
                return expressions.primary();
            }
            if (c == 'J' || c == 'I') {
                // 'I' here is GNU's older spelling of an argument pack.
                pos++;
                List<ItaniumNode> args = new ArrayList<>();
                while (!consume('E')) {
                    args.add(templateArg());
                }
                return new ArgPack(args);
            }
            return type();
        } finally {
            leave();
        }
    }

    /** Qualifier letters {@code r V K} in mangled order. */
    private String cvQualifiers() {
        int start = pos;
        while (peek() == 'r' || peek() == 'V' || peek() == 'K') {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** GNU prints qualifiers innermost first, so {@code rVK} reads {@code  const volatile restrict}. */
    private static String cvQualifierText(String letters) {
        StringBuilder b = new StringBuilder();
        for (int i = letters.length() - 1; i >= 0; i--) {
            b.append(qualifierWord(letters.charAt(i)));
        }
        return b.toString();
    }

    private static String qualifierWord(char letter) {
        return switch (letter) {
            case 'r' -> " restrict";
            case 'V' -> " volatile";
            default -> " const";
        };
    }

    ItaniumNode type() {
        enter();
        try {
            ItaniumNode t = typeWithoutSubstitution();
            if (t != null) {
                substitutions.add(t);
                return t;
            }
            return lastUnsubstituted;
        } finally {
            leave();
        }
    }

    /** Set by {@link #typeWithoutSubstitution} when it returns null: a type that is not a candidate. */
    private ItaniumNode lastUnsubstituted;

    private ItaniumNode notCandidate(ItaniumNode t) {
        lastUnsubstituted = t;
        return null;
    }

    private static boolean hasQualifier(ItaniumNode node, String word) {
        while (node instanceof ItaniumTypes.Qualified q) {
            if (q.qualifier.equals(word)) {
                return true;
            }
            node = q.child;
        }
        return false;
    }

    /** A class or enum name; qualifiers of a nested name ({@code NK...E}) qualify the type itself here. */
    private ItaniumNode className() {
        String held = nameQualifiers;
        nameQualifiers = "";
        ItaniumNode named = name();
        String qualifiers = nameQualifiers;
        nameQualifiers = held;
        return qualifiers.isEmpty() ? named : new ItaniumTypes.Qualified(named, qualifiers);
    }

    private ItaniumNode typeWithoutSubstitution() {
        char c = peek();
        if (c == 'r' || c == 'V' || c == 'K') {
            String letters = cvQualifiers();
            if (peek() == 'F') {
                FunctionType f = functionType();
                return new FunctionType(f.ret, f.params, cvQualifierText(letters) + f.qualifiers);
            }
            ItaniumNode node = type();
            for (int i = letters.length() - 1; i >= 0; i--) {
                String word = qualifierWord(letters.charAt(i));
                // GNU prints a qualifier once even when repeated directly around itself (KKi, KS_ with S_ = Ki).
                if (!hasQualifier(node, word)) {
                    node = new ItaniumTypes.Qualified(node, word);
                }
            }
            return node;
        }
        String builtin = ItaniumBuiltins.oneLetter(c);
        if (builtin != null) {
            pos++;
            return notCandidate(new Builtin(String.valueOf(c), builtin));
        }
        switch (c) {
            case 'u': {
                pos++;
                return new Builtin("u", identifier());
            }
            case 'F':
                return functionType();
            case 'N':
            case 'Z':
            case 'L':
            case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
                return className();
            case 'A':
                return arrayType();
            case 'M': {
                pos++;
                ItaniumNode cls = type();
                return new ItaniumTypes.MemberPointer(cls, type());
            }
            case 'T': {
                ItaniumNode param = templateParam();
                if (peek() != 'I') {
                    return param;
                }
                if (!inConversion) {
                    substitutions.add(param);
                    return new Template(param, templateArgs());
                }
                // In "cv T_ I...E" the arguments belong to the conversion operator unless more follow (GNU).
                int mark = pos;
                int subs = substitutions.size();
                ItaniumNode held = lastName;
                List<ItaniumNode> args = templateArgs();
                if (peek() == 'I') {
                    substitutions.add(subs, param);
                    return new Template(param, args);
                }
                pos = mark;
                while (substitutions.size() > subs) {
                    substitutions.remove(substitutions.size() - 1);
                }
                lastName = held;
                return param;
            }
            case 'S': {
                char n = peek(1);
                if (isDigit(n) || n == '_' || isUpper(n)) {
                    ItaniumNode sub = substitution(false);
                    if (peek() == 'I') {
                        return new Template(sub, templateArgs());
                    }
                    return notCandidate(sub);
                }
                ItaniumNode named = className();
                return named instanceof StandardName ? notCandidate(named) : named;
            }
            case 'P':
                pos++;
                return new ItaniumTypes.Pointer(type(), "*");
            case 'R':
                pos++;
                return new ItaniumTypes.Pointer(type(), "&");
            case 'O':
                pos++;
                return new ItaniumTypes.Pointer(type(), "&&");
            case 'C':
                pos++;
                return new ItaniumTypes.Suffixed(type(), " _Complex");
            case 'G':
                pos++;
                return new ItaniumTypes.Suffixed(type(), " _Imaginary");
            case 'U': {
                pos++;
                String qualifier = identifier();
                if (peek() == 'I') {
                    templateArgs();
                }
                return new ItaniumTypes.Qualified(type(), " " + qualifier);
            }
            case 'D':
                return dType();
            default:
                throw fail();
        }
    }

    private ItaniumNode dType() {
        pos++;
        char c = next();
        switch (c) {
            case 'T':
            case 't': {
                ItaniumNode e = expressions.expression();
                expect('E');
                return new ItaniumExpressions.Decltype(e);
            }
            case 'p':
                return new ItaniumTypes.PackExpansion(type());
            case 'F': {
                if (peek() == '1' && peek(1) == '6' && peek(2) == 'b') {
                    pos += 3;
                    return notCandidate(new Builtin("DF16b", "std::bfloat16_t"));
                }
                int start = pos;
                long bits = number();
                if (bits <= 0) {
                    throw fail();
                }
                String digits = text.substring(start, pos);
                if (consume('x')) {
                    return notCandidate(new Builtin("DF", "_Float" + digits + "x"));
                }
                expect('_');
                return notCandidate(new Builtin("DF", "_Float" + digits));
            }
            case 'v': {
                String dimension;
                if (peek() == '_') {
                    pos++;
                    ItaniumPrinter p = new ItaniumPrinter();
                    expressions.expression().print(p);
                    dimension = p.out.toString();
                } else {
                    int start = pos;
                    if (number() < 0) {
                        throw fail();
                    }
                    dimension = text.substring(start, pos);
                }
                expect('_');
                return new ItaniumTypes.Suffixed(type(), " __vector(" + dimension + ")");
            }
            default: {
                String builtin = ItaniumBuiltins.afterD(c);
                if (builtin == null) {
                    throw fail();
                }
                return notCandidate(new Builtin("D" + c, builtin));
            }
        }
    }

    private FunctionType functionType() {
        expect('F');
        consume('Y');
        ItaniumNode ret = type();
        List<ItaniumNode> params = parameters();
        String ref = "";
        if (consume('R')) {
            ref = " &";
        } else if (consume('O')) {
            ref = " &&";
        }
        expect('E');
        return new FunctionType(ret, params, ref);
    }

    private ItaniumNode arrayType() {
        expect('A');
        ItaniumNode dimension = null;
        if (isDigit(peek())) {
            int start = pos;
            while (isDigit(peek())) {
                pos++;
            }
            dimension = new Name(text.substring(start, pos));
        } else if (peek() != '_') {
            dimension = expressions.expression();
        }
        expect('_');
        return new ItaniumTypes.ArrayType(type(), dimension);
    }

    /** {@code _} is 0, {@code <n>_} is n+1. */
    long compactNumber() {
        if (consume('_')) {
            return 0;
        }
        if (peek() == 'n') {
            throw fail();
        }
        long n = number();
        if (n < 0) {
            throw fail();
        }
        expect('_');
        return n + 1;
    }
}
