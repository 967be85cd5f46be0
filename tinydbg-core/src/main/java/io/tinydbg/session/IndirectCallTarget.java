package io.tinydbg.session;

import io.tinydbg.TinydbgException;
import io.tinydbg.engine.EntryHit;
import io.tinydbg.engine.X86Registers;
import io.tinydbg.x86.Instruction;
import io.tinydbg.x86.Kind;
import io.tinydbg.x86.X86Decoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;

/**
 * Where an indirect call or jump ({@code call *%rax}, {@code call *0x10(%rbx)}, {@code jmp *%rdi} as an optimized
 * tail call) is about to go, computed from the stopped thread's registers and memory before it executes: follow-calls traces functions
 * reached through pointers this way, which no static call graph can list.
 */
public final class IndirectCallTarget {
    private IndirectCallTarget() {
    }

    /**
     * @param code the call instruction's original bytes, from the file (in memory its first byte is our int3)
     */
    public static OptionalLong of(EntryHit hit, byte[] code) {
        try {
            long pc = hit.pc();
            Instruction insn = X86Decoder.decode(ByteBuffer.wrap(code), 0, pc);
            if ((insn.kind() != Kind.CALL_INDIRECT && insn.kind() != Kind.JMP_INDIRECT) || insn.modrmOffset() < 0) {
                return OptionalLong.empty();
            }
            int modrm = code[insn.modrmOffset()] & 0xff;
            int mod = modrm >> 6;
            int rm = modrm & 7;
            int rex = insn.rex();
            if (mod == 3) {
                return OptionalLong.of(register(hit, rm | (rex & 1) << 3));
            }
            int at = insn.modrmOffset() + 1;
            long address;
            if (rm == 4) {
                int sib = code[at++] & 0xff;
                int scale = sib >> 6;
                int index = (sib >> 3) & 7 | (rex & 2) << 2;
                int base = sib & 7 | (rex & 1) << 3;
                address = index == 4 ? 0 : register(hit, index) << scale;
                if ((base & 7) == 5 && mod == 0) {
                    address += ByteBuffer.wrap(code, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                    at += 4;
                } else {
                    address += register(hit, base);
                }
            } else if (rm == 5 && mod == 0) {
                address = pc + insn.length() + ByteBuffer.wrap(code, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                at += 4;
            } else {
                address = register(hit, rm | (rex & 1) << 3);
            }
            if (mod == 1) {
                address += code[at];
            } else if (mod == 2) {
                address += ByteBuffer.wrap(code, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            }
            return OptionalLong.of(ByteBuffer.wrap(hit.readMemory(address, 8)).order(ByteOrder.LITTLE_ENDIAN)
                    .getLong());
        } catch (TinydbgException | IndexOutOfBoundsException e) {
            return OptionalLong.empty();
        }
    }

    private static long register(EntryHit hit, int n) {
        return hit.register(X86Registers.index(n));
    }
}
