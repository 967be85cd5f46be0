package io.tinydbg.x86;

/**
 * Which opcodes take a ModRM byte and which immediates follow, per opcode map, for 64-bit mode. Only what
 * instruction length and branch classification need; operands are not named. Sources: the Intel SDM volume 2
 * opcode maps (appendix A) and the AMD APM volume 3 for 3DNow!, XOP and SSE4a.
 */
final class OpcodeTables {
    private OpcodeTables() {
    }

    // Immediate kinds.
    static final int NONE = 0;
    static final int IB = 1;        // imm8
    static final int IW = 2;        // imm16
    static final int IZ = 3;        // imm16 with 66, else imm32
    static final int IV = 4;        // imm64 with REX.W, imm16 with 66, else imm32 (mov r, imm)
    static final int IW_IB = 5;     // enter: imm16 + imm8
    static final int MOFFS = 6;     // 8-byte absolute address, 4 with 67
    static final int REL8 = 7;      // jcc/jmp/loop rel8
    static final int RELZ = 8;      // call/jmp/jcc rel32, rel16 with 66 (as objdump decodes AMD64)
    static final int INVALID = 9;   // #UD in 64-bit mode
    static final int ID = 10;       // imm32 regardless of prefixes (XOP map a)

    /** Immediate kind of each one-byte opcode, for those without ModRM (ModRM forms handled by the decoder). */
    static int oneByteImmediate(int op) {
        if (op < 0x40) {
            switch (op & 7) {
                case 4: return IB;
                case 5: return IZ;
                case 6: case 7:
                    // push/pop es/cs/ss/ds, daa/das/aaa/aas are invalid; 0f/26/2e/36/3e never reach here.
                    return INVALID;
                default: return NONE;
            }
        }
        switch (op) {
            case 0x60: case 0x61: case 0x62: case 0x82: case 0x9a: case 0xce: case 0xd4: case 0xd5: case 0xd6:
            case 0xea:
                return INVALID;
            case 0x68: return IZ;
            case 0x6a: return IB;
            case 0xa0: case 0xa1: case 0xa2: case 0xa3: return MOFFS;
            case 0xa8: return IB;
            case 0xa9: return IZ;
            case 0xc2: case 0xca: return IW;
            case 0xc8: return IW_IB;
            case 0xcd: return IB;
            case 0xe4: case 0xe5: case 0xe6: case 0xe7: return IB;
            case 0xe8: case 0xe9: return RELZ;
            case 0xeb: return REL8;
            default:
                break;
        }
        if (op >= 0x70 && op <= 0x7f || op >= 0xe0 && op <= 0xe3) {
            return REL8;
        }
        if (op >= 0xb0 && op <= 0xb7) {
            return IB;
        }
        if (op >= 0xb8 && op <= 0xbf) {
            return IV;
        }
        return NONE;
    }

    /** True when a one-byte opcode (other than prefixes and escapes) is followed by ModRM. */
    static boolean oneByteHasModrm(int op) {
        if (op < 0x40) {
            return (op & 7) < 4;
        }
        switch (op) {
            case 0x63: case 0x69: case 0x6b: case 0xc0: case 0xc1: case 0xc6: case 0xc7:
            case 0xd0: case 0xd1: case 0xd2: case 0xd3: case 0xf6: case 0xf7: case 0xfe: case 0xff:
                return true;
            default:
                return op >= 0x80 && op <= 0x8f || op >= 0xd8 && op <= 0xdf;
        }
    }

    /** Immediate kind of a ModRM-taking one-byte opcode; {@code reg} is ModRM bits 5:3. */
    static int oneByteModrmImmediate(int op, int reg) {
        switch (op) {
            case 0x69: case 0x81: case 0xc7: return IZ;     // c7 f8 is xbegin rel32, also IZ-sized
            case 0x6b: case 0x80: case 0x83: case 0xc0: case 0xc1: case 0xc6: return IB;
            case 0xf6: return reg < 2 ? IB : NONE;
            case 0xf7: return reg < 2 ? IZ : NONE;
            default: return NONE;
        }
    }

    /** The 0f map: -1 invalid, else bit 0 = ModRM, bits 1.. = immediate kind. */
    static int twoByte(int op, boolean p66, boolean pf2) {
        switch (op) {
            case 0x04: case 0x0a: case 0x0c: case 0x24: case 0x25: case 0x26: case 0x27: case 0x36:
            case 0x39: case 0x3b: case 0x3c: case 0x3d: case 0x3e: case 0x3f: case 0x7a: case 0x7b:
                return -1;
            case 0x05: case 0x06: case 0x07: case 0x08: case 0x09: case 0x0b: case 0x0e:
            case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: case 0x37:
            case 0x77: case 0xa0: case 0xa1: case 0xa2: case 0xa8: case 0xa9: case 0xaa:
                return 0;
            case 0x70: case 0x71: case 0x72: case 0x73: case 0xa4: case 0xac: case 0xba:
            case 0xc2: case 0xc4: case 0xc5: case 0xc6:
                return 1 | IB << 1;
            case 0x78:
                // vmread without prefix; SSE4a extrq (66) / insertq (f2) take two imm8 bytes.
                return p66 || pf2 ? 1 | IW << 1 : 1;
            default:
                break;
        }
        if (op >= 0x80 && op <= 0x8f) {
            return RELZ << 1;
        }
        if (op >= 0xc8 && op <= 0xcf) {
            return 0;
        }
        return 1; // includes VIA PadLock a6/a7 (xsha*, xstore, xcrypt*: fixed ModRM-like byte)
    }

    /** True when an opcode of VEX/EVEX map 1 (0f) takes an imm8. */
    static boolean vexMap1HasImm8(int op) {
        return op >= 0x70 && op <= 0x73 || op == 0xc2 || op >= 0xc4 && op <= 0xc6;
    }
}
