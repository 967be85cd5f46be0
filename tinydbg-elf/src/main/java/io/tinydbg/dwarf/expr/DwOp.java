package io.tinydbg.dwarf.expr;

/**
 * The DW_OP codes of DWARF 5 and the GNU extensions, with the name and the operand layout of each. The layout
 * is a compact string read by {@link Expression#parse}: {@code A} target address, {@code 1 2 4 8} unsigned of that
 * many bytes, {@code b h w q} signed of 1/2/4/8 bytes, {@code u} ULEB128, {@code s} SLEB128, {@code O} a
 * section offset of the unit's offset size, {@code B} a ULEB128 length and that many bytes, {@code C} a one-byte
 * length and that many bytes, {@code E} a pointer-encoding byte and a pointer (GNU_encoded_addr).
 */
public final class DwOp {
    private DwOp() {
    }

    public static final int ADDR = 0x03;
    public static final int DEREF = 0x06;
    public static final int CONST1U = 0x08;
    public static final int CONST1S = 0x09;
    public static final int CONST2U = 0x0a;
    public static final int CONST2S = 0x0b;
    public static final int CONST4U = 0x0c;
    public static final int CONST4S = 0x0d;
    public static final int CONST8U = 0x0e;
    public static final int CONST8S = 0x0f;
    public static final int CONSTU = 0x10;
    public static final int CONSTS = 0x11;
    public static final int DUP = 0x12;
    public static final int DROP = 0x13;
    public static final int OVER = 0x14;
    public static final int PICK = 0x15;
    public static final int SWAP = 0x16;
    public static final int ROT = 0x17;
    public static final int XDEREF = 0x18;
    public static final int ABS = 0x19;
    public static final int AND = 0x1a;
    public static final int DIV = 0x1b;
    public static final int MINUS = 0x1c;
    public static final int MOD = 0x1d;
    public static final int MUL = 0x1e;
    public static final int NEG = 0x1f;
    public static final int NOT = 0x20;
    public static final int OR = 0x21;
    public static final int PLUS = 0x22;
    public static final int PLUS_UCONST = 0x23;
    public static final int SHL = 0x24;
    public static final int SHR = 0x25;
    public static final int SHRA = 0x26;
    public static final int XOR = 0x27;
    public static final int BRA = 0x28;
    public static final int EQ = 0x29;
    public static final int GE = 0x2a;
    public static final int GT = 0x2b;
    public static final int LE = 0x2c;
    public static final int LT = 0x2d;
    public static final int NE = 0x2e;
    public static final int SKIP = 0x2f;
    public static final int LIT0 = 0x30;
    public static final int LIT31 = 0x4f;
    public static final int REG0 = 0x50;
    public static final int REG31 = 0x6f;
    public static final int BREG0 = 0x70;
    public static final int BREG31 = 0x8f;
    public static final int REGX = 0x90;
    public static final int FBREG = 0x91;
    public static final int BREGX = 0x92;
    public static final int PIECE = 0x93;
    public static final int DEREF_SIZE = 0x94;
    public static final int XDEREF_SIZE = 0x95;
    public static final int NOP = 0x96;
    public static final int PUSH_OBJECT_ADDRESS = 0x97;
    public static final int CALL2 = 0x98;
    public static final int CALL4 = 0x99;
    public static final int CALL_REF = 0x9a;
    public static final int FORM_TLS_ADDRESS = 0x9b;
    public static final int CALL_FRAME_CFA = 0x9c;
    public static final int BIT_PIECE = 0x9d;
    public static final int IMPLICIT_VALUE = 0x9e;
    public static final int STACK_VALUE = 0x9f;
    public static final int IMPLICIT_POINTER = 0xa0;
    public static final int ADDRX = 0xa1;
    public static final int CONSTX = 0xa2;
    public static final int ENTRY_VALUE = 0xa3;
    public static final int CONST_TYPE = 0xa4;
    public static final int REGVAL_TYPE = 0xa5;
    public static final int DEREF_TYPE = 0xa6;
    public static final int XDEREF_TYPE = 0xa7;
    public static final int CONVERT = 0xa8;
    public static final int REINTERPRET = 0xa9;
    public static final int GNU_PUSH_TLS_ADDRESS = 0xe0;
    public static final int GNU_UNINIT = 0xf0;
    public static final int GNU_ENCODED_ADDR = 0xf1;
    public static final int GNU_IMPLICIT_POINTER = 0xf2;
    public static final int GNU_ENTRY_VALUE = 0xf3;
    public static final int GNU_CONST_TYPE = 0xf4;
    public static final int GNU_REGVAL_TYPE = 0xf5;
    public static final int GNU_DEREF_TYPE = 0xf6;
    public static final int GNU_CONVERT = 0xf7;
    public static final int GNU_REINTERPRET = 0xf9;
    public static final int GNU_PARAMETER_REF = 0xfa;
    public static final int GNU_ADDR_INDEX = 0xfb;
    public static final int GNU_CONST_INDEX = 0xfc;
    public static final int GNU_VARIABLE_VALUE = 0xfd;

