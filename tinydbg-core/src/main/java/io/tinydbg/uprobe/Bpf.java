package io.tinydbg.uprobe;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tinydbg.sys.KernelCalls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The bpf(2) commands the recorder uses, each filling a zeroed {@code union bpf_attr} at the offsets of the kernel
 * fields its constants are named after. Every file descriptor the kernel hands out for a map or a program is
 * close-on-exec, so the processes tinydbg launches do not inherit them.
 */
final class Bpf {
    // commands
    private static final int BPF_MAP_CREATE = 0;
    private static final int BPF_MAP_LOOKUP_ELEM = 1;
    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_LINK_CREATE = 28;

    static final int BPF_MAP_TYPE_ARRAY = 2;
    static final int BPF_MAP_TYPE_RINGBUF = 27;
    static final int BPF_PROG_TYPE_KPROBE = 2;
    /** expected_attach_type of a KPROBE program attached with a uprobe_multi link (Linux 6.6 and later). */
    static final int BPF_TRACE_UPROBE_MULTI = 48;

    /**
     * Bytes of union bpf_attr passed; the kernel reads what it knows of them and requires any byte beyond its own
     * size to be zero, which this block's tail is.
     */
    private static final int ATTR_SIZE = 160;
    // BPF_MAP_CREATE
    private static final int MAP_TYPE = 0;
    private static final int KEY_SIZE = 4;
    private static final int VALUE_SIZE = 8;
    private static final int MAX_ENTRIES = 12;
    private static final int MAP_NAME = 28;
    // BPF_MAP_*_ELEM
    private static final int MAP_FD = 0;
    private static final int KEY = 8;
    private static final int VALUE = 16;
    // BPF_PROG_LOAD
    private static final int PROG_TYPE = 0;
    private static final int INSN_CNT = 4;
    private static final int INSNS = 8;
    private static final int LICENSE = 16;
    private static final int LOG_LEVEL = 24;
    private static final int LOG_SIZE = 28;
    private static final int LOG_BUF = 32;
    private static final int PROG_NAME = 48;
    private static final int EXPECTED_ATTACH_TYPE = 68;
    // BPF_LINK_CREATE (link_create.uprobe_multi)
    private static final int LINK_PROG_FD = 0;
    private static final int LINK_ATTACH_TYPE = 8;
    private static final int UPROBE_MULTI_PATH = 16;
    private static final int UPROBE_MULTI_OFFSETS = 24;
    private static final int UPROBE_MULTI_CNT = 48;
    private static final int UPROBE_MULTI_PID = 56;
    private static final int OBJ_NAME_LEN = 16;

    /** Room for the verifier's log of a rejected program (it is only asked for after a failure). */
    private static final int LOG_BYTES = 1 << 20;

    private Bpf() {
    }

    /** Creates a map; {@code name} (at most 15 ASCII characters) is what bpftool shows. */
    static int createMap(int type, int keySize, int valueSize, int maxEntries, String name) {
        try (Memory attr = attr()) {
            attr.setInt(MAP_TYPE, type);
            attr.setInt(KEY_SIZE, keySize);
            attr.setInt(VALUE_SIZE, valueSize);
            attr.setInt(MAX_ENTRIES, maxEntries);
            putName(attr, MAP_NAME, name);
            return (int) call(BPF_MAP_CREATE, attr, "bpf(BPF_MAP_CREATE)", name + " map of " + maxEntries
                    + (type == BPF_MAP_TYPE_RINGBUF ? " bytes" : " entries"));
        }
    }

    /** The u64 value at u32 key {@code key} of an array map. */
    static long lookupU64(int mapFd, int key) {
        try (Memory attr = attr(); Memory k = new Memory(4); Memory v = new Memory(8)) {
            k.setInt(0, key);
            v.setLong(0, 0);
            attr.setInt(MAP_FD, mapFd);
            attr.setLong(KEY, Pointer.nativeValue(k));
            attr.setLong(VALUE, Pointer.nativeValue(v));
            call(BPF_MAP_LOOKUP_ELEM, attr, "bpf(BPF_MAP_LOOKUP_ELEM)", "key " + key + " of map fd " + mapFd);
            return v.getLong(0);
        }
    }

