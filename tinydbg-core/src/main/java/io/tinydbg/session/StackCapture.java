package io.tinydbg.session;

import io.tinydbg.StackFrame;
import io.tinydbg.TinydbgException;
import io.tinydbg.dwarf.cfi.FrameRules;
import io.tinydbg.dwarf.cfi.UnwoundFrame;
import io.tinydbg.dwarf.cfi.X86_64Unwinder;
import io.tinydbg.engine.Hit;
import io.tinydbg.index.CallSite;
import io.tinydbg.index.FunctionIndex;
import io.tinydbg.index.FunctionInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Captures the stack of a stopped thread: the pc, then the return addresses found by unwinding with each module's
 * call frame information (falling back to the rbp chain), each named with the function and line it is in, through
 * shared libraries as well as the executable (see {@link ModuleMap}), one frame per inlined call as gdb shows them.
 *
 * <p>At a C, C++ or Rust return the thread is already back in the caller (the return is caught at the return
 * address), so {@link #captureReturn} puts the returning function first, as Delve's frame 0 at a return is the
 * callee at its return instruction. Used on the tracer thread only.
 */
public final class StackCapture implements AutoCloseable {
    private final ModuleMap modules;
    private final FrameRules rules;
    /** The thread whose stack is being captured: its /proc entry gives the mappings of its process. */
    private int tid;

    /**
     * Stacks of a process whose executable is indexed by {@code index} and loaded {@code bias} above its file;
     * shared libraries' separate debug files are looked for under {@code debugRoots}.
     */
    public StackCapture(FunctionIndex index, long bias, List<Path> debugRoots) {
        this.modules = new ModuleMap(index, bias, debugRoots);
        this.rules = pc -> modules.at(tid, pc).flatMap(m -> m.rules().rowAt(pc));
    }

    /** Up to {@code depth} frames of the stopped thread, innermost first: the pc, then its callers. */
    public List<StackFrame> capture(Hit hit, int depth) {
        List<StackFrame> out = new ArrayList<>(depth);
        if (depth <= 0) {
            return out;
        }
        begin(hit);
        addFrames(out, hit.pc(), hit.pc());
        addCallers(out, hit, depth);
        return trimmed(out, depth);
    }

    /**
     * Up to {@code depth} frames at the return of the function entered at {@code calleeEntry} (absolute), the
     * thread sitting at the return address: frame 0 is the returning function, at its return instruction when it
     * has exactly one and no tail jump (so that one must have run), else at its entry, since which of several
     * returns ran is not observed; then the caller at the return address and the caller's callers.
     */
    public List<StackFrame> captureReturn(Hit hit, long calleeEntry, int depth) {
        List<StackFrame> out = new ArrayList<>(depth);
        if (depth <= 0) {
            return out;
        }
        begin(hit);
        long at = returnInstruction(calleeEntry).orElse(calleeEntry);
        addFrames(out, at, at);
        // the return address is an outer frame's pc: name it by the call instruction before it, as unwound frames
        addFrames(out, hit.pc(), hit.pc() - 1);
        addCallers(out, hit, depth);
        return trimmed(out, depth);
    }

    private void begin(Hit hit) {
        tid = hit.tid();
        modules.allowRefresh();
    }

    private void addCallers(List<StackFrame> out, Hit hit, int depth) {
        if (out.size() >= depth) {
            return;
        }
        try {
            List<UnwoundFrame> frames = X86_64Unwinder.unwind(rules, new HitRegisters(hit, 0),
                    address -> ByteBuffer.wrap(hit.readMemory(address, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong(),
                    depth - out.size());
            for (UnwoundFrame f : frames) {
                if (out.size() >= depth || f.pc() == 0) {
                    break;
                }
                addFrames(out, f.pc(), f.lookupPc());
            }
        } catch (TinydbgException e) {
            // an unwinding error ends the stack where it happened; the frames so far stand
        }
    }

    /** The frames at {@code pc} (one per inlined call, then the function), named by the code at {@code lookupPc}. */
    private void addFrames(List<StackFrame> out, long pc, long lookupPc) {
        Optional<LoadedModule> module = modules.at(tid, lookupPc);
        if (module.isEmpty()) {
            out.add(new StackFrame(pc, "?", "", 0));
            return;
        }
        for (FrameNames.Named n : module.get().names().at(lookupPc - module.get().bias())) {
            out.add(new StackFrame(pc, n.function(), n.line().file(), n.line().line()));
        }
    }

    /** The address of the one return instruction of the function entered at {@code entry}, if it has one. */
    private Optional<Long> returnInstruction(long entry) {
        return modules.at(tid, entry).flatMap(m -> m.index().function(entry - m.bias())
                .filter(StackCapture::leavesByOneReturn)
                .map(f -> f.returns().get(0) + m.bias()));
    }

    private static boolean leavesByOneReturn(FunctionInfo f) {
        return f.returns().size() == 1 && f.callSites().stream().noneMatch(CallSite::tailJump);
    }

    private static List<StackFrame> trimmed(List<StackFrame> frames, int depth) {
        return frames.size() > depth ? new ArrayList<>(frames.subList(0, depth)) : frames;
    }

    /** Closes the indexes of the shared libraries opened for naming frames (not the executable's). */
    @Override
    public void close() {
        modules.close();
    }
}
