package io.tinydbg.uprobe;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tinydbg.sys.KernelCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens uprobes through perf_event_open(2) on the kernel's "uprobe" PMU and attaches programs to them. The event is
 * opened for every process ({@code pid = -1}) on CPU 0: a uprobe's program runs for hits on every CPU, once per
 * hit, whatever CPU the event names (one event per CPU would record each hit once per CPU), and per-task events
 * need {@code inherit} to follow new threads, which makes the target's clone() fail with EFAULT. The program
 * filters by process instead.
 */
final class PerfUprobe {
    private static final Path PMU_TYPE = Path.of("/sys/bus/event_source/devices/uprobe/type");

    // struct perf_event_attr
    private static final int TYPE = 0;
    private static final int SIZE = 4;
    private static final int FLAGS = 40;
    private static final int CONFIG1 = 56; // uprobe_path: address of the NUL-terminated path
    private static final int CONFIG2 = 64; // probe_offset: file offset of the probed instruction
    /** PERF_ATTR_SIZE_VER5, a size every kernel with BPF ring buffers knows. */
    private static final int ATTR_SIZE = 112;
    private static final long FLAG_DISABLED = 1;

    private static final long PERF_FLAG_FD_CLOEXEC = 8;
    private static final long IOC_ENABLE = 0x2400;
    private static final long IOC_SET_BPF = 0x40042408; // _IOW('$', 8, __u32)

    private PerfUprobe() {
    }

    /** The perf event type of the uprobe PMU, which the kernel assigns at boot. */
    static int pmuType() {
        try {
            return Integer.parseInt(Files.readString(PMU_TYPE).strip());
        } catch (IOException | NumberFormatException e) {
            throw new UprobeException("cannot read the uprobe PMU type from " + PMU_TYPE + " (kernel without "
                    + "CONFIG_UPROBE_EVENTS?): " + e);
        }
    }

    /**
     * Opens a disabled uprobe at {@code fileOffset} of {@code file}, attaches {@code programFd} and enables it;
     * returns the event's file descriptor, whose closing removes the uprobe from every process.
     */
    static int open(int pmuType, Path file, long fileOffset, int programFd) {
        String purpose = "uprobe on " + file + " at file offset 0x" + Long.toHexString(fileOffset);
        byte[] path = file.toString().getBytes(StandardCharsets.UTF_8);
        int fd;
        try (Memory attr = new Memory(ATTR_SIZE); Memory name = new Memory(path.length + 1)) {
            attr.clear();
            name.write(0, path, 0, path.length);
            name.setByte(path.length, (byte) 0);
            attr.setInt(TYPE, pmuType);
            attr.setInt(SIZE, ATTR_SIZE);
            attr.setLong(FLAGS, FLAG_DISABLED); // no hit is counted before the program is attached
            attr.setLong(CONFIG1, Pointer.nativeValue(name));
            attr.setLong(CONFIG2, fileOffset);
            fd = (int) KernelCalls.syscall(KernelCalls.SYS_PERF_EVENT_OPEN, Pointer.nativeValue(attr), -1, 0, -1,
                    PERF_FLAG_FD_CLOEXEC);
        } catch (LastErrorException e) {
            throw new UprobeException("perf_event_open", e.getErrorCode(), purpose, "");
        }
        try {
            ioctl(fd, IOC_SET_BPF, programFd, "ioctl(PERF_EVENT_IOC_SET_BPF)", purpose);
            ioctl(fd, IOC_ENABLE, 0, "ioctl(PERF_EVENT_IOC_ENABLE)", purpose);
            return fd;
        } catch (UprobeException e) {
            KernelCalls.close(fd);
            throw e;
        }
    }

    private static void ioctl(int fd, long request, long arg, String syscall, String purpose) {
        try {
            KernelCalls.ioctl(fd, request, arg);
        } catch (LastErrorException e) {
            throw new UprobeException(syscall, e.getErrorCode(), purpose, "");
        }
    }
}
