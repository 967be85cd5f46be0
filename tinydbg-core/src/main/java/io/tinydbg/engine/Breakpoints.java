package io.tinydbg.engine;

import io.tinydbg.ptrace.RemoteMemory;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The int3s the engine has written into one process image, and those it removed (retired), whose SIGTRAPs may
 * still arrive from threads that hit them just before. Inserting one decides once how threads get past it:
 * emulated, out of line from a scratch-page slot, or single-stepped in place.
 */
final class Breakpoints {
    private static final byte INT3 = (byte) 0xcc;
    /** The longest x86-64 instruction. */
    private static final int CODE_BYTES = 16;

    private final Map<Long, Breakpoint> installed = new HashMap<>();
    private final Set<Long> retired = new HashSet<>();

    /** The breakpoint at {@code address}, or null. */
    Breakpoint get(long address) {
        return installed.get(address);
    }

    /** Whether a breakpoint at {@code address} was removed (a thread may still report hitting it). */
    boolean wasRemovedAt(long address) {
        return retired.contains(address);
    }

    /** Every installed breakpoint. */
    Collection<Breakpoint> all() {
        return installed.values();
    }

    /**
     * The breakpoint at {@code address}, inserted if needed: the displaced instruction is decoded from the original
     * bytes and a way past it chosen, preferring emulation of register-only instructions, then an out-of-line slot,
     * then emulation with a stack write, and single-stepping as the last resort.
     */
    Breakpoint install(long address, RemoteMemory memory, InstructionDecoder decoder, ScratchPage scratch) {
        Breakpoint bp = installed.get(address);
        if (bp != null) {
            return bp;
        }
        byte[] code = originalCode(address, memory);
        DecodedInstruction insn = decoder.decode(code, address);
        X86Emulator.Support support = insn.length() > 0 ? X86Emulator.support(code, insn) : X86Emulator.Support.NONE;
        long slot = 0;
        byte[] slotCode = null;
        if (insn.length() > 0 && scratch != null
                && (insn.kind() == DecodedInstruction.Kind.PLAIN || insn.kind() == DecodedInstruction.Kind.RETURN)) {
            slot = scratch.allocate();
            slotCode = slot < 0 ? null : ScratchPage.slotCode(code, insn, slot);
        }
        Breakpoint.Method method;
        if (support == X86Emulator.Support.REGISTERS) {
            method = Breakpoint.Method.EMULATE;
        } else if (slotCode != null) {
            method = Breakpoint.Method.OUT_OF_LINE;
            memory.write(slot, slotCode);
        } else if (support == X86Emulator.Support.STACK_WRITE) {
            method = Breakpoint.Method.EMULATE;
        } else {
            method = Breakpoint.Method.SINGLE_STEP;
        }
        bp = new Breakpoint(address, code, insn, method, slot);
        memory.write(address, new byte[] {INT3});
        installed.put(address, bp);
        retired.remove(address);
        return bp;
    }

    /** Writes the original byte back and remembers the address as retired. */
    void remove(Breakpoint bp, RemoteMemory memory) {
        memory.write(bp.address, new byte[] {bp.original});
        installed.remove(bp.address);
        retired.add(bp.address);
    }

    /** Writes every original byte back into {@code memory} (this process at detach, or a fork child's copy). */
    void restoreAll(RemoteMemory memory) {
        for (Breakpoint bp : installed.values()) {
            memory.write(bp.address, new byte[] {bp.original});
        }
    }

    /** Forgets everything: the image they were written into is gone (exec) or restored (detach). */
    void clear() {
        installed.clear();
        retired.clear();
    }

    /** Up to 16 bytes of code at {@code address}, with our own int3s replaced by the original bytes. */
    private byte[] originalCode(long address, RemoteMemory memory) {
        byte[] code;
        try {
            code = memory.read(address, CODE_BYTES);
        } catch (RemoteMemory.MemoryAccessException e) {
            code = new byte[CODE_BYTES]; // the function ends at the end of a mapping
            code[0] = memory.read(address, 1)[0];
        }
        for (int i = 0; i < code.length; i++) {
            Breakpoint other = installed.get(address + i);
            if (other != null) {
                code[i] = other.original;
            }
        }
        return code;
    }
}
