package io.tinydbg.uprobe;

/**
 * The constants one probe's program is assembled with: what it tags its records with, which process it records,
 * how much of the stack it copies and, for Go code, where the goroutine fields are.
 *
 * <p>For Go code compiled with the register ABI, the current {@code runtime.g} is in r14. When
 * {@code goidOffset >= 0} the program reads {@code g.stack.hi} (offset 8 of g) and {@code g.goid}
 * ({@code g + goidOffset}). When that goid is 0 (the thread runs on its system stack, {@code m.g0}) and the three
 * other offsets are all {@code >= 0}, it reads {@code m = g.m}; if {@code m.g0 == g}, the resolved goroutine id is
 * {@code m.curg.goid} (0 when {@code m.curg} is nil), the goroutine the thread is working for; otherwise the
 * resolved id is the raw goid. See {@link UprobeRecord} for where these land in a record.
 *
 * @param id tag copied into every record of this probe ({@link UprobeRecord#probeId()}), any value
 * @param tgid the only process whose hits are recorded (the probe fires for every process mapping the file)
 * @param stackBelow bytes copied below rsp: a multiple of 8 in 0..512
 * @param stackAbove bytes copied from rsp upwards: a multiple of 8 in 0..512
 * @param goidOffset offset of {@code goid} in {@code runtime.g}; negative for code that is not Go (no g fields)
 * @param mOffset offset of {@code m} in {@code runtime.g}, or negative
 * @param g0Offset offset of {@code g0} in {@code runtime.m}, or negative
 * @param curgOffset offset of {@code curg} in {@code runtime.m}, or negative
 * @param derefs memory the program also copies, each from an address in a register or in a stack slot of the
 *     window (a string's bytes, a slice's elements); at most {@link #MAX_DEREFS}
 */
public record ProbeSpec(int id, int tgid, int stackBelow, int stackAbove, long goidOffset, long mOffset,
                        long g0Offset, long curgOffset, java.util.List<Deref> derefs) {
    /** The most memory regions one probe copies besides its stack window. */
    public static final int MAX_DEREFS = 16;

    /**
     * {@code length} bytes copied from an address the hit holds: register {@code where} (a user_regs_struct index)
     * or, when {@code fromStack}, the u64 at {@code rsp + where} (inside the probe's window).
     *
     * <p>The copy may fault: the page is not mapped, or not yet in the process's page tables (a string constant
     * the program has not touched yet), which the kernel cannot fix from a probe. The program then keeps the
     * bytes up to the end of the first page, marks the record {@link UprobeRecord#liveReadsAllowed()}, and stops
     * the thread with SIGSTOP, so that the tracer can read the rest from the stopped thread before it runs on.
     */
    public record Deref(boolean fromStack, int where, int length) {
        /** The most bytes one region copies. */
        public static final int MAX_LENGTH = 4096;

        /** @throws IllegalArgumentException naming the value that is out of range */
        public Deref {
            if (length < 1 || length > MAX_LENGTH) {
                throw new IllegalArgumentException("deref length must be in 1.." + MAX_LENGTH + ": " + length);
            }
            if (!fromStack && (where < 0 || where >= RecordLayout.REG_COUNT)) {
                throw new IllegalArgumentException("register index must be in 0.." + (RecordLayout.REG_COUNT - 1)
                        + ": " + where);
            }
            if (fromStack && where % 8 != 0) {
                throw new IllegalArgumentException("stack slot offset must be a multiple of 8: " + where);
            }
        }

        /** Bytes this region takes in a record: a 16-byte header (address, bytes copied, length) and the data. */
        int recordBytes() {
            return RecordLayout.DEREF_HEADER + ((length + 7) & ~7);
        }
    }

    /** A probe that copies nothing beyond its stack window. */
    public ProbeSpec(int id, int tgid, int stackBelow, int stackAbove, long goidOffset, long mOffset, long g0Offset,
            long curgOffset) {
        this(id, tgid, stackBelow, stackAbove, goidOffset, mOffset, g0Offset, curgOffset, java.util.List.of());
    }

    /**
     * The most a probe copies on either side of rsp: Go at -N -l leaves a result in the callee's frame, which may be
     * a few KiB below rsp at the RET (a function with a 1 KiB local array: 1056 bytes).
     */
    public static final int MAX_STACK_SIDE = 4096;
    /**
     * The largest field offset accepted: offsets are added to pointers as eBPF immediates, which are signed 32-bit,
     * and no Go runtime structure comes near this size.
     */
    public static final long MAX_FIELD_OFFSET = 1 << 20;

    /** @throws IllegalArgumentException naming the value that is out of range */
    public ProbeSpec {
        if (tgid <= 0) {
            throw new IllegalArgumentException("tgid must be a process id (> 0): " + tgid);
        }
        checkStack("stackBelow", stackBelow);
        checkStack("stackAbove", stackAbove);
        checkOffset("goidOffset", goidOffset);
        checkOffset("mOffset", mOffset);
        checkOffset("g0Offset", g0Offset);
        checkOffset("curgOffset", curgOffset);
        derefs = java.util.List.copyOf(derefs);
        if (derefs.size() > MAX_DEREFS) {
            throw new IllegalArgumentException("at most " + MAX_DEREFS + " derefs: " + derefs.size());
        }
        for (Deref d : derefs) {
            if (d.fromStack() && (d.where() < -stackBelow || d.where() + 8 > stackAbove)) {
                throw new IllegalArgumentException("stack slot rsp" + (d.where() < 0 ? "" : "+") + d.where()
                        + " is outside the window (" + stackBelow + " bytes below rsp, " + stackAbove + " above)");
            }
        }
    }

    /** This probe with {@code more} regions to copy. */
    public ProbeSpec withDerefs(java.util.List<Deref> more) {
        return new ProbeSpec(id, tgid, stackBelow, stackAbove, goidOffset, mOffset, g0Offset, curgOffset, more);
    }

    /** A probe on code that is not Go: no g fields. */
    public static ProbeSpec nativeCode(int id, int tgid, int stackBelow, int stackAbove) {
        return new ProbeSpec(id, tgid, stackBelow, stackAbove, -1, -1, -1, -1);
    }

    private static void checkStack(String name, int bytes) {
        if (bytes < 0 || bytes > MAX_STACK_SIDE || bytes % 8 != 0) {
            throw new IllegalArgumentException(name + " must be a multiple of 8 in 0.." + MAX_STACK_SIDE + ": "
                    + bytes);
        }
    }

    private static void checkOffset(String name, long offset) {
        if (offset > MAX_FIELD_OFFSET) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_FIELD_OFFSET + " (negative for none): "
                    + offset);
        }
    }

    /** True when the program reads g fields. */
    public boolean isGo() {
        return goidOffset >= 0;
    }

    /** True when a zero goid is resolved through {@code m.g0} and {@code m.curg}. */
    public boolean resolvesSystemStack() {
        return isGo() && mOffset >= 0 && g0Offset >= 0 && curgOffset >= 0;
    }

    /** Bytes of stack each record carries. */
    public int windowBytes() {
        return stackBelow + stackAbove;
    }

    /** Bytes of one record of this probe (without the ring's 8-byte header). */
    public int recordBytes() {
        int n = RecordLayout.WINDOW + windowBytes();
        for (Deref d : derefs) {
            n += d.recordBytes();
        }
        return n;
    }
}
