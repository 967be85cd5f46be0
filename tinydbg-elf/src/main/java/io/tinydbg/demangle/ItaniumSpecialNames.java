package io.tinydbg.demangle;

/**
 * Itanium special names ({@code _ZT...}, {@code _ZG...}): vtables, typeinfo, thunks, guard variables, TLS
 * wrappers, transaction clones; each is a fixed English prefix before a type, name or encoding.
 */
final class ItaniumSpecialNames {
    private final ItaniumParser p;

    ItaniumSpecialNames(ItaniumParser parser) {
        this.p = parser;
    }

    ItaniumNode specialName() {
        char kind = p.next();
        char c = p.next();
        if (kind == 'T') {
            switch (c) {
                case 'V': return new ItaniumNodes.Special("vtable for ", p.type());
                case 'T': return new ItaniumNodes.Special("VTT for ", p.type());
                case 'I': return new ItaniumNodes.Special("typeinfo for ", p.type());
                case 'S': return new ItaniumNodes.Special("typeinfo name for ", p.type());
                case 'F': return new ItaniumNodes.Special("typeinfo fn for ", p.type());
                case 'J': return new ItaniumNodes.Special("java Class for ", p.type());
                case 'H': return new ItaniumNodes.Special("TLS init function for ", p.name());
                case 'W': return new ItaniumNodes.Special("TLS wrapper function for ", p.name());
                case 'A': return new ItaniumNodes.Special("template parameter object for ", p.templateArg());
                case 'h':
                    callOffset('h');
                    return new ItaniumNodes.Special("non-virtual thunk to ", p.encoding());
                case 'v':
                    callOffset('v');
                    return new ItaniumNodes.Special("virtual thunk to ", p.encoding());
                case 'c':
                    callOffset(p.next());
                    callOffset(p.next());
                    return new ItaniumNodes.Special("covariant return thunk to ", p.encoding());
                case 'C': {
                    ItaniumNode derived = p.type();
                    if (p.number() < 0) {
                        throw ItaniumCursor.fail();
                    }
                    p.expect('_');
                    return new ItaniumNodes.ConstructionVtable(p.type(), derived);
                }
                default: throw ItaniumCursor.fail();
            }
        }
        switch (c) {
            case 'V': return new ItaniumNodes.Special("guard variable for ", p.name());
            case 'R': {
                ItaniumNode name = p.name();
                int start = p.pos;
                long n = p.number();
                if (n < 0) {
                    throw ItaniumCursor.fail();
                }
                return new ItaniumNodes.ReferenceTemporary(name, p.text.substring(start, p.pos));
            }
            case 'A': return new ItaniumNodes.Special("hidden alias for ", p.encoding());
            case 'T': {
                char t = p.next();
                if (t == 'n') {
                    return new ItaniumNodes.Special("non-transaction clone for ", p.encoding());
                }
                if (t == 't') {
                    return new ItaniumNodes.Special("transaction clone for ", p.encoding());
                }
                throw ItaniumCursor.fail();
            }
            default: throw ItaniumCursor.fail();
        }
    }

    private void callOffset(char c) {
        if (c == 'h') {
            p.number();
        } else if (c == 'v') {
            p.number();
            p.expect('_');
            p.number();
        } else {
            throw ItaniumCursor.fail();
        }
        p.expect('_');
    }
}
