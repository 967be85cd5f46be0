package io.tinydbg.engine;

import io.tinydbg.uprobe.ProbeSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds out whether what a function's handlers read at its entry and returns is all in what a uprobe records (the
 * integer registers, a stack window around rsp, and the goroutine), and if so how large the window must be. It runs
 * the handlers' readers once on made-up hits whose registers are all distinct non-null values and whose memory is
 * a non-zero pattern, and watches what they touch: a string, a slice's elements, a map, the target of a followed
 * pointer or a float register all show up as a read the uprobe cannot serve, and the function keeps its
 * breakpoints. Only the layout matters, never the values: DWARF locations and types do not change between calls.
 */
public final class CaptureCheck {
    /** The most a uprobe copies on either side of rsp. */
    public static final int MAX_WINDOW = ProbeSpec.MAX_STACK_SIDE;
    /** Where the made-up hits put rsp and r14 (the g); far apart, so reads near each are told apart. */
    private static final long STACK = 0x7f00_0000_0000L;
    private static final long G = 0x00c0_0000_0000L;

    /** The bytes below and above rsp a probe records (multiples of 8). */
    public record Window(int below, int above) {
    }

    private CaptureCheck() {
    }

    /**
     * The window that serves {@code readArguments} at the probe {@code entry} and {@code readResults} at each of
     * {@code returnSites} (absolute addresses), or empty when they read anything else.
     */
    public static Optional<Window> of(long entry, long[] returnSites, Consumer<EntryHit> readArguments,
            Consumer<ReturnHit> readResults) {
        Watch watch = new Watch();
        try {
            readArguments.accept(new EntryHit(watch, 1, registers(entry), 0, entry));
            for (long site : returnSites) {
                readResults.accept(new ReturnHit(watch, 1, registers(site), 0, 0));
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (watch.outside) {
            return Optional.empty();
        }
        int below = (int) Math.max(0, STACK - watch.low);
        int above = (int) Math.max(0, watch.high - STACK);
        return Optional.of(new Window(roundUp(below), roundUp(above)));
    }

    private static int roundUp(int n) {
        return (n + 7) & ~7;
    }

    private static long[] registers(long pc) {
        long[] regs = new long[X86Registers.COUNT];
        for (int i = 0; i < regs.length; i++) {
            regs[i] = 0x1000_0000L + 0x10_0000L * i;
        }
        regs[X86Registers.RSP] = STACK;
        regs[X86Registers.R14] = G;
        regs[X86Registers.RIP] = pc;
        return regs;
    }

    /** A hit source that serves any read with a pattern and remembers whether all of them were near rsp. */
    private static final class Watch implements HitSource {
        long low = STACK;
        long high = STACK;
        boolean outside;

        @Override
        public long epochNanos(long monotonicNanos) {
            return 0;
        }

        @Override
        public byte[] readMemory(long address, int length) {
            if (address >= STACK - MAX_WINDOW && address + length <= STACK + MAX_WINDOW) {
                low = Math.min(low, address);
                high = Math.max(high, address + length);
            } else {
                outside = true;
            }
            byte[] pattern = new byte[length];
            Arrays.fill(pattern, (byte) 0x11);
            return pattern;
        }

        @Override
        public long readLong(long address) {
            readMemory(address, 8);
            return 0x1111_1111_1111_1111L;
        }

        @Override
        public long goroutinePointer(GoroutinePointer where, long[] regs) {
            return G;
        }

        @Override
        public byte[] xmmRegisters(int tid) {
            outside = true;
            return new byte[256];
        }

        @Override
        public void armReturn(int tid, long function, long entrySp, ReturnHandler handler, long now) {
        }

        @Override
        public void armGoReturn(long function, long[] regs, long[] returnSites, GoroutinePointer g,
                boolean restartable, ReturnHandler handler, long now) {
        }
    }
}
