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
 */
public final class RemoteMemory implements AutoCloseable {
    private final int pid;
    private final FileChannel mem;
    private Memory buffer = new Memory(4096);
    private final Memory iov = new Memory(32);

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
        if (buffer.size() < length) {
            buffer.close();
            buffer = new Memory(Math.max(length, buffer.size() * 2));
        }
        long got = -1;
        try {
            iov.setLong(0, Pointer.nativeValue(buffer));
            iov.setLong(8, length);
            iov.setLong(16, address);
            iov.setLong(24, length);
            long base = Pointer.nativeValue(iov);
            got = LibC.process_vm_readv(pid, base, 1, base + 16, 1, 0);
        } catch (LastErrorException e) {
            got = -1;
        }
        if (got == length) {
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
