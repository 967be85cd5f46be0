package io.tinydbg.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Direct-mapped libc functions the tracer needs. Pointers are passed as raw {@code long} addresses of JNA
 * {@link com.sun.jna.Memory} blocks so that no JNA {@code Structure} marshalling happens on hot paths; errno comes
 * back through {@link LastErrorException}. glibc's {@code ptrace} is variadic, but passing four longs matches the
 * x86-64 and aarch64 calling conventions.
 */
public final class LibC {
    static {
        Native.register(NativeLibrary.getInstance("c"));
    }

    private LibC() {
    }

    public static native long ptrace(int request, int pid, long addr, long data) throws LastErrorException;

    public static native int waitpid(int pid, long statusAddr, int options) throws LastErrorException;

    public static native int kill(int pid, int sig) throws LastErrorException;

    public static native int tgkill(int tgid, int tid, int sig) throws LastErrorException;

    public static native int getpid();

    public static native long syscall(long number, long a1) throws LastErrorException;

    public static native long process_vm_readv(int pid, long localIov, long liovcnt, long remoteIov, long riovcnt,
            long flags) throws LastErrorException;

    public static native long process_vm_writev(int pid, long localIov, long liovcnt, long remoteIov, long riovcnt,
            long flags) throws LastErrorException;

    public static native int sched_setaffinity(int pid, long size, long maskAddr) throws LastErrorException;

    public static native int sched_getaffinity(int pid, long size, long maskAddr) throws LastErrorException;

    // posix_spawn family: these return the error number instead of setting errno.
    public static native int posix_spawn(long pidAddr, String path, long fileActions, long attr, long argv,
            long envp);

    public static native int posix_spawn_file_actions_init(long fileActions);

    public static native int posix_spawn_file_actions_destroy(long fileActions);

    public static native int posix_spawn_file_actions_addopen(long fileActions, int fd, String path, int oflag,
            int mode);

    public static native int posix_spawn_file_actions_addchdir_np(long fileActions, String path);

    public static native int posix_spawn_file_actions_addclosefrom_np(long fileActions, int from);

    public static native int posix_spawnattr_init(long attr);

    public static native int posix_spawnattr_destroy(long attr);

    public static native int posix_spawnattr_setflags(long attr, short flags);

    public static native int posix_spawnattr_setsigmask(long attr, long sigset);

    public static native int posix_spawnattr_setsigdefault(long attr, long sigset);

    public static native int sigemptyset(long set);

    public static native int sigfillset(long set);

    public static native String strerror(int errno);

    /** The calling thread's kernel thread id (gettid). */
    public static int gettid() {
        return (int) syscall(186, 0);
    }
}
