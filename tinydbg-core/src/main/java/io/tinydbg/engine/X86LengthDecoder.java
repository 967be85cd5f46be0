package io.tinydbg.engine;

import io.tinydbg.engine.DecodedInstruction.Kind;

/**
 * A small x86-64 instruction length decoder: legacy prefixes, REX, the one-byte map, the 0F map and the 0F38/0F3A
 * maps, ModRM/SIB/displacement and immediates. It recognises RIP-relative operands and relative branches. VEX/EVEX
 * and a few rare opcodes come back as {@link Kind#UNKNOWN}, which makes the engine fall back to a safer method.
 */
public final class X86LengthDecoder implements InstructionDecoder {
    @Override
    public DecodedInstruction decode(byte[] code, long address) {
        try {
            return decodeOrThrow(code, address);
        } catch (ArrayIndexOutOfBoundsException e) {
            return DecodedInstruction.unknown(address);
        }
    }

    private static DecodedInstruction decodeOrThrow(byte[] c, long address) {
        int i = 0;
        boolean opsize = false;
        boolean rexW = false;
        // Legacy prefixes.
        while (true) {
            int b = c[i] & 0xff;
            if (b == 0x66) {
                opsize = true;
            } else if (b == 0x67 || b == 0xf0 || b == 0xf2 || b == 0xf3 || b == 0x2e || b == 0x3e || b == 0x26
                    || b == 0x36 || b == 0x64 || b == 0x65) {
                // other prefixes do not change the length of what follows (67 keeps RIP-relative in 64-bit mode)
            } else {
                break;
            }
            i++;
            if (i > 14) {
                return DecodedInstruction.unknown(address);
            }
        }
        if ((c[i] & 0xf0) == 0x40) {
            rexW = (c[i] & 8) != 0;
            i++;
        }
        int op = c[i++] & 0xff;
        int immz = opsize ? 2 : 4;
        if (op == 0x0f) {
            return twoByte(c, i, address, immz);
        }
        switch (op) {
            case 0x06, 0x07, 0x0e, 0x16, 0x17, 0x1e, 0x1f, 0x27, 0x2f, 0x37, 0x3f, 0x60, 0x61, 0x62, 0x82, 0x9a,
                    0xc4, 0xc5, 0xce, 0xd4, 0xd5, 0xd6, 0xea:
                return DecodedInstruction.unknown(address);
            default:
                break;
        }
        if (op < 0x40 && (op & 7) < 4) {
            return modrm(c, i, address, 0, Kind.PLAIN);
        }
        if (op < 0x40 && (op & 7) == 4) {
            return plain(address, i + 1);
        }
        if (op < 0x40 && (op & 7) == 5) {
            return plain(address, i + immz);
        }
        if (op >= 0x50 && op <= 0x5f) {
            return plain(address, i);
        }
        if (op >= 0x70 && op <= 0x7f) {
            long target = address + i + 1 + c[i];
            return new DecodedInstruction(address, i + 1, Kind.CONDITIONAL_JUMP, -1, target);
        }
        if (op >= 0x90 && op <= 0x9f) {
            return plain(address, i);
        }
        if (op >= 0xb0 && op <= 0xb7) {
            return plain(address, i + 1);
        }
        if (op >= 0xb8 && op <= 0xbf) {
            return plain(address, i + (rexW ? 8 : immz));
        }
        if (op >= 0xd8 && op <= 0xdf) {
            return modrm(c, i, address, 0, Kind.PLAIN);
        }
        switch (op) {
            case 0x63, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0xd0, 0xd1, 0xd2,
                    0xd3, 0xfe:
                return modrm(c, i, address, 0, Kind.PLAIN);
            case 0x68:
                return plain(address, i + immz);
            case 0x6a, 0xa8, 0xcd, 0xe4, 0xe5, 0xe6, 0xe7:
                return plain(address, i + 1);
            case 0x69, 0x81, 0xc7:
                return modrm(c, i, address, immz, Kind.PLAIN);
            case 0x6b, 0x80, 0x83, 0xc0, 0xc1, 0xc6:
                return modrm(c, i, address, 1, Kind.PLAIN);
            case 0x6c, 0x6d, 0x6e, 0x6f, 0xa4, 0xa5, 0xa6, 0xa7, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xc9, 0xcb,
                    0xcc, 0xcf, 0xd7, 0xec, 0xed, 0xee, 0xef, 0xf1, 0xf4, 0xf5, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd:
                return plain(address, i);
            case 0xa0, 0xa1, 0xa2, 0xa3:
                return plain(address, i + 8);
            case 0xa9:
                return plain(address, i + immz);
            case 0xc2, 0xca:
                return new DecodedInstruction(address, i + 2, op == 0xc2 ? Kind.RETURN : Kind.UNKNOWN, -1, 0);
            case 0xc3:
                return new DecodedInstruction(address, i, Kind.RETURN, -1, 0);
            case 0xc8:
                return plain(address, i + 3);
            case 0xe0, 0xe1, 0xe2, 0xe3:
                return new DecodedInstruction(address, i + 1, Kind.POSITION_DEPENDENT, -1, address + i + 1 + c[i]);
            case 0xe8, 0xe9: {
                long target = address + i + 4 + readInt(c, i);
                return new DecodedInstruction(address, i + 4, op == 0xe8 ? Kind.CALL_RELATIVE : Kind.JUMP_RELATIVE,
                        -1, target);
            }
            case 0xeb:
                return new DecodedInstruction(address, i + 1, Kind.JUMP_RELATIVE, -1, address + i + 1 + c[i]);
            case 0xf6:
                return modrm(c, i, address, ((c[i] >> 3) & 7) < 2 ? 1 : 0, Kind.PLAIN);
            case 0xf7:
                return modrm(c, i, address, ((c[i] >> 3) & 7) < 2 ? immz : 0, Kind.PLAIN);
            case 0xff: {
                int reg = (c[i] >> 3) & 7;
                // call/jmp through a register or memory push a return address or depend on the operand only;
                // calls push the wrong return address out of line.
                Kind k = reg == 2 || reg == 3 ? Kind.POSITION_DEPENDENT : Kind.PLAIN;
                return modrm(c, i, address, 0, k);
            }
            default:
                return DecodedInstruction.unknown(address);
        }
    }

