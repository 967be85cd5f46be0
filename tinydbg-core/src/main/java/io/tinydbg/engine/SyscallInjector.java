package io.tinydbg.engine;

import static io.tinydbg.engine.X86Registers.ORIG_RAX;
import static io.tinydbg.engine.X86Registers.R10;
import static io.tinydbg.engine.X86Registers.R8;
import static io.tinydbg.engine.X86Registers.R9;
import static io.tinydbg.engine.X86Registers.RAX;
import static io.tinydbg.engine.X86Registers.RDI;
import static io.tinydbg.engine.X86Registers.RDX;
import static io.tinydbg.engine.X86Registers.RIP;
import static io.tinydbg.engine.X86Registers.RSI;

import io.tinydbg.ptrace.ProcFs;
import io.tinydbg.ptrace.Ptrace;
import io.tinydbg.ptrace.TargetExitedException;
import io.tinydbg.sys.Signals;
import io.tinydbg.sys.WaitStatus;

/**
 * Makes a stopped thread run one system call for us, as debuggers do for inferior calls: save its registers,
 * write {@code syscall} over the instruction at its pc, load the arguments (orig_rax = -1 so the kernel does not
 * restart an interrupted call), single-step, read rax, put bytes and registers back. Used once per image, while
 * every thread is stopped, to map the scratch page for out-of-line execution.
 */
final class SyscallInjector {
    private static final int SYS_MMAP = 9;
    private static final int PROT_READ_EXEC = 5;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x22;
    private static final int MAP_FIXED_NOREPLACE = 0x100000;

    private SyscallInjector() {
    }

    /**
     * Maps the scratch page, close to the main executable when possible so that RIP-relative operands of displaced
     * instructions still reach their targets; null if the kernel refused.
     */
    static ScratchPage mapScratch(TraceEngine e, TracedThread t) {
        long hint = hint(e);
        long addr = -1;
        if (hint != 0) {
            addr = syscall(e, t, SYS_MMAP, hint, ScratchPage.SIZE, PROT_READ_EXEC,
                    MAP_PRIVATE_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        }
        if (addr < 0 && addr > -4096) {
            addr = syscall(e, t, SYS_MMAP, 0, ScratchPage.SIZE, PROT_READ_EXEC, MAP_PRIVATE_ANONYMOUS, -1, 0);
        }
        return addr < 0 && addr > -4096 ? null : new ScratchPage(addr);
    }

    private static long hint(TraceEngine e) {
        String exe = ProcFs.exe(e.pid).toString();
        long lowest = Long.MAX_VALUE;
        for (ProcFs.Mapping m : ProcFs.maps(e.pid)) {
            if (m.path().equals(exe)) {
                lowest = Math.min(lowest, m.start());
            }
        }
        if (lowest == Long.MAX_VALUE) {
            return 0;
        }
        long h = (lowest - ScratchPage.SIZE - 0x10000) & ~0xfffL;
        return h < 0x100000 ? 0 : h;
    }

    /** Runs syscall {@code nr} with up to six arguments on stopped thread {@code t}; returns rax. */
    static long syscall(TraceEngine e, TracedThread t, long nr, long a1, long a2, long a3, long a4, long a5,
            long a6) {
        long[] saved = e.getRegs(t.tid);
        long pc = saved[RIP];
        byte[] original = e.memory.read(pc, 2);
        e.memory.write(pc, new byte[] {0x0f, 0x05});
        try {
            long[] r = saved.clone();
            r[RAX] = nr;
            r[ORIG_RAX] = -1;
            r[RDI] = a1;
            r[RSI] = a2;
            r[RDX] = a3;
            r[R10] = a4;
            r[R8] = a5;
            r[R9] = a6;
            e.setRegs(t.tid, r);
            for (int attempt = 0; attempt < 8; attempt++) {
                Ptrace.call(Ptrace.SINGLESTEP, t.tid, 0, 0);
                WaitStatus ws = e.tracer.waitFor(t.tid);
                if (!ws.stopped()) {
                    throw new TargetExitedException(t.tid, ws.shellStatus(),
                            "process " + e.pid + " ended during an injected system call");
                }
                if (ws.event() == 0 && ws.stopSignal() != Signals.SIGTRAP) {
                    t.pendingSignal = ws.stopSignal(); // deliver it later, as if it came after us
                    continue;
                }
                long[] after = e.getRegs(t.tid);
                if (after[RIP] == pc + 2) {
                    return after[RAX];
                }
                // A step reported at syscall exit (e.g. from the exec stop) before our instruction ran: step again.
            }
            return -4095;
        } finally {
            e.memory.write(pc, original);
            e.setRegs(t.tid, saved);
        }
    }
}
