package io.tinydbg.session;

import io.tinydbg.StackFrame;
import io.tinydbg.TinydbgException;
import io.tinydbg.dwarf.cfi.FrameRules;
import io.tinydbg.dwarf.cfi.UnwoundFrame;
import io.tinydbg.dwarf.cfi.X86_64Unwinder;
import io.tinydbg.engine.Hit;
import io.tinydbg.index.FunctionIndex;
import io.tinydbg.index.FunctionInfo;
import io.tinydbg.index.SourceLine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures the stack of a stopped thread: the pc, then the return addresses found by unwinding with the binary's
 * call frame information (falling back to the rbp chain), each named with the function and line it is in.
 */
public final class StackCapture {
    private final FunctionIndex index;
    private final FrameRules rules;
    private final long bias;

    public StackCapture(FunctionIndex index, long bias) {
        this.index = index;
        this.rules = index.callFrames().withBias(bias);
        this.bias = bias;
    }

    public List<StackFrame> capture(Hit hit, int depth) {
        List<StackFrame> out = new ArrayList<>(depth);
        if (depth <= 0) {
            return out;
        }
        out.add(frame(hit.pc(), hit.pc()));
        if (depth == 1) {
            return out;
        }
        HitRegisters regs = new HitRegisters(hit, bias);
        try {
            List<UnwoundFrame> frames = X86_64Unwinder.unwind(rules, regs, address -> ByteBuffer.wrap(
                    hit.readMemory(address, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong(), depth - 1);
            for (UnwoundFrame f : frames) {
                if (out.size() >= depth || f.pc() == 0) {
                    break;
                }
                out.add(frame(f.pc(), f.lookupPc()));
            }
        } catch (TinydbgException e) {
            // an unwinding error ends the stack where it happened; the frames so far stand
        }
        return out;
    }

    private StackFrame frame(long pc, long lookupPc) {
        long file = lookupPc - bias;
        String name = index.functionAt(file).map(FunctionInfo::name).orElse("?");
        SourceLine line = index.lineAt(file).orElse(SourceLine.UNKNOWN);
        return new StackFrame(pc, name, line.file(), line.line());
    }
}
