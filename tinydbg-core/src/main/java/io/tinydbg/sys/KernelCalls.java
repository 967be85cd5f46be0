package io.tinydbg.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Direct-mapped libc entry points for kernel interfaces that have no glibc wrapper of their own ({@code bpf},
 * {@code perf_event_open}) and for the file-descriptor and mapping calls that go with them. As in {@link LibC},
 * pointers are raw {@code long} addresses of JNA {@link com.sun.jna.Memory} blocks and errno comes back as a
 * {@link LastErrorException}.
 *
 * <p>glibc's {@code syscall} and {@code ioctl} are variadic. Declaring them with a fixed list of {@code long}
 * arguments is safe on x86-64: variadic integer arguments travel in the same registers as fixed ones, and the only
 * extra variadic convention ({@code al} holding the number of vector registers used) concerns floating-point
 * arguments, which these calls never take. Unused trailing arguments of {@code syscall} are ignored by the kernel.
 */
public final class KernelCalls {
    /** {@code __NR_perf_event_open} on x86-64. */
    public static final long SYS_PERF_EVENT_OPEN = 298;
    /** {@code __NR_bpf} on x86-64. */
    public static final long SYS_BPF = 321;

    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;

    static {
        Native.register(NativeLibrary.getInstance("c"));
    }

    private KernelCalls() {
    }

    /** The raw system call {@code number} with five arguments; returns what the kernel returns. */
    public static native long syscall(long number, long a1, long a2, long a3, long a4, long a5)
            throws LastErrorException;

    public static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    public static native long mmap(long addr, long length, int prot, int flags, int fd, long offset)
            throws LastErrorException;

    public static native int munmap(long addr, long length) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    /** The size of a memory page, the unit of mmap offsets and lengths. */
    public static native int getpagesize();
}