    private static DecodedInstruction twoByte(byte[] c, int i, long address, int immz) {
        int op = c[i++] & 0xff;
        if (op == 0x38) {
            i++;
            return modrm(c, i, address, 0, Kind.PLAIN);
        }
        if (op == 0x3a) {
            i++;
            return modrm(c, i, address, 1, Kind.PLAIN);
        }
        if (op >= 0x80 && op <= 0x8f) {
            long target = address + i + 4 + readInt(c, i);
            return new DecodedInstruction(address, i + 4, Kind.CONDITIONAL_JUMP, -1, target);
        }
        switch (op) {
            case 0x05, 0x06, 0x07, 0x08, 0x09, 0x0b, 0x0e, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x37, 0x77, 0xa0,
                    0xa1, 0xa2, 0xa8, 0xa9, 0xaa:
                return plain(address, i);
            case 0x70, 0x71, 0x72, 0x73, 0xa4, 0xac, 0xba, 0xc2, 0xc4, 0xc5, 0xc6, 0x0f:
                return modrm(c, i, address, 1, Kind.PLAIN);
            default:
                if (op >= 0xc8 && op <= 0xcf) {
                    return plain(address, i);
                }
                if (op == 0x04 || op == 0x0a || op == 0x0c || op == 0x24 || op == 0x25 || op == 0x26 || op == 0x27
                        || op == 0x36 || op == 0x39 || (op >= 0x3b && op <= 0x3f) || op == 0x7a || op == 0x7b
                        || op == 0xff) {
                    return DecodedInstruction.unknown(address);
                }
                return modrm(c, i, address, 0, Kind.PLAIN);
        }
    }

    private static DecodedInstruction modrm(byte[] c, int i, long address, int imm, Kind kind) {
        int m = c[i++] & 0xff;
        int mod = m >> 6;
        int rm = m & 7;
        int ripOffset = -1;
        if (mod != 3) {
            if (rm == 4) {
                int sib = c[i++] & 0xff;
                if (mod == 0 && (sib & 7) == 5) {
                    i += 4;
                }
            } else if (mod == 0 && rm == 5) {
                ripOffset = i;
                i += 4;
            }
            if (mod == 1) {
                i += 1;
            } else if (mod == 2) {
                i += 4;
            }
        }
        if (i + imm > 15) {
            return DecodedInstruction.unknown(address);
        }
        return new DecodedInstruction(address, i + imm, kind, ripOffset, 0);
    }

    private static DecodedInstruction plain(long address, int length) {
        return new DecodedInstruction(address, length, Kind.PLAIN, -1, 0);
    }

    static int readInt(byte[] c, int i) {
        return (c[i] & 0xff) | (c[i + 1] & 0xff) << 8 | (c[i + 2] & 0xff) << 16 | (c[i + 3] & 0xff) << 24;
    }
}