    /**
     * Loads a program. The first attempt asks for no verifier log: asking for one costs time on every load, and a
     * log that outgrows its buffer makes even a valid program fail with ENOSPC. When the load fails, it is tried
     * again with the log, and the log goes into the exception's message.
     */
    static int loadProgram(int type, int attachType, byte[] insns, String name, String purpose) {
        try (Memory code = new Memory(insns.length); Memory license = new Memory(4)) {
            code.write(0, insns, 0, insns.length);
            // The kernel lets only programs declaring a GPL-compatible license call the helpers it marks gpl_only,
            // and bpf_probe_read_user, bpf_ktime_get_ns and bpf_send_signal_thread are among them. The declaration
            // concerns the instructions assembled here at run time and handed to the kernel.
            license.setString(0, "GPL", StandardCharsets.US_ASCII.name());
            try {
                return load(type, attachType, code, insns.length / 8, license, name, null);
            } catch (LastErrorException first) {
                try (Memory log = new Memory(LOG_BYTES)) {
                    log.setByte(0, (byte) 0);
                    try {
                        return load(type, attachType, code, insns.length / 8, license, name, log);
                    } catch (LastErrorException e) {
                        String text = log.getString(0, StandardCharsets.UTF_8.name()).strip();
                        throw new UprobeException("bpf(BPF_PROG_LOAD)", e.getErrorCode(), purpose,
                                text.isEmpty() ? "" : "verifier log:\n" + text);
                    }
                }
            }
        }
    }

    private static int load(int type, int attachType, Memory code, int count, Memory license, String name,
            Memory log) {
        try (Memory attr = attr()) {
            attr.setInt(PROG_TYPE, type);
            attr.setInt(EXPECTED_ATTACH_TYPE, attachType);
            attr.setInt(INSN_CNT, count);
            attr.setLong(INSNS, Pointer.nativeValue(code));
            attr.setLong(LICENSE, Pointer.nativeValue(license));
            if (log != null) {
                attr.setInt(LOG_LEVEL, 1);
                attr.setInt(LOG_SIZE, (int) log.size());
                attr.setLong(LOG_BUF, Pointer.nativeValue(log));
            }
            putName(attr, PROG_NAME, name);
            return (int) KernelCalls.syscall(KernelCalls.SYS_BPF, BPF_PROG_LOAD, Pointer.nativeValue(attr), ATTR_SIZE,
                    0, 0);
        }
    }

    /**
     * Attaches a program loaded for {@link #BPF_TRACE_UPROBE_MULTI} as a uprobe at {@code fileOffset} of {@code
     * file} in process {@code pid} only: the kernel puts the int3 into that process's memory, not into every process
     * that maps the file. Returns the link's file descriptor; closing it removes the uprobe.
     */
    static int linkUprobe(int programFd, Path file, long fileOffset, int pid, String purpose) {
        byte[] path = file.toString().getBytes(StandardCharsets.UTF_8);
        try (Memory attr = attr(); Memory name = new Memory(path.length + 1); Memory offsets = new Memory(8)) {
            name.write(0, path, 0, path.length);
            name.setByte(path.length, (byte) 0);
            offsets.setLong(0, fileOffset);
            attr.setInt(LINK_PROG_FD, programFd);
            attr.setInt(LINK_ATTACH_TYPE, BPF_TRACE_UPROBE_MULTI);
            attr.setLong(UPROBE_MULTI_PATH, Pointer.nativeValue(name));
            attr.setLong(UPROBE_MULTI_OFFSETS, Pointer.nativeValue(offsets));
            attr.setInt(UPROBE_MULTI_CNT, 1);
            attr.setInt(UPROBE_MULTI_PID, pid);
            return (int) call(BPF_LINK_CREATE, attr, "bpf(BPF_LINK_CREATE)", purpose);
        }
    }

    private static long call(int cmd, Memory attr, String syscall, String purpose) {
        try {
            return KernelCalls.syscall(KernelCalls.SYS_BPF, cmd, Pointer.nativeValue(attr), ATTR_SIZE, 0, 0);
        } catch (LastErrorException e) {
            throw new UprobeException(syscall, e.getErrorCode(), purpose, "");
        }
    }

    private static Memory attr() {
        Memory m = new Memory(ATTR_SIZE);
        m.clear();
        return m;
    }

    private static void putName(Memory attr, int offset, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        attr.write(offset, b, 0, Math.min(b.length, OBJ_NAME_LEN - 1));
    }
}
