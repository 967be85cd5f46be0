package io.tinydbg.x86;

import static io.tinydbg.x86.OpcodeTables.IB;
import static io.tinydbg.x86.OpcodeTables.ID;
import static io.tinydbg.x86.OpcodeTables.INVALID;
import static io.tinydbg.x86.OpcodeTables.IV;
import static io.tinydbg.x86.OpcodeTables.IW;
import static io.tinydbg.x86.OpcodeTables.IW_IB;
import static io.tinydbg.x86.OpcodeTables.IZ;
import static io.tinydbg.x86.OpcodeTables.MOFFS;
import static io.tinydbg.x86.OpcodeTables.NONE;
import static io.tinydbg.x86.OpcodeTables.REL8;
import static io.tinydbg.x86.OpcodeTables.RELZ;

import io.tinydbg.x86.Instruction.Encoding;
import io.tinydbg.x86.Instruction.Prefixes;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * Decodes one instruction: prefixes, REX or VEX/EVEX/XOP payload, opcode, ModRM/SIB, displacement, immediates.
 * One object per instruction; the decoder's only job is the layout of the bytes, not the operands' meaning.
 */
final class InstructionReader {
    static final int MAX_LENGTH = 15;

    private final ByteBuffer buf;
    private final int start;
    private final int limit;
    private final long address;
    private final String source;
    private final String section;
    private final long sectionBase;
    private int pos;

    private int prefixes;
    private int rex;
    private int fwaitEnd = -1;
    private Encoding encoding = Encoding.LEGACY;
    private int map;
    private int opcode;
    private int opcodeOffset;
    private int modrmOffset = -1;
    private int dispOffset = -1;
    private int immOffset = -1;
    private int immSize;
    private int relOffset = -1;
    private int relSize;

    /**
     * @param limit       index in {@code buf} the instruction must not reach past
     * @param sectionBase offset of {@code buf}'s index 0 within the named section, for messages
     */
    InstructionReader(ByteBuffer buf, int start, int limit, long address, String source, String section,
            long sectionBase) {
        this.buf = buf;
        this.start = start;
        this.pos = start;
        this.limit = limit;
        this.address = address;
        this.source = source;
        this.section = section;
        this.sectionBase = sectionBase;
    }

    Instruction read() {
        if (start < 0 || start >= limit) {
            throw fail("offset " + start + " is outside the code (limit " + limit + ")");
        }
        if (!readPrefixes()) {
            // A REX followed by a legacy prefix has no effect; objdump shows it as a lone "rex" instruction.
            return build(Kind.OTHER, OptionalLong.empty());
        }
        if (fwaitEnd >= 0 && (peek() & 0xf8) != 0xd8) {
            // fwait is an instruction of its own unless an x87 opcode follows (fstsw, fstcw, finit, fclex).
            pos = fwaitEnd;
            opcode = 0x9b;
            return build(Kind.OTHER, OptionalLong.empty());
        }
        opcodeOffset = pos - start;
        int op = next();
        switch (op) {
            case 0x0f: return escape0f();
            case 0xc5: return vex(true);
            case 0xc4: return vex(false);
            case 0x62: return evex();
            case 0x8f:
                if ((peek() & 0x1f) >= 8) {
                    return xop();
                }
                break;
            default:
                break;
        }
        return oneByte(op);
    }

    /**
     * Reads legacy prefixes and REX; false when a REX is followed by another prefix or REX, which ends the
     * instruction there: the CPU ignores such a REX, and objdump shows it as an instruction of its own.
     */
    private boolean readPrefixes() {
        while (true) {
            int b = peek();
            int flag;
            switch (b) {
                case 0x66: flag = Prefixes.OPERAND_SIZE; break;
                case 0x67: flag = Prefixes.ADDRESS_SIZE; break;
                case 0xf2: flag = Prefixes.REPNE; break;
                case 0xf3: flag = Prefixes.REP; break;
                case 0xf0: flag = Prefixes.LOCK; break;
                case 0x26: case 0x2e: case 0x36: flag = Prefixes.SEGMENT; break;
                case 0x3e: flag = Prefixes.SEGMENT | Prefixes.NOTRACK; break;
                case 0x64: flag = Prefixes.SEGMENT | Prefixes.FS; break;
                case 0x65: flag = Prefixes.SEGMENT | Prefixes.GS; break;
                case 0x9b: // scanned like a prefix, as objdump does
                    flag = 0;
                    fwaitEnd = fwaitEnd < 0 ? pos + 1 : fwaitEnd;
                    break;
                default:
                    if ((b & 0xf0) == 0x40) {
                        if (rex != 0) {
                            return false; // only the last REX counts; objdump shows the earlier one alone
                        }
                        if (fwaitEnd >= 0) {
                            pos = fwaitEnd; // objdump: an fwait followed by REX is an fwait of its own
                            return false;
                        }
                        rex = b;
                        pos++;
                        continue;
                    }
                    return true;
            }
            if (rex != 0) {
                return false;
            }
            prefixes |= flag;
            pos++;
        }
    }

