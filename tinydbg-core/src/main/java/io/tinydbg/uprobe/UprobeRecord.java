package io.tinydbg.uprobe;

import java.nio.ByteBuffer;

/**
 * One probe hit, read in place from the ring buffer: a flyweight that {@link UprobeRecorder#drain} rebinds to each
 * record, valid only during {@link RecordHandler#onRecord}. Once the handler returns, the kernel may overwrite the
 * bytes; copy out what must outlive the call.
 *
 * <p>The record, as the probe's program writes it (little-endian, offsets in bytes, fixed for a probe):
 * <table>
 * <caption>record layout</caption>
 * <tr><th>offset</th><th>type</th><th>field</th></tr>
 * <tr><td>0</td><td>u32</td><td>probe id ({@link ProbeSpec#id()})</td></tr>
 * <tr><td>4</td><td>u32</td><td>flags: bit 0 the g fields were read (never set for a probe on code that is not
 *     Go), bit 1 the stack window was read (always set for an empty window), bit 2 a deref faulted and the
 *     thread was stopped ({@link #liveReadsAllowed()}); bits 16..31 the probe's stackBelow,
 *     which places rsp in the window</td></tr>
 * <tr><td>8</td><td>u64</td><td>{@code tgid << 32 | tid} of the hitting thread</td></tr>
 * <tr><td>16</td><td>u64</td><td>bpf_ktime_get_ns(): CLOCK_MONOTONIC, the clock of {@link System#nanoTime()} on
 *     Linux</td></tr>
 * <tr><td>24..191</td><td>21 x u64</td><td>struct pt_regs at the hit, in the order of the first 21 fields of
 *     user_regs_struct: r15 r14 r13 r12 rbp rbx r11 r10 r9 r8 rax rcx rdx rsi rdi orig_rax rip cs eflags rsp
 *     ss</td></tr>
 * <tr><td>192</td><td>u64</td><td>g.goid as read (0 for a probe on code that is not Go)</td></tr>
 * <tr><td>200</td><td>u64</td><td>g.stack.hi (0 when not Go)</td></tr>
 * <tr><td>208</td><td>u64</td><td>the resolved goroutine id: m.curg's goid when the thread runs on m.g0, else the
 *     raw goid</td></tr>
 * <tr><td>216</td><td>u32</td><td>the window's length, {@code stackBelow + stackAbove}</td></tr>
 * <tr><td>220</td><td>u32</td><td>the number of deref regions ({@link ProbeSpec#derefs()})</td></tr>
 * <tr><td>224</td><td>bytes</td><td>the stack window: {@code stackBelow + stackAbove} bytes from
 *     {@code rsp - stackBelow}</td></tr>
 * <tr><td>then</td><td>regions</td><td>per deref: u64 address, u32 bytes copied, u32 length, and the length's
 *     bytes padded to a multiple of 8</td></tr>
 * </table>
 * A field whose read faulted is zero and its flag bit is clear.
 *
 * <p>rip: the uprobe handler on x86-64 sees rip already wound back to the probed address (the kernel does so
 * before calling the handlers, so that a restart re-executes the instruction), and {@link #register} returns it
 * as stored: rip is the address of the probed instruction, not the address after the int3.
 */
public final class UprobeRecord {
    /** Index of rip in user_regs_struct. */
    public static final int RIP = RecordLayout.RIP;
    /** Index of rsp in user_regs_struct. */
    public static final int RSP = RecordLayout.RSP;
    /** Number of registers a record carries: the first 21 fields of user_regs_struct. */
    public static final int REGISTER_COUNT = RecordLayout.REG_COUNT;

    private ByteBuffer data;
    private int base;
    private int length;

    UprobeRecord() {
    }

    void bind(ByteBuffer ring, int offset, int recordLength) {
        this.data = ring;
        this.base = offset;
        this.length = recordLength;
    }

    void unbind() {
        this.data = null;
    }

    private ByteBuffer data() {
        if (data == null) {
            throw new IllegalStateException("a UprobeRecord is valid only during RecordHandler.onRecord");
        }
        return data;
    }

    public int probeId() {
        return data().getInt(base + RecordLayout.PROBE_ID);
    }

    /** The hitting thread's kernel id. */
    public int tid() {
        return (int) data().getLong(base + RecordLayout.PID_TGID);
    }

    /** The hitting process's id. */
    public int tgid() {
        return (int) (data().getLong(base + RecordLayout.PID_TGID) >>> 32);
    }

    /** When the probe ran, in CLOCK_MONOTONIC nanoseconds (comparable with {@link System#nanoTime()} on Linux). */
    public long monotonicNanos() {
        return data().getLong(base + RecordLayout.TIME);
    }

