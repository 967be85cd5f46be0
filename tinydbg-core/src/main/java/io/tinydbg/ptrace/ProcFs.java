package io.tinydbg.ptrace;

import io.tinydbg.TinydbgException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Reads what the tracer needs from /proc/PID: threads, auxiliary vector, mappings, status lines. */
public final class ProcFs {
    public static final int AT_PHDR = 3;
    public static final int AT_ENTRY = 9;

    /** One line of /proc/PID/maps. */
    public record Mapping(long start, long end, String perms, long offset, String path) {
        public boolean executable() {
            return perms.length() > 2 && perms.charAt(2) == 'x';
        }
    }

    private ProcFs() {
    }

    /** Thread ids in /proc/PID/task; empty when the process is gone. */
    public static List<Integer> tasks(int pid) {
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
            s.forEach(p -> out.add(Integer.parseInt(p.getFileName().toString())));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new TinydbgException("cannot list threads of " + pid + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The value of auxv entry {@code type} (AT_ENTRY, AT_PHDR, ...). */
    public static OptionalLong auxv(int pid, int type) {
        byte[] raw = read(pid, "auxv");
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        while (b.remaining() >= 16) {
            long t = b.getLong();
            long v = b.getLong();
            if (t == type) {
                return OptionalLong.of(v);
            }
            if (t == 0) {
                break;
            }
        }
        return OptionalLong.empty();
    }

    /** The memory mappings of the process. */
    public static List<Mapping> maps(int pid) {
        List<Mapping> out = new ArrayList<>();
        for (String line : new String(read(pid, "maps")).split("\n")) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 5) {
                continue;
            }
            String[] range = f[0].split("-");
            out.add(new Mapping(Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16), f[1],
                    Long.parseUnsignedLong(f[2], 16), f.length == 6 ? f[5] : ""));
        }
        return out;
    }

    /** The value of a "Key:\tvalue" line of /proc/PID/status, or null. */
    public static String status(int pid, String key) {
        for (String line : new String(read(pid, "status")).split("\n")) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        return null;
    }

    /**
     * Whether the task is a zombie (State Z or X) or gone. A process exiting while it is detached from leaves its
     * leader a zombie that reports nothing until every other thread is released: a tracer must not wait for it.
     */
    public static boolean exited(int tid) {
        try {
            String state = status(tid, "State");
            return state == null || state.startsWith("Z") || state.startsWith("X");
        } catch (RuntimeException gone) {
            return true;
        }
    }

    /** Whether signal {@code sig} is pending for the task itself (SigPnd of /proc/TID/status, not the group's). */
    public static boolean signalPending(int tid, int sig) {
        try {
            String mask = status(tid, "SigPnd");
            return mask != null && (Long.parseUnsignedLong(mask, 16) & (1L << (sig - 1))) != 0;
        } catch (RuntimeException gone) {
            return false;
        }
    }

    /**
     * A path that opens the very file process {@code pid} runs: the name /proc/PID/exe links to while that name
     * still leads to the same file, else /proc/PID/exe itself. The name alone would fail for a binary deleted or
     * replaced since the process started (a package upgrade; the link then reads "NAME (deleted)"), and could
     * lead to another file when the process lives in another mount namespace (a container); uprobes placed on
     * that other file would never fire.
     */
    public static Path executableFile(int pid) {
        Path name = exe(pid);
        Path link = Path.of("/proc", Integer.toString(pid), "exe");
        try {
            if (Files.isSameFile(name, link)) {
                return name;
            }
        } catch (IOException gone) {
            // deleted, or not visible from here
        }
        return link;
    }

    /** Target of /proc/PID/exe. */
    public static Path exe(int pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "exe"));
        } catch (IOException e) {
            ExitedTarget.check(pid).ifPresent(exited -> {
                throw exited;
            });
            throw new NoSuchProcessException(pid, "cannot read /proc/" + pid + "/exe: " + e.getMessage());
        }
    }

    /**
     * The PIE load bias of the main executable: AT_ENTRY minus the ELF header's e_entry (0 for ET_EXEC). Reads the
     * header through /proc/PID/exe so it works after the file was replaced on disk.
     */
    public static long loadBias(int pid) {
        long atEntry = auxv(pid, AT_ENTRY).orElseThrow(() -> new TinydbgException("no AT_ENTRY for " + pid));
        byte[] header = new byte[64];
        try (var ch = Files.newByteChannel(Path.of("/proc", Integer.toString(pid), "exe"))) {
            ByteBuffer b = ByteBuffer.wrap(header);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill the header
            }
        } catch (IOException e) {
            throw new NoSuchProcessException(pid, "cannot read /proc/" + pid + "/exe: " + e.getMessage());
        }
        long eEntry = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong(24);
        return atEntry - eEntry;
    }

    static byte[] read(int pid, String file) {
        try {
            return Files.readAllBytes(Path.of("/proc", Integer.toString(pid), file));
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException(pid, "process " + pid + " does not exist");
        } catch (IOException e) {
            throw new NoSuchProcessException(pid, "cannot read /proc/" + pid + "/" + file + ": " + e.getMessage());
        }
    }
}
