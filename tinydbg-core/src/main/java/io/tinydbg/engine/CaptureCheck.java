package io.tinydbg.engine;

import io.tinydbg.uprobe.ProbeSpec;
import io.tinydbg.uprobe.UprobeRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds out whether what a function's handlers read at its entry and returns is all in what a uprobe records (the
 * integer registers, a stack window around rsp, the goroutine, and memory one pointer away from a register or a
 * stack slot), and if so what the probe must copy. It runs the handlers' readers once on made-up hits and watches
 * what they touch. Every register holds its own made-up address, and every 8-byte slot of the stack its own, each
 * far from the others, so a read near one of them names the register or slot the pointer came from: a string's
 * bytes or a slice's elements become a deref of that register or slot, as long as the reader touches. Memory
 * outside the stack holds a pattern that points nowhere, so anything two pointers away (a map, an interface's
 * dynamic value, a pointer followed from a copied region) and the float registers show up as reads a uprobe cannot
 * serve, and the function keeps its breakpoints. Only the layout matters, never the values: DWARF locations and
 * types do not change between calls. What a dry run cannot foresee is a read chosen by a value, such as the
 * dynamic type of an interface; the session keeps functions whose values hold interfaces or maps on breakpoints by
 * their types, before asking this class.
 */
public final class CaptureCheck {
    /** The most a uprobe copies on either side of rsp. */
    public static final int MAX_WINDOW = ProbeSpec.MAX_STACK_SIDE;
    /** Where the made-up hits put rsp and r14 (the g); far apart, so reads near each are told apart. */
    private static final long STACK = 0x7f00_0000_0000L;
    private static final long G = 0x00c0_0000_0000L;
    /** Made-up register values: register i holds REGISTERS + i * SPACING. */
    private static final long REGISTERS = 0x1000_0000L;
    /**
     * Made-up pointers in the stack: the slot at STACK - MAX_WINDOW + 8k holds SLOTS + k * SPACING. Like the
     * registers' values they must pass for lengths too (a string's length may sit in the next slot), so they stay
     * below the 2^40 past which a value reader calls a length garbage.
     */
    private static final long SLOTS = 0x0080_0000_0000L;
    private static final long SPACING = 0x10_0000L;
    private static final int SLOT_COUNT = 2 * MAX_WINDOW / 8;

    /**
     * What a function's probes copy: the bytes below and above rsp (multiples of 8), and the memory regions copied
     * at its entry and at its returns.
     */
    public record Window(int below, int above, List<ProbeSpec.Deref> atEntry, List<ProbeSpec.Deref> atReturns) {
        public Window {
            atEntry = List.copyOf(atEntry);
            atReturns = List.copyOf(atReturns);
        }

        /** A window without derefs. */
        public Window(int below, int above) {
            this(below, above, List.of(), List.of());
        }
    }

    private CaptureCheck() {
    }

    /**
     * What serves {@code readArguments} at the probe {@code entry} and {@code readResults} at each of
     * {@code returnSites} (absolute addresses), or empty when they read anything else.
     */
    public static Optional<Window> of(long entry, long[] returnSites, Consumer<EntryHit> readArguments,
            Consumer<ReturnHit> readResults) {
        Watch watch = new Watch();
        List<ProbeSpec.Deref> atEntry;
        List<ProbeSpec.Deref> atReturns;
        try {
            readArguments.accept(new EntryHit(watch, 1, registers(entry), 0, entry));
            atEntry = watch.takeDerefs();
            for (long site : returnSites) {
                readResults.accept(new ReturnHit(watch, 1, registers(site), 0, 0));
            }
            atReturns = watch.takeDerefs();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (watch.outside || atEntry.size() > ProbeSpec.MAX_DEREFS || atReturns.size() > ProbeSpec.MAX_DEREFS) {
            return Optional.empty();
        }
        int below = (int) Math.max(0, STACK - watch.low);
        int above = (int) Math.max(0, watch.high - STACK);
        return Optional.of(new Window(roundUp(below), roundUp(above), atEntry, atReturns));
    }

    private static int roundUp(int n) {
        return (n + 7) & ~7;
    }

    private static long[] registers(long pc) {
        long[] regs = new long[X86Registers.COUNT];
        for (int i = 0; i < regs.length; i++) {
            regs[i] = REGISTERS + SPACING * i;
        }
        regs[X86Registers.RSP] = STACK;
        regs[X86Registers.R14] = G;
        regs[X86Registers.RIP] = pc;
        return regs;
    }

    /**
     * A hit source that serves any read with made-up memory and remembers where the reads were: how far around rsp,
     * and how far past which register's or stack slot's pointer.
     */
    private static final class Watch implements HitSource {
        long low = STACK;
        long high = STACK;
        boolean outside;
        /** Per register or stack slot, in the order first read, the bytes read past its pointer. */
        private final Map<Base, Integer> derefs = new LinkedHashMap<>();

        /** A register (its index) or a stack slot (its offset from rsp) a pointer came from. */
        private record Base(boolean fromStack, int where) {
        }

        /** The derefs seen since the last call. */
        List<ProbeSpec.Deref> takeDerefs() {
            List<ProbeSpec.Deref> out = new ArrayList<>();
            for (Map.Entry<Base, Integer> e : derefs.entrySet()) {
                out.add(new ProbeSpec.Deref(e.getKey().fromStack(), e.getKey().where(), e.getValue()));
            }
            derefs.clear();
            return out;
        }

        @Override
        public long epochNanos(long monotonicNanos) {
            return 0;
        }

        @Override
        public byte[] readMemory(long address, int length) {
            if (address >= STACK - MAX_WINDOW && address + length <= STACK + MAX_WINDOW) {
                low = Math.min(low, address);
                high = Math.max(high, address + length);
                return slotPointers(address, length);
            }
            if (!deref(address, length)) {
                outside = true;
            }
            byte[] pattern = new byte[length];
            Arrays.fill(pattern, (byte) 0x11);
            return pattern;
        }

        /** The stack's bytes: each 8-byte slot holds its own made-up pointer. */
        private static byte[] slotPointers(long address, int length) {
            byte[] out = new byte[length];
            for (int i = 0; i < length; i++) {
                long at = address + i;
                long slot = (at - (STACK - MAX_WINDOW)) / 8;
                out[i] = (byte) ((SLOTS + slot * SPACING) >>> (8 * (at & 7)));
            }
            return out;
        }

        /** Counts a read one pointer away from a register or a stack slot; false for any other address. */
        private boolean deref(long address, int length) {
            Base key;
            long offset;
            if (address >= REGISTERS && address < REGISTERS + SPACING * UprobeRecord.REGISTER_COUNT) {
                int reg = (int) ((address - REGISTERS) / SPACING);
                if (reg == X86Registers.RSP || reg == X86Registers.RIP) {
                    return false;
                }
                key = new Base(false, reg);
                offset = address - (REGISTERS + SPACING * reg);
            } else if (address >= SLOTS && address < SLOTS + SPACING * SLOT_COUNT) {
                long slot = (address - SLOTS) / SPACING;
                key = new Base(true, (int) (8 * slot - MAX_WINDOW));
                offset = address - (SLOTS + SPACING * slot);
            } else {
                return false;
            }
            long end = offset + length;
            if (end > ProbeSpec.Deref.MAX_LENGTH) {
                return false;
            }
            derefs.merge(key, (int) end, Math::max);
            return true;
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