    private Instruction oneByte(int op) {
        map = 0;
        opcode = op;
        int imm;
        if (OpcodeTables.oneByteHasModrm(op)) {
            int modrm = modrm(false);
            int reg = modrm >> 3 & 7;
            rejectUndefinedGroupMember(op, modrm);
            imm = OpcodeTables.oneByteModrmImmediate(op, reg);
            if (op == 0xc7 && modrm == 0xf8) {
                imm = RELZ; // xbegin rel32
            }
        } else {
            imm = OpcodeTables.oneByteImmediate(op);
        }
        immediate(imm);
        OptionalLong target = relativeTarget();
        return build(oneByteKind(op), target);
    }

    /** ModRM forms the opcode maps leave undefined (objdump prints "(bad)"). */
    private void rejectUndefinedGroupMember(int op, int modrm) {
        int reg = modrm >> 3 & 7;
        boolean register = modrm >> 6 == 3;
        boolean undefined;
        switch (op) {
            case 0x82: undefined = true; break;
            case 0x8d: undefined = register; break;                       // lea needs a memory operand
            case 0x8f: undefined = reg != 0; break;
            case 0xc6: case 0xc7: undefined = reg != 0 && modrm != 0xf8; break; // f8: xabort / xbegin
            case 0xfe: undefined = reg > 1; break;
            case 0xff: undefined = reg == 7 || register && (reg == 3 || reg == 5); break; // far needs memory
            default: undefined = false; break;
        }
        if (undefined) {
            throw fail(String.format("undefined ModRM form %02x of opcode %02x", modrm, op));
        }
    }

    private Kind oneByteKind(int op) {
        switch (op) {
            case 0xc3: case 0xc2: return Kind.RET;
            case 0xe8: return Kind.CALL_DIRECT;
            case 0xe9: case 0xeb: return Kind.JMP_DIRECT;
            case 0xcc: return Kind.INT3;
            case 0xf4: return Kind.HLT;
            case 0xff:
                switch (byteAt(modrmOffset) >> 3 & 7) {
                    case 2: case 3: return Kind.CALL_INDIRECT;
                    case 4: case 5: return Kind.JMP_INDIRECT;
                    default: return Kind.OTHER;
                }
            default:
                return op >= 0x70 && op <= 0x7f || op >= 0xe0 && op <= 0xe3 ? Kind.JCC : Kind.OTHER;
        }
    }

    private Instruction escape0f() {
        int op = next();
        if (op == 0x38 || op == 0x3a) {
            map = op == 0x38 ? 2 : 3;
            opcode = next();
            modrm(false);
            immediate(map == 3 ? IB : NONE);
            return build(Kind.OTHER, OptionalLong.empty());
        }
        if (op == 0x0f) {
            // 3DNow!: ModRM operands, then the real opcode as a trailing imm8.
            map = 0x0f;
            modrm(false);
            immediate(IB);
            opcode = byteAt(immOffset);
            return build(Kind.OTHER, OptionalLong.empty());
        }
        map = 1;
        opcode = op;
        int entry = OpcodeTables.twoByte(op, has(Prefixes.OPERAND_SIZE), has(Prefixes.REPNE));
        if (entry < 0) {
            throw fail(String.format("undefined opcode 0f %02x", op));
        }
        if ((entry & 1) != 0) {
            // mov to/from control and debug registers ignore the mod field: always register operands.
            modrm(op >= 0x20 && op <= 0x23);
        }
        immediate(entry >> 1);
        Kind kind = Kind.OTHER;
        if (op == 0x05) {
            kind = Kind.SYSCALL;
        } else if (op == 0x0b) {
            kind = Kind.UD2;
        } else if (op >= 0x80 && op <= 0x8f) {
            kind = Kind.JCC;
        } else if (op == 0x1e && has(Prefixes.REP) && byteAt(modrmOffset) == 0xfa) {
            kind = Kind.ENDBR64;
        }
        return build(kind, relativeTarget());
    }

    /** VEX: c5 (two-byte form, map 0f) or c4 (three-byte form, map from the payload). */
    private Instruction vex(boolean twoByte) {
        // The CPU rejects VEX/EVEX/XOP after REX, 66, f2, f3 or f0 (#UD), but objdump decodes them at their
        // full length; we do the same so that lenient sweeps resynchronise where objdump does.
        encoding = Encoding.VEX;
        if (twoByte) {
            next();
            map = 1;
        } else {
            map = next() & 0x1f;
            next();
        }
        opcode = next();
        switch (map) {
            case 1:
                if (opcode != 0x77) { // vzeroupper/vzeroall have no operands
                    modrm(false);
                }
                immediate(OpcodeTables.vexMap1HasImm8(opcode) ? IB : NONE);
                break;
            case 2:
                modrm(false);
                break;
            case 3:
                modrm(false);
                immediate(IB);
                break;
            default:
                throw fail("VEX opcode map " + map + " is undefined");
        }
        return build(Kind.OTHER, OptionalLong.empty());
    }