    private static final String[] NAMES = new String[256];
    private static final String[] LAYOUTS = new String[256];

    private static void def(int code, String name, String layout) {
        NAMES[code] = "DW_OP_" + name;
        LAYOUTS[code] = layout;
    }

    static {
        def(ADDR, "addr", "A");
        def(DEREF, "deref", "");
        def(CONST1U, "const1u", "1");
        def(CONST1S, "const1s", "b");
        def(CONST2U, "const2u", "2");
        def(CONST2S, "const2s", "h");
        def(CONST4U, "const4u", "4");
        def(CONST4S, "const4s", "w");
        def(CONST8U, "const8u", "8");
        def(CONST8S, "const8s", "q");
        def(CONSTU, "constu", "u");
        def(CONSTS, "consts", "s");
        def(DUP, "dup", "");
        def(DROP, "drop", "");
        def(OVER, "over", "");
        def(PICK, "pick", "1");
        def(SWAP, "swap", "");
        def(ROT, "rot", "");
        def(XDEREF, "xderef", "");
        def(ABS, "abs", "");
        def(AND, "and", "");
        def(DIV, "div", "");
        def(MINUS, "minus", "");
        def(MOD, "mod", "");
        def(MUL, "mul", "");
        def(NEG, "neg", "");
        def(NOT, "not", "");
        def(OR, "or", "");
        def(PLUS, "plus", "");
        def(PLUS_UCONST, "plus_uconst", "u");
        def(SHL, "shl", "");
        def(SHR, "shr", "");
        def(SHRA, "shra", "");
        def(XOR, "xor", "");
        def(BRA, "bra", "h");
        def(EQ, "eq", "");
        def(GE, "ge", "");
        def(GT, "gt", "");
        def(LE, "le", "");
        def(LT, "lt", "");
        def(NE, "ne", "");
        def(SKIP, "skip", "h");
        for (int i = 0; i < 32; i++) {
            def(LIT0 + i, "lit" + i, "");
            def(REG0 + i, "reg" + i, "");
            def(BREG0 + i, "breg" + i, "s");
        }
        def(REGX, "regx", "u");
        def(FBREG, "fbreg", "s");
        def(BREGX, "bregx", "us");
        def(PIECE, "piece", "u");
        def(DEREF_SIZE, "deref_size", "1");
        def(XDEREF_SIZE, "xderef_size", "1");
        def(NOP, "nop", "");
        def(PUSH_OBJECT_ADDRESS, "push_object_address", "");
        def(CALL2, "call2", "2");
        def(CALL4, "call4", "4");
        def(CALL_REF, "call_ref", "O");
        def(FORM_TLS_ADDRESS, "form_tls_address", "");
        def(CALL_FRAME_CFA, "call_frame_cfa", "");
        def(BIT_PIECE, "bit_piece", "uu");
        def(IMPLICIT_VALUE, "implicit_value", "B");
        def(STACK_VALUE, "stack_value", "");
        def(IMPLICIT_POINTER, "implicit_pointer", "Os");
        def(ADDRX, "addrx", "u");
        def(CONSTX, "constx", "u");
        def(ENTRY_VALUE, "entry_value", "B");
        def(CONST_TYPE, "const_type", "uC");
        def(REGVAL_TYPE, "regval_type", "uu");
        def(DEREF_TYPE, "deref_type", "1u");
        def(XDEREF_TYPE, "xderef_type", "1u");
        def(CONVERT, "convert", "u");
        def(REINTERPRET, "reinterpret", "u");
        def(GNU_PUSH_TLS_ADDRESS, "GNU_push_tls_address", "");
        def(GNU_UNINIT, "GNU_uninit", "");
        def(GNU_ENCODED_ADDR, "GNU_encoded_addr", "E");
        def(GNU_IMPLICIT_POINTER, "GNU_implicit_pointer", "Os");
        def(GNU_ENTRY_VALUE, "GNU_entry_value", "B");
        def(GNU_CONST_TYPE, "GNU_const_type", "uC");
        def(GNU_REGVAL_TYPE, "GNU_regval_type", "uu");
        def(GNU_DEREF_TYPE, "GNU_deref_type", "1u");
        def(GNU_CONVERT, "GNU_convert", "u");
        def(GNU_REINTERPRET, "GNU_reinterpret", "u");
        def(GNU_PARAMETER_REF, "GNU_parameter_ref", "4");
        def(GNU_ADDR_INDEX, "GNU_addr_index", "u");
        def(GNU_CONST_INDEX, "GNU_const_index", "u");
        def(GNU_VARIABLE_VALUE, "GNU_variable_value", "O");
    }

    /** The spec name of {@code opcode}, or null when it is not a known operation. */
    public static String name(int opcode) {
        return opcode >= 0 && opcode < 256 ? NAMES[opcode] : null;
    }

    /** The operand layout of {@code opcode} (see the class comment), or null when unknown. */
    static String layout(int opcode) {
        return opcode >= 0 && opcode < 256 ? LAYOUTS[opcode] : null;
    }
}
