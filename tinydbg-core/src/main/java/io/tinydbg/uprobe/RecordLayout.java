package io.tinydbg.uprobe;

/**
 * Byte offsets of a record's fields, shared by the program that writes records ({@link ProbeProgram}) and the
 * flyweight that reads them ({@link UprobeRecord}), whose Javadoc documents the layout.
 */
final class RecordLayout {
    static final int PROBE_ID = 0;
    static final int FLAGS = 4;
    static final int PID_TGID = 8;
    static final int TIME = 16;
    static final int REGS = 24;
    /** struct pt_regs on x86-64 is the first 21 fields of user_regs_struct, in the same order. */
    static final int REG_COUNT = 21;
    static final int RAW_GOID = REGS + REG_COUNT * 8;
    static final int STACK_HI = RAW_GOID + 8;
    static final int GOROUTINE = STACK_HI + 8;
    static final int WINDOW_BYTES = GOROUTINE + 8;
    static final int DEREF_COUNT = WINDOW_BYTES + 4;
    static final int WINDOW = DEREF_COUNT + 4;
    /** Each deref region: u64 address, u32 bytes copied, u32 length, then the data padded to 8 bytes. */
    static final int DEREF_HEADER = 16;
    static final int DEREF_COPIED = 8;
    static final int DEREF_LENGTH = 12;

    static final int FLAG_G_OK = 1;
    static final int FLAG_WINDOW_OK = 2;
    /** A deref faulted: the thread was stopped, and what was not copied may be read from it (see ProbeSpec.Deref). */
    static final int FLAG_LIVE = 4;
    /** The flags word's top half holds the probe's stackBelow, so a record says where rsp is in its window. */
    static final int FLAGS_STACK_BELOW_SHIFT = 16;

    /** user_regs_struct (and pt_regs) indices of the registers the program itself uses. */
    static final int R14 = 1;
    static final int RIP = 16;
    static final int RSP = 19;

    private RecordLayout() {
    }
}
