package io.tinydbg.session;

import io.tinydbg.TinydbgException;
import io.tinydbg.dwarf.cfi.RegisterSet;
import io.tinydbg.dwarf.expr.EvaluationContext;
import io.tinydbg.dwarf.expr.EvaluationException;
import io.tinydbg.dwarf.expr.X86_64Registers;
import io.tinydbg.engine.Hit;
import java.util.OptionalLong;

/**
 * The registers and memory of a stopped thread as DWARF sees them: register numbers of the x86-64 psABI, and a
 * canonical frame address equal to {@code rsp + 8}, which holds where tinydbg stops (a function's entry, a return
 * instruction, a return address just reached).
 */
final class HitRegisters implements EvaluationContext, RegisterSet {
    private final Hit hit;
    private final long pcFileOffset;
    private final long frameBase;

    HitRegisters(Hit hit, long bias) {
        this.hit = hit;
        this.pcFileOffset = bias;
        this.frameBase = cfa();
    }

    @Override
    public long register(int dwarfRegister) {
        if (dwarfRegister >= X86_64Registers.XMM0 && dwarfRegister <= X86_64Registers.XMM15) {
            byte[] x = xmm(dwarfRegister - X86_64Registers.XMM0);
            return java.nio.ByteBuffer.wrap(x).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
        }
        int index = X86_64Registers.userRegsIndex(dwarfRegister);
        if (index < 0) {
            throw new EvaluationException("register " + X86_64Registers.name(dwarfRegister) + " is not available");
        }
        return hit.register(index);
    }

    byte[] xmm(int n) {
        return hit.xmm(n);
    }

    long userRegister(int index) {
        return hit.register(index);
    }

    @Override
    public OptionalLong get(int dwarfRegister) {
        int index = X86_64Registers.userRegsIndex(dwarfRegister);
        return index < 0 ? OptionalLong.empty() : OptionalLong.of(hit.register(index));
    }

    @Override
    public byte[] readMemory(long address, int length) {
        try {
            return hit.readMemory(address, length);
        } catch (TinydbgException e) {
            throw new EvaluationException("cannot read memory at 0x" + Long.toHexString(address) + ": "
                    + e.getMessage());
        }
    }

    @Override
    public long frameBase() {
        return frameBase;
    }

    @Override
    public long cfa() {
        return hit.register(io.tinydbg.engine.X86Registers.RSP) + 8;
    }

    @Override
    public long pc() {
        return hit.pc();
    }

    /** The pc as an address in the file (without the load bias), for DWARF lookups. */
    long filePc() {
        return hit.pc() - pcFileOffset;
    }
}