    private Instruction evex() {
        encoding = Encoding.EVEX;
        int p0 = next();
        int p1 = next();
        next();
        map = p0 & 7;
        if ((p1 & 4) == 0) {
            throw fail("EVEX payload bit P[10] is clear");
        }
        opcode = next();
        modrm(false);
        switch (map) {
            case 1: immediate(OpcodeTables.vexMap1HasImm8(opcode) ? IB : NONE); break;
            case 3: immediate(IB); break;
            case 2: case 5: case 6: break;
            default: throw fail("EVEX opcode map " + map + " is undefined");
        }
        return build(Kind.OTHER, OptionalLong.empty());
    }

    /** AMD XOP (8f with a map field of 8 or more; smaller values make 8f a pop). */
    private Instruction xop() {
        encoding = Encoding.XOP;
        map = next() & 0x1f;
        next();
        opcode = next();
        modrm(false);
        switch (map) {
            case 8: immediate(IB); break;
            case 9: break;
            case 10: immediate(ID); break;
            default: throw fail("XOP opcode map " + map + " is undefined");
        }
        return build(Kind.OTHER, OptionalLong.empty());
    }

    /** Reads ModRM, SIB and displacement; returns the ModRM byte. */
    private int modrm(boolean registerOnly) {
        modrmOffset = pos - start;
        int modrm = next();
        int mod = modrm >> 6;
        int rm = modrm & 7;
        if (registerOnly || mod == 3) {
            return modrm;
        }
        int disp = 0;
        if (rm == 4) {
            int sib = next();
            if ((sib & 7) == 5 && mod == 0) {
                disp = 4;
            }
        } else if (rm == 5 && mod == 0) {
            dispOffset = pos - start;
            disp = 4;
        }
        if (mod == 1) {
            disp = 1;
        } else if (mod == 2) {
            disp = 4;
        }
        skip(disp);
        return modrm;
    }

    private void immediate(int kind) {
        int size;
        boolean relative = false;
        // REX.W wins over 66: the operand size is 64 bits and immediates stay imm32.
        boolean opsize = has(Prefixes.OPERAND_SIZE) && (rex & 8) == 0;
        switch (kind) {
            case NONE: return;
            case IB: size = 1; break;
            case IW: size = 2; break;
            case IZ: size = opsize ? 2 : 4; break;
            case ID: size = 4; break;
            case IV: size = (rex & 8) != 0 ? 8 : opsize ? 2 : 4; break;
            case IW_IB: size = 3; break;
            case MOFFS: size = has(Prefixes.ADDRESS_SIZE) ? 4 : 8; break;
            case REL8: size = 1; relative = true; break;
            case RELZ: size = opsize ? 2 : 4; relative = true; break;
            case INVALID: throw fail(String.format("opcode %02x is invalid in 64-bit mode", opcode));
            default: throw new IllegalStateException("immediate kind " + kind);
        }
        if (relative) {
            relOffset = pos - start;
            relSize = size;
        } else {
            immOffset = pos - start;
            immSize = size;
        }
        skip(size);
    }

    private OptionalLong relativeTarget() {
        if (relSize == 0) {
            return OptionalLong.empty();
        }
        long rel = 0;
        for (int i = relSize - 1; i >= 0; i--) {
            rel = rel << 8 | byteAt(relOffset + i);
        }
        int shift = 64 - relSize * 8;
        rel = rel << shift >> shift;
        long target = address + (pos - start) + rel;
        // A 66-prefixed call/jmp/jcc rel16 has a 16-bit operand size: the new IP is truncated (AMD64, objdump).
        return OptionalLong.of(relSize == 2 ? target & 0xffff : target);
    }

    private Instruction build(Kind kind, OptionalLong target) {
        int length = pos - start;
        byte[] bytes = new byte[length];
        buf.get(start, bytes);
        return new Instruction(address, length, kind, target, dispOffset >= 0, dispOffset, relOffset, relSize,
                immOffset, immSize, opcodeOffset, encoding, map, opcode, modrmOffset, prefixes, rex, bytes);
    }

    private boolean has(int prefix) {
        return (prefixes & prefix) != 0;
    }

    private int byteAt(int offsetInInstruction) {
        return buf.get(start + offsetInInstruction) & 0xff;
    }

    private int peek() {
        check(1);
        return buf.get(pos) & 0xff;
    }

    private int next() {
        int b = peek();
        pos++;
        return b;
    }

    private void skip(int count) {
        check(count);
        pos += count;
    }

    private void check(int count) {
        if (pos + count - start > MAX_LENGTH) {
            throw fail("longer than " + MAX_LENGTH + " bytes");
        }
        if (pos + count > limit) {
            throw fail("truncated: needs " + (pos + count - start) + " bytes, " + (limit - start) + " left");
        }
    }

    private DecodeException fail(String problem) {
        return new DecodeException(source, section, sectionBase + start, address, problem);
    }
}
