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
 *     Go), bit 1 the stack window was read (always set for an empty window); bits 16..31 the probe's stackBelow,
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
 * <tr><td>216</td><td>bytes</td><td>the stack window: {@code stackBelow + stackAbove} bytes from
 *     {@code rsp - stackBelow}</td></tr>
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
        data();
        return length - RecordLayout.WINDOW;
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
