package io.tinydbg.demangle;

/**
 * Rust's v0 mangling ({@code _R...}), printed while parsing the way GNU's rust-demangle does it: back-references
 * jump to an earlier position and print again, so there is no tree. Verbose mode (what c++filt uses) shows crate
 * disambiguators ({@code std[e28293b1aa0f68bd]}) and the types of const generic arguments.
 */
final class RustV0Printer {
    private static final int MAX_DEPTH = 300;

    private final String sym;
    private final boolean verbose;
    private final OutputBuffer out = new OutputBuffer();
    private int pos;
    private boolean skipping;
    private long boundLifetimeDepth;
    private int depth;

    private RustV0Printer(String sym, boolean verbose) {
        this.sym = sym;
        this.verbose = verbose;
    }

    /** The demangled symbol, or null when {@code symbol} is not a valid v0 name. */
    static String demangle(String symbol, boolean verbose) {
        if (!symbol.startsWith("_R") || symbol.length() < 3 || !isUpper(symbol.charAt(2))) {
            return null;
        }
        // GNU ignores everything from the first '.' (LLVM suffixes such as ".0" or ".llvm.123").
        int dot = symbol.indexOf('.');
        String body = symbol.substring(2, dot < 0 ? symbol.length() : dot);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '_' && !RustLegacy.isAlnum(c)) {
                return null;
            }
        }
        RustV0Printer p = new RustV0Printer(body, verbose);
        try {
            p.path(true);
            if (p.pos < body.length()) {
                p.skipping = true;
                p.path(false);
            }
            return p.pos == body.length() ? p.out.toString() : null;
        } catch (DemangleFailure | StackOverflowError e) {
            return null;
        }
    }

    // ---- reading ----

    private char peek() {
        return pos < sym.length() ? sym.charAt(pos) : '\0';
    }

    private boolean eat(char c) {
        if (pos < sym.length() && sym.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private char next() {
        if (pos >= sym.length()) {
            throw DemangleFailure.INSTANCE;
        }
        return sym.charAt(pos++);
    }

    /** Base-62 number terminated by {@code _}; {@code _} alone is 0, otherwise value+1. */
    private long integer62() {
        if (eat('_')) {
            return 0;
        }
        long x = 0;
        while (!eat('_')) {
            char c = next();
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'z') {
                d = 10 + c - 'a';
            } else if (c >= 'A' && c <= 'Z') {
                d = 36 + c - 'A';
            } else {
                throw DemangleFailure.INSTANCE;
            }
            x = x * 62 + d; // wraps like the C original's uint64_t for absurd input
        }
        return x + 1;
    }

    private long optInteger62(char tag) {
        return eat(tag) ? 1 + integer62() : 0;
    }

    private String hexNibbles() {
        int start = pos;
        while (!eat('_')) {
            char c = next();
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw DemangleFailure.INSTANCE;
            }
        }
        return sym.substring(start, pos - 1);
    }

    /** An identifier: optional {@code u} (punycode), decimal length, optional {@code _}, the bytes. */
    private String ident() {
        boolean punycode = eat('u');
        char c = next();
        if (c < '0' || c > '9') {
            throw DemangleFailure.INSTANCE;
        }
        long len = c - '0';
        if (c != '0') {
            while (peek() >= '0' && peek() <= '9') {
                len = len * 10 + (next() - '0');
                if (len > sym.length()) {
                    throw DemangleFailure.INSTANCE;
                }
            }
        }
        eat('_');
        if (pos + len > sym.length()) {
            throw DemangleFailure.INSTANCE;
        }
        String raw = sym.substring(pos, pos + (int) len);
        pos += (int) len;
        if (!punycode) {
            return raw;
        }
        int sep = raw.lastIndexOf('_');
        String ascii = sep < 0 ? "" : raw.substring(0, sep);
        String code = raw.substring(sep + 1);
        if (code.isEmpty()) {
            throw DemangleFailure.INSTANCE;
        }
        return Punycode.decode(ascii, code);
    }

    // ---- printing ----

    private void print(String s) {
        if (!skipping) {
            out.append(s);
        }
    }

    private void printLifetime(long lt) {
        print("'");
        if (lt == 0) {
            print("_");
            return;
        }
        long d = boundLifetimeDepth - lt;
        if (Long.compareUnsigned(d, 26) < 0) {
            print(String.valueOf((char) ('a' + d)));
        } else {
            print("_");
            print(Long.toUnsignedString(d));
        }
    }

    private void enter() {
        out.tick();
        if (++depth > MAX_DEPTH) {
            throw DemangleFailure.INSTANCE;
        }
    }

    private void binder() {
        long n = optInteger62('G');
        if (n > 0) {
            print("for<");
            for (long i = 0; i < n; i++) {
                if (i > 0) {
                    print(", ");
                }
                boundLifetimeDepth++;
                printLifetime(1);
                out.tick();
            }
            print("> ");
        }
    }

    private void path(boolean inValue) {
        enter();
        try {
            char tag = next();
            switch (tag) {
                case 'C': {
                    long dis = optInteger62('s');
                    String name = ident();
                    print(name);
                    if (verbose) {
                        print("[" + Long.toHexString(dis) + "]");
                    }
                    break;
                }
                case 'N': {
                    char ns = next();
                    if (!isLower(ns) && !isUpper(ns)) {
                        throw DemangleFailure.INSTANCE;
                    }
                    path(inValue);
                    long dis = optInteger62('s');
                    String name = ident();
                    if (isUpper(ns)) {
                        print("::{");
                        print(ns == 'C' ? "closure" : ns == 'S' ? "shim" : String.valueOf(ns));
                        if (!name.isEmpty()) {
                            print(":");
                            print(name);
                        }
                        print("#");
                        print(Long.toUnsignedString(dis));
                        print("}");
                    } else if (!name.isEmpty()) {
                        print("::");
                        print(name);
                    }
                    break;
                }
                case 'M':
                case 'X':
                case 'Y': {
                    if (tag != 'Y') {
                        optInteger62('s');
                        boolean held = skipping;
                        skipping = true;
                        path(inValue);
                        skipping = held;
                    }
                    print("<");
                    type();
                    if (tag != 'M') {
                        print(" as ");
                        path(false);
                    }
                    print(">");
                    break;
                }
                case 'I': {
                    path(inValue);
                    if (inValue) {
                        print("::");
                    }
                    print("<");
                    for (int i = 0; !eat('E'); i++) {
                        if (i > 0) {
                            print(", ");
                        }
                        genericArg();
                    }
                    print(">");
                    break;
                }
                case 'B': {
                    long target = integer62();
                    if (!skipping) {
                        int held = pos;
                        pos = backref(target);
                        path(inValue);
                        pos = held;
                    }
                    break;
                }
                default:
                    throw DemangleFailure.INSTANCE;
            }
        } finally {
            depth--;
        }
    }

    /** A back-reference must point strictly before the current position, or it could loop forever. */
    private int backref(long target) {
        if (target < 0 || target >= pos) {
            throw DemangleFailure.INSTANCE;
        }
        return (int) target;
    }

    private void genericArg() {
        if (eat('L')) {
            printLifetime(integer62());
        } else if (eat('K')) {
            constant();
        } else {
            type();
        }
    }

    private static String basicType(char tag) {
        return switch (tag) {
            case 'b' -> "bool";
            case 'c' -> "char";
            case 'e' -> "str";
            case 'u' -> "()";
            case 'a' -> "i8";
            case 's' -> "i16";
            case 'l' -> "i32";
            case 'x' -> "i64";
            case 'n' -> "i128";
            case 'i' -> "isize";
            case 'h' -> "u8";
            case 't' -> "u16";
            case 'm' -> "u32";
            case 'y' -> "u64";
            case 'o' -> "u128";
            case 'j' -> "usize";
            case 'f' -> "f32";
            case 'd' -> "f64";
            case 'z' -> "!";
            case 'p' -> "_";
            case 'v' -> "...";
            default -> null;
        };
    }

    private void type() {
        enter();
        try {
            char tag = next();
            String basic = basicType(tag);
            if (basic != null) {
                print(basic);
                return;
            }
            switch (tag) {
                case 'R', 'Q' -> {
                    print("&");
                    if (eat('L')) {
                        long lt = integer62();
                        if (lt != 0) {
                            printLifetime(lt);
                            print(" ");
                        }
                    }
                    if (tag != 'R') {
                        print("mut ");
                    }
                    type();
                }
                case 'P', 'O' -> {
                    print(tag == 'P' ? "*const " : "*mut ");
                    type();
                }
                case 'A', 'S' -> {
                    print("[");
                    type();
                    if (tag == 'A') {
                        print("; ");
                        constant();
                    }
                    print("]");
                }
                case 'T' -> {
                    print("(");
                    int i = 0;
                    for (; !eat('E'); i++) {
                        if (i > 0) {
                            print(", ");
                        }
                        type();
                    }
                    if (i == 1) {
                        print(",");
                    }
                    print(")");
                }
                case 'F' -> fnType();
                case 'D' -> dynType();
                case 'B' -> {
                    long target = integer62();
                    if (!skipping) {
                        int held = pos;
                        pos = backref(target);
                        type();
                        pos = held;
                    }
                }
                default -> {
                    pos--;
                    path(false);
                }
            }
        } finally {
            depth--;
        }
    }

    private void fnType() {
        long held = boundLifetimeDepth;
        binder();
        if (eat('U')) {
            print("unsafe ");
        }
        if (eat('K')) {
            String abi;
            if (eat('C')) {
                abi = "C";
            } else {
                boolean punycode = peek() == 'u';
                abi = ident();
                if (abi.isEmpty() || punycode) {
                    throw DemangleFailure.INSTANCE;
                }
            }
            print("extern \"");
            print(abiName(abi));
            print("\" ");
        }
        print("fn(");
        for (int i = 0; !eat('E'); i++) {
            if (i > 0) {
                print(", ");
            }
            type();
        }
        print(")");
        if (!eat('u')) {
            print(" -> ");
            type();
        }
        boundLifetimeDepth = held;
    }

    /**
     * Mangling replaced {@code -} in ABI names by {@code _}; GNU turns them back, skipping the character right
     * after each replaced one (so {@code a__b} prints {@code a-_b}), and we print what GNU prints.
     */
    private static String abiName(String abi) {
        StringBuilder b = new StringBuilder();
        String rest = abi;
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) == '_') {
                b.append(rest, 0, i).append('-');
                rest = rest.substring(i + 1);
                i = 0;
            }
        }
        return b.append(rest).toString();
    }

    private void dynType() {
        print("dyn ");
        long held = boundLifetimeDepth;
        binder();
        for (int i = 0; !eat('E'); i++) {
            if (i > 0) {
                print(" + ");
            }
            dynTrait();
        }
        boundLifetimeDepth = held;
        if (!eat('L')) {
            throw DemangleFailure.INSTANCE;
        }
        long lt = integer62();
        if (lt != 0) {
            print(" + ");
            printLifetime(lt);
        }
    }

    /** A path whose generic argument list is left open, so associated type bindings can join it. */
    private boolean pathMaybeOpenGenerics() {
        enter();
        try {
            if (eat('B')) {
                long target = integer62();
                boolean open = false;
                if (!skipping) {
                    int held = pos;
                    pos = backref(target);
                    open = pathMaybeOpenGenerics();
                    pos = held;
                }
                return open;
            }
            if (eat('I')) {
                path(false);
                print("<");
                for (int i = 0; !eat('E'); i++) {
                    if (i > 0) {
                        print(", ");
                    }
                    genericArg();
                }
                return true;
            }
            path(false);
            return false;
        } finally {
            depth--;
        }
    }

    private void dynTrait() {
        boolean open = pathMaybeOpenGenerics();
        while (eat('p')) {
            print(open ? ", " : "<");
            open = true;
            print(ident());
            print(" = ");
            type();
        }
        if (open) {
            print(">");
        }
    }

    private void constant() {
        enter();
        try {
            if (eat('B')) {
                long target = integer62();
                if (!skipping) {
                    int held = pos;
                    pos = backref(target);
                    constant();
                    pos = held;
                }
                return;
            }
            char tag = next();
            switch (tag) {
                case 'p' -> {
                    print("_");
                    return;
                }
                case 'h', 't', 'm', 'y', 'o', 'j' -> constUnsigned();
                case 'a', 's', 'l', 'x', 'n', 'i' -> {
                    if (eat('n')) {
                        print("-");
                    }
                    constUnsigned();
                }
                case 'b' -> {
                    String hex = hexNibbles();
                    if (hex.length() != 1 || hex.charAt(0) > '1') {
                        throw DemangleFailure.INSTANCE;
                    }
                    print(hex.charAt(0) == '0' ? "false" : "true");
                }
                case 'c' -> constChar();
                default -> throw DemangleFailure.INSTANCE;
            }
            if (verbose) {
                print(": ");
                print(basicType(tag));
            }
        } finally {
            depth--;
        }
    }

    private void constUnsigned() {
        String hex = hexNibbles();
        if (hex.isEmpty()) {
            throw DemangleFailure.INSTANCE;
        }
        if (hex.length() > 16) {
            print("0x");
            print(hex);
        } else {
            print(Long.toUnsignedString(Long.parseUnsignedLong(hex, 16)));
        }
    }

    private void constChar() {
        String hex = hexNibbles();
        if (hex.isEmpty() || hex.length() > 8) {
            throw DemangleFailure.INSTANCE;
        }
        long value = Long.parseLong(hex, 16);
        print("'");
        if (value == '\t') {
            print("\\t");
        } else if (value == '\r') {
            print("\\r");
        } else if (value == '\n') {
            print("\\n");
        } else if (value > ' ' && value < '~') {
            print(String.valueOf((char) value));
        } else {
            print("\\u{" + Long.toHexString(value) + "}");
        }
        print("'");
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