    /** Register {@code userRegsIndex} of user_regs_struct (0 = r15 ... 16 = rip ... 19 = rsp, 20 = ss). */
    public long register(int userRegsIndex) {
        if (userRegsIndex < 0 || userRegsIndex >= REGISTER_COUNT) {
            throw new IndexOutOfBoundsException("register index " + userRegsIndex + " not in 0.."
                    + (REGISTER_COUNT - 1));
        }
        return data().getLong(base + RecordLayout.REGS + userRegsIndex * 8);
    }

    /** Copies the 21 registers into {@code dst[0..20]}, laid out as user_regs_struct; the rest is untouched. */
    public void copyRegisters(long[] dst) {
        ByteBuffer d = data();
        for (int i = 0; i < REGISTER_COUNT; i++) {
            dst[i] = d.getLong(base + RecordLayout.REGS + i * 8);
        }
    }

    private boolean flag(int bit) {
        return (data().getInt(base + RecordLayout.FLAGS) & bit) != 0;
    }

    /** True when the probe read g fields (a Go probe) and none of the reads faulted. */
    public boolean goroutineReadOk() {
        return flag(RecordLayout.FLAG_G_OK);
    }

    /** g.goid as read from r14's g (0 on g0, or when not Go). */
    public long rawGoid() {
        return data().getLong(base + RecordLayout.RAW_GOID);
    }

    /** g.stack.hi (0 when not Go). */
    public long stackHi() {
        return data().getLong(base + RecordLayout.STACK_HI);
    }

    /** The goroutine the thread runs for: m.curg's goid on g0, else the raw goid. */
    public long goroutineId() {
        return data().getLong(base + RecordLayout.GOROUTINE);
    }

    /** True when the stack window was read (always, for a window of 0 bytes). */
    public boolean stackWindowOk() {
        return flag(RecordLayout.FLAG_WINDOW_OK);
    }

    /** The address of the window's first byte: rsp minus the probe's stackBelow. */
    public long windowStart() {
        return register(RSP) - stackBelow();
    }

    /** Bytes of the window below rsp: the probe's {@link ProbeSpec#stackBelow()}. */
    public int stackBelow() {
        return data().getInt(base + RecordLayout.FLAGS) >>> RecordLayout.FLAGS_STACK_BELOW_SHIFT;
    }

    /** Number of bytes in the window. */
    public int windowLength() {
        return data().getInt(base + RecordLayout.WINDOW_BYTES);
    }

    /**
     * True when a deref faulted, so the program stopped the hitting thread (SIGSTOP) before it ran on: until its
     * tracer resumes it, the memory the regions did not copy is as it was at the hit.
     */
    public boolean liveReadsAllowed() {
        return flag(RecordLayout.FLAG_LIVE);
    }

    /** Number of deref regions ({@link ProbeSpec#derefs()}, in that order). */
    public int derefCount() {
        return data().getInt(base + RecordLayout.DEREF_COUNT);
    }

    /** The address region {@code i} was copied from. */
    public long derefAddress(int i) {
        return data().getLong(derefAt(i));
    }

    /** A copy of the bytes region {@code i} holds: all its length, or fewer when the copy faulted. */
    public byte[] derefBytes(int i) {
        int at = derefAt(i);
        byte[] b = new byte[data().getInt(at + RecordLayout.DEREF_COPIED)];
        data().get(at + RecordLayout.DEREF_HEADER, b);
        return b;
    }

    /** The number of bytes region {@code i} was meant to copy. */
    public int derefLength(int i) {
        return data().getInt(derefAt(i) + RecordLayout.DEREF_LENGTH);
    }

    private int derefAt(int i) {
        int n = derefCount();
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("deref " + i + " not in 0.." + (n - 1));
        }
        int at = base + RecordLayout.WINDOW + windowLength();
        for (int k = 0; k < i; k++) {
            at += RecordLayout.DEREF_HEADER + ((data().getInt(at + RecordLayout.DEREF_LENGTH) + 7) & ~7);
        }
        if (at + RecordLayout.DEREF_HEADER > base + length) {
            throw new IllegalStateException("record of " + length + " bytes ends before deref " + i);
        }
        return at;
    }

    /** A copy of the stack window (zeros when {@link #stackWindowOk()} is false). */
    public byte[] window() {
        byte[] b = new byte[windowLength()];
        data().get(base + RecordLayout.WINDOW, b);
        return b;
    }

    /**
     * The u64 at byte {@code offset} of the window, read in place (rsp's own word is at {@link #stackBelow()}). No
     * view of the ring is handed out: the ring is unmapped when the recorder closes, and a view kept past that
     * would crash the JVM when read.
     */
    public long windowWord(int offset) {
        if (offset < 0 || offset % 8 != 0 || offset + 8 > windowLength()) {
            throw new IndexOutOfBoundsException("window offset " + offset + " is not the offset of a u64 in the "
                    + windowLength() + "-byte window");
        }
        return data().getLong(base + RecordLayout.WINDOW + offset);
    }
}
