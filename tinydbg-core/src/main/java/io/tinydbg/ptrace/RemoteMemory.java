package io.tinydbg.ptrace;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tinydbg.TinydbgException;
import io.tinydbg.sys.LibC;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes the memory of one process. Reads use one {@code process_vm_readv} (falling back to
 * /proc/PID/mem when it is refused or the range crosses an unreadable page). Writes go through /proc/PID/mem, which,
 * unlike {@code process_vm_writev}, may write read-only text pages (the kernel uses FOLL_FORCE), in one syscall
 * for any length. Not thread-safe: the engine uses it from the tracer thread only.
 *
 * <p>Small reads are served from a few 512-byte blocks read whole the first time (or fetched ahead by
 * {@link #prefetch}), until {@link #forgetReads()}:
 * handling one stop reads the same places several times (a Go function's g: its stack guard for the entry
 * check, its stack top for return tracking, its goid), and one system call costs far more than 512 bytes of copying.
 * The engine forgets the blocks at every stop, so they are never older than the stop being handled.
 */
public final class RemoteMemory implements AutoCloseable {
    private final int pid;
    private final FileChannel mem;
    private Memory buffer = new Memory(4096);
    private final Memory iov = new Memory(48);
    private static final int BLOCK = 512;
    private static final int CACHED_READ_MAX = 64;
    private final long[] blockAddress = {-1, -1, -1, -1};
    private final byte[][] blocks = new byte[4][BLOCK];
    private int nextBlock;

    public RemoteMemory(int pid) {
        this.pid = pid;
        try {
            this.mem = FileChannel.open(Path.of("/proc", Integer.toString(pid), "mem"), StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new NoSuchProcessException(pid, "cannot open /proc/" + pid + "/mem: " + e.getMessage());
        }
    }

    public int pid() {
        return pid;
    }

    /** Reads {@code length} bytes at {@code address}; throws {@link MemoryAccessException} if unreadable. */
    public byte[] read(long address, int length) {
        byte[] out = new byte[length];
        read(address, out, 0, length);
        return out;
    }

    public void read(long address, byte[] out, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (length <= CACHED_READ_MAX && readCached(address, out, offset, length)) {
            return;
        }
        readUncached(address, out, offset, length);
    }

    /** Forgets the blocks kept by earlier reads: the target ran since, or is about to. */
    public void forgetReads() {
        java.util.Arrays.fill(blockAddress, -1);
    }

    private boolean readCached(long address, byte[] out, int offset, int length) {
        int slot = cached(address, length);
        if (slot < 0) {
            long window = windowAround(address);
            if (address + length > window + BLOCK) {
                return false; // runs past the end of its page
            }
            if (processVmRead(window, BLOCK) != BLOCK) {
                return false; // the page went away meanwhile: the exact read reports it
            }
            slot = keep(window, 0);
        }
        System.arraycopy(blocks[slot], (int) (address - blockAddress[slot]), out, offset, length);
        return true;
    }

    /** The slot of a kept block holding {@code [address, address + length)}, or -1. */
    private int cached(long address, int length) {
        for (int i = 0; i < blocks.length; i++) {
            long b = blockAddress[i];
            if (b != -1 && address >= b && address + length <= b + BLOCK) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The block read for {@code address}: from 256 bytes below it, moved to stay inside its page (a readable byte's
     * whole page is mapped), so both the fields before a pointer and those after it come along.
     */
    private static long windowAround(long address) {
        long page = address & -4096L;
        long start = Math.max(page, address - BLOCK / 2);
        return Math.min(start, page + 4096 - BLOCK);
    }

    /** Copies the block just read into {@code buffer} at {@code bufferOffset} into the next slot. */
    private int keep(long window, int bufferOffset) {
        int slot = nextBlock;
        buffer.read(bufferOffset, blocks[slot], 0, BLOCK);
        blockAddress[slot] = window;
        nextBlock = (slot + 1) % blocks.length;
        return slot;
    }

    /**
     * Reads the blocks around {@code a} and {@code b} (0 = none) in one system call, for the reads a stop is about
     * to make: the stack around a stopped thread's rsp and a Go function's g. Unreadable places are skipped.
     */
    public void prefetch(long a, long b) {
        long wa = a == 0 || cached(a, 8) >= 0 ? -1 : windowAround(a);
        long wb = b == 0 || cached(b, 8) >= 0 ? -1 : windowAround(b);
        if (wb != -1 && wb == wa) {
            wb = -1;
        }
        if (wa == -1) {
            wa = wb;
            wb = -1;
        }
        if (wa == -1) {
            return;
        }
        int count = wb == -1 ? 1 : 2;
        if (buffer.size() < 2 * BLOCK) {
            buffer.close();
            buffer = new Memory(4096);
        }
        long got;
        try {
            long base = Pointer.nativeValue(iov);
            iov.setLong(0, Pointer.nativeValue(buffer));
            iov.setLong(8, (long) count * BLOCK);
            iov.setLong(16, wa);
            iov.setLong(24, BLOCK);
            if (count == 2) {
                iov.setLong(32, wb);
                iov.setLong(40, BLOCK);
            }
            got = LibC.process_vm_readv(pid, base, 1, base + 16, count, 0);
        } catch (LastErrorException e) {
            return;
        }
        if (got >= BLOCK) {
            keep(wa, 0);
        }
        if (got >= 2L * BLOCK) {
            keep(wb, BLOCK);
        }
    }

    private long processVmRead(long address, int length) {
        if (buffer.size() < length) {
            buffer.close();
            buffer = new Memory(Math.max(length, buffer.size() * 2));
        }
        try {
            iov.setLong(0, Pointer.nativeValue(buffer));
            iov.setLong(8, length);
            iov.setLong(16, address);
            iov.setLong(24, length);
            long base = Pointer.nativeValue(iov);
            return LibC.process_vm_readv(pid, base, 1, base + 16, 1, 0);
        } catch (LastErrorException e) {
            return -1;
        }
    }

    private void readUncached(long address, byte[] out, int offset, int length) {
        if (processVmRead(address, length) == length) {
            buffer.read(0, out, offset, length);
            return;
        }
        readViaProcMem(address, out, offset, length);
    }

    /** One little-endian 64-bit word at {@code address}. */
    public long readLong(long address) {
        byte[] b = read(address, 8);
        return ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private void readViaProcMem(long address, byte[] out, int offset, int length) {
        try {
            ByteBuffer b = ByteBuffer.wrap(out, offset, length);
            long pos = address;
            while (b.hasRemaining()) {
                int n = mem.read(b, pos);
                if (n <= 0) {
                    throw new MemoryAccessException(pid, address, length);
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new MemoryAccessException(pid, address, length);
        }
    }

    /** Writes {@code data} at {@code address}, also into read-only (text) pages. */
    public void write(long address, byte[] data) {
        forgetReads();
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            long pos = address;
            while (b.hasRemaining()) {
                int n = mem.write(b, pos);
                if (n <= 0) {
                    throw new MemoryAccessException(pid, address, data.length);
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new MemoryAccessException(pid, address, data.length);
        }
    }

    public void writeLong(long address, long value) {
        byte[] b = new byte[8];
        ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value);
        write(address, b);
    }

    @Override
    public void close() {
        try {
            mem.close();
        } catch (IOException e) {
            // nothing left to release
        }
        buffer.close();
        iov.close();
    }

    /** A read or write of the target's memory failed (unmapped page, process gone). */
    public static final class MemoryAccessException extends TinydbgException {
        private static final long serialVersionUID = 1L;

        public MemoryAccessException(int pid, long address, int length) {
            super("cannot access " + length + " bytes at 0x" + Long.toHexString(address) + " in process " + pid);
        }
    }
}
