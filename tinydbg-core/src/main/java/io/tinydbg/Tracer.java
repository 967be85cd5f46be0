package io.tinydbg;

import io.tinydbg.value.LoadLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The configuration of a trace: which process ({@link #exec} or {@link #attach}), which functions, what to capture
 * and where events go. Immutable and reusable: every method returns a new configuration, so one can be the base of
 * several traces. {@link #start()} starts tracing and returns the live {@link TraceSession}.
 *
 * <pre>{@code
 * try (TraceSession s = Tracer.exec(Path.of("./prog"), "arg1")
 *         .functions("^add_ints$")
 *         .onHit(e -> System.out.println(e))
 *         .start()) {
 *     int status = s.awaitExit();
 * }
 * }</pre>
 */
public final class Tracer {
    private final Target target;
    private final List<String> patterns;
    private final int followCalls;
    private final int stackDepth;
    private final List<Consumer<TraceEvent>> hitCallbacks;
    private final List<ProcessListener> listeners;
    private final LoadLimits limits;
    private final Delivery delivery;
    private final int queueCapacity;
    private final boolean detachOnClose;
    private final boolean pinned;
    private final List<Path> debugRoots;
    private final boolean uprobes;

    /** What to trace: a program to launch or a running process. */
    public sealed interface Target {
    }

    /**
     * A program to launch: path, arguments, environment (null: inherit), working directory (null: inherit), where
     * its standard output and error go and where its standard input comes from (null: inherited).
     */
    public record Launch(Path program, List<String> args, Map<String, String> environment, Path workingDirectory,
            Path stdout, Path stderr, Path stdin) implements Target {
        public Launch {
            args = List.copyOf(args);
            environment = environment == null ? null : Map.copyOf(environment);
        }
    }

    /** A running process to attach to. */
    public record Attach(int pid) implements Target {
    }

    private Tracer(Target target, List<String> patterns, int followCalls, int stackDepth,
            List<Consumer<TraceEvent>> hitCallbacks, List<ProcessListener> listeners, LoadLimits limits,
            Delivery delivery, int queueCapacity, boolean detachOnClose, boolean pinned, List<Path> debugRoots,
            boolean uprobes) {
        this.target = target;
        this.uprobes = uprobes;
        this.patterns = List.copyOf(patterns);
        this.followCalls = followCalls;
        this.stackDepth = stackDepth;
        this.hitCallbacks = List.copyOf(hitCallbacks);
        this.listeners = List.copyOf(listeners);
        this.limits = limits;
        this.delivery = delivery;
        this.queueCapacity = queueCapacity;
        this.detachOnClose = detachOnClose;
        this.pinned = pinned;
        this.debugRoots = List.copyOf(debugRoots);
    }

    private static Tracer of(Target target) {
        return new Tracer(target, List.of(), 0, 0, List.of(), List.of(), LoadLimits.defaults(), Delivery.ASYNC_BLOCK,
                4096, false, false, List.of(Path.of("/usr/lib/debug")), true);
    }

    /** Launches {@code program} with {@code args}; tracing is armed before its first instruction runs. */
    public static Tracer exec(Path program, String... args) {
        Objects.requireNonNull(program, "program");
        return of(new Launch(program, List.of(args), null, null, null, null, null));
    }

    /** Attaches to the running process {@code pid} and all its threads. */
    public static Tracer attach(int pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("not a process id: " + pid);
        }
        return of(new Attach(pid));
    }

    private Tracer with(Target t, List<String> p, int follow, int stack, List<Consumer<TraceEvent>> hits,
            List<ProcessListener> ls, LoadLimits lim, Delivery d, int cap, boolean detach, boolean pin,
            List<Path> roots) {
        return new Tracer(t, p, follow, stack, hits, ls, lim, d, cap, detach, pin, roots, uprobes);
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(Objects.requireNonNull(item));
        return out;
    }

    /** Adds a regular expression selecting functions (found anywhere in the name; may be given several times). */
    public Tracer functions(String regex) {
        return with(target, plus(patterns, regex), followCalls, stackDepth, hitCallbacks, listeners, limits,
                delivery, queueCapacity, detachOnClose, pinned, debugRoots);
    }

    /**
     * Also traces every function reachable from the selected ones through direct calls, up to {@code depth} (the
     * selected functions are depth 1), reporting a hit only while a selected function is on the thread's stack.
     * 0 turns it off.
     */
    public Tracer followCalls(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("followCalls must be 0 or more, not " + depth);
        }
        return with(target, patterns, depth, stackDepth, hitCallbacks, listeners, limits, delivery, queueCapacity,
                detachOnClose, pinned, debugRoots);
    }

    /** Captures up to {@code frames} frames of stack with every event; 0 captures none. */
    public Tracer stack(int frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("stack depth must be 0 or more, not " + frames);
        }
        return with(target, patterns, followCalls, frames, hitCallbacks, listeners, limits, delivery, queueCapacity,
                detachOnClose, pinned, debugRoots);
    }

    /** Adds a callback for every event. Exceptions it throws go to {@link ProcessListener#callbackFailed}. */
    public Tracer onHit(Consumer<TraceEvent> callback) {
        return with(target, patterns, followCalls, stackDepth, plus(hitCallbacks, callback), listeners, limits,
                delivery, queueCapacity, detachOnClose, pinned, debugRoots);
    }

    /** Adds a listener for threads, forks, execs, signals, exit and failing callbacks. */
    public Tracer onProcess(ProcessListener listener) {
        return with(target, patterns, followCalls, stackDepth, hitCallbacks, plus(listeners, listener), limits,
                delivery, queueCapacity, detachOnClose, pinned, debugRoots);
    }

    /** How much of each argument and result to read. */
    public Tracer limits(LoadLimits loadLimits) {
        return with(target, patterns, followCalls, stackDepth, hitCallbacks, listeners,
                Objects.requireNonNull(loadLimits), delivery, queueCapacity, detachOnClose, pinned, debugRoots);
    }

    /** How events reach the callbacks, and what happens when the queue is full. */
    public Tracer delivery(Delivery mode, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, not " + capacity);
        }
        return with(target, patterns, followCalls, stackDepth, hitCallbacks, listeners, limits,
                Objects.requireNonNull(mode), capacity, detachOnClose, pinned, debugRoots);
    }

    /** Whether closing the session detaches from a launched process (leaving it running) instead of killing it. */
    public Tracer detachOnClose(boolean detach) {
        return with(target, patterns, followCalls, stackDepth, hitCallbacks, listeners, limits, delivery,
                queueCapacity, detach, pinned, debugRoots);
    }

    /**
     * Whether the tracer thread and the target share one CPU (sched_setaffinity). On small VMs this cuts the cost of
     * every stop several times, since no cross-CPU wake-up is needed; it also confines the target to that CPU.
     */
    public Tracer pinned(boolean pin) {
        return with(target, patterns, followCalls, stackDepth, hitCallbacks, listeners, limits, delivery,
                queueCapacity, detachOnClose, pin, debugRoots);
    }

    /**
     * Whether Go functions may be traced with uprobes (default true). A uprobe records a hit in the kernel, where a
     * small BPF program copies the registers, the goroutine, a few stack bytes and the bytes of strings into a ring
     * buffer, and the thread runs on without a ptrace stop: several times cheaper per call. It is used only when the
     * kernel allows it (root, BPF, the uprobe PMU), when no stacks are captured and delivery is not
     * {@link Delivery#SYNC} (which promises callbacks while the hitting thread is stopped), and per function: for Go code whose
     * arguments and results are all in what the program records (integers, booleans, pointers, strings and their
     * aggregates, in registers or on the stack; floats, interfaces, maps and slices' elements are read from memory
     * or the FPU at the stop, so such functions keep breakpoints) and that follows no indirect calls. A session may
     * mix the two; each thread's events still come in order. Events, return matching and output are the same
     * either way; {@link TraceSession#stats()} tells how many hits uprobes recorded.
     * The uprobes are attached to the traced process only (uprobe_multi links, Linux 6.6 and later); on older
     * kernels other processes running the same binary take a (filtered-out) kernel trap at each probed address.
     */
    public Tracer uprobes(boolean use) {
        return new Tracer(target, patterns, followCalls, stackDepth, hitCallbacks, listeners, limits, delivery,
                queueCapacity, detachOnClose, pinned, debugRoots, use);
    }

    /** Directories searched for separate debug files (default {@code /usr/lib/debug}). */
    public Tracer debugRoots(List<Path> roots) {
        return with(target, patterns, followCalls, stackDepth, hitCallbacks, listeners, limits, delivery,
                queueCapacity, detachOnClose, pinned, roots);
    }

    /** A launched program's environment (replacing the inherited one). Only for {@link #exec}. */
    public Tracer environment(Map<String, String> environment) {
        Launch l = launch("environment");
        return withTarget(new Launch(l.program(), l.args(), new HashMap<>(environment), l.workingDirectory(),
                l.stdout(), l.stderr(), l.stdin()));
    }

    /** A launched program's working directory. Only for {@link #exec}. */
    public Tracer workingDirectory(Path dir) {
        Launch l = launch("workingDirectory");
        return withTarget(new Launch(l.program(), l.args(), l.environment(), dir, l.stdout(), l.stderr(),
                l.stdin()));
    }

    /** Files a launched program's standard output and error go to (null keeps the tracer's). Only for exec. */
    public Tracer redirect(Path stdout, Path stderr) {
        Launch l = launch("redirect");
        return withTarget(new Launch(l.program(), l.args(), l.environment(), l.workingDirectory(), stdout, stderr,
                l.stdin()));
    }

    /** A file a launched program reads as its standard input (null keeps the tracer's). Only for exec. */
    public Tracer stdin(Path file) {
        Launch l = launch("stdin");
        return withTarget(new Launch(l.program(), l.args(), l.environment(), l.workingDirectory(), l.stdout(),
                l.stderr(), file));
    }

    private Launch launch(String what) {
        if (target instanceof Launch l) {
            return l;
        }
        throw new IllegalStateException(what + " applies only to a launched program (Tracer.exec)");
    }

    private Tracer withTarget(Target t) {
        return with(t, patterns, followCalls, stackDepth, hitCallbacks, listeners, limits, delivery, queueCapacity,
                detachOnClose, pinned, debugRoots);
    }

    public Target target() {
        return target;
    }

    public List<String> patterns() {
        return patterns;
    }

    public int followCalls() {
        return followCalls;
    }

    public int stackDepth() {
        return stackDepth;
    }

    public List<Consumer<TraceEvent>> hitCallbacks() {
        return hitCallbacks;
    }

    public List<ProcessListener> listeners() {
        return listeners;
    }

    public LoadLimits limits() {
        return limits;
    }

    public Delivery delivery() {
        return delivery;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public boolean detachOnClose() {
        return detachOnClose;
    }

    public boolean pinned() {
        return pinned;
    }

    public List<Path> debugRoots() {
        return debugRoots;
    }

    public boolean uprobes() {
        return uprobes;
    }

    /** The launched program, if this configuration launches one. */
    public Optional<Launch> launchTarget() {
        return target instanceof Launch l ? Optional.of(l) : Optional.empty();
    }

    /**
     * Starts tracing: launches or attaches, resolves the functions (throwing {@link
     * io.tinydbg.index.InvalidPatternException} for a bad regex and {@link NoMatchingFunctionException} when the
     * patterns select nothing), arms the breakpoints and lets the process run.
     */
    public TraceSession start() {
        if (patterns.isEmpty()) {
            throw new IllegalStateException("no functions selected: call functions(regex) before start()");
        }
        return LiveSession.start(this);
    }
}
