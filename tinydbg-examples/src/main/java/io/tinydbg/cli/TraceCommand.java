package io.tinydbg.cli;

import io.tinydbg.Delivery;
import io.tinydbg.TinydbgException;
import io.tinydbg.TraceSession;
import io.tinydbg.Tracer;
import io.tinydbg.output.CallSummary;
import io.tinydbg.output.ChromeTraceWriter;
import io.tinydbg.output.JsonlTraceWriter;
import io.tinydbg.output.TextTraceWriter;
import io.tinydbg.output.TraceWriter;
import io.tinydbg.value.LoadLimits;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tinydbg trace [package] regexp [flags] [-- target args]}: the seed's trace command. Sets a tracepoint on
 * every function matching the regular expression and prints a line when one is entered and when it returns.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Trace program execution: a line for every entry to and return from the functions matching "
                + "regexp, with arguments and results. The trace goes to stderr (or --out).")
final class TraceCommand implements Callable<Integer> {
    enum Format { text, jsonl, chrome }

    /** Target arguments after "--", set by {@link Main} before picocli parses the rest. */
    List<String> targetArgs = List.of();

    @Parameters(arity = "1..2", paramLabel = "[package] regexp",
            description = "A Go package to build (default .), then the regular expression selecting functions.")
    List<String> positional = new ArrayList<>();

    @Option(names = {"-e", "--exec"}, paramLabel = "PATH", description = "Binary file to exec and trace.")
    Path exec;

    @Option(names = {"-p", "--pid"}, paramLabel = "N", description = "Pid to attach to.")
    int pid;

    @Option(names = "--follow-calls", paramLabel = "N", defaultValue = "0",
            description = "Trace all children of the function to the required depth.")
    int followCalls;

    @Option(names = {"-s", "--stack"}, paramLabel = "N", defaultValue = "-1",
            description = "Show stack trace with given depth (default 0, or 20 with --follow-calls).")
    int stack;

    @Option(names = "--timestamp", description = "Show timestamp in the output.")
    boolean timestamp;

    @Option(names = "--output", paramLabel = "PATH", description = "Output path for the binary built from a package.")
    Path output;

    @Option(names = {"-t", "--test"}, description = "Trace a test binary (go test -c).")
    boolean test;

    @Option(names = "--build-flags", paramLabel = "FLAGS", parameterConsumer = VerbatimValue.class,
            description = "Flags for go build, as one argument: --build-flags \"-tags=x -ldflags='-X main.v=1'\"")
    String buildFlags = "";

    @Option(names = {"-v", "--verbose"}, paramLabel = "LEVEL", defaultValue = "0",
            description = "How much of each value to load, 0 to 4 (Delve's levels).")
    int verbose;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Trace format: ${COMPLETION-CANDIDATES}.")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the trace to FILE instead of stderr.")
    Path out;

    @Option(names = "--summary", description = "At exit, print calls and total and mean duration per function.")
    boolean summary;

    @Option(names = "--pin", description = "Run the tracer thread and the target on one CPU (faster stops).")
    boolean pin;

    @Option(names = "--no-uprobes", description = "Trace Go functions with breakpoints only, never with uprobes.")
    boolean noUprobes;

    /**
     * Takes the next argument as the option's value even when it starts with a dash: build flags always do, and
     * picocli would otherwise refuse {@code --build-flags "-tags=x"} because {@code -t} is one of our options.
     */
    static final class VerbatimValue implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, CommandLine.Model.ArgSpec option,
                CommandLine.Model.CommandSpec command) {
            if (args.isEmpty()) {
                throw new CommandLine.ParameterException(command.commandLine(), "Missing required parameter for"
                        + " option '--build-flags' (FLAGS)");
            }
            option.setValue(args.pop());
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        if (pid != 0 || exec != null) {
            return trace(exec);
        }
        // without --output the binary is ours: a temporary name, removed at exit whether the build or the trace
        // succeeded or not
        Path built = output != null ? output : Files.createTempFile("tinydbg-build", "");
        try {
            GoBuild.build(positional.size() == 2 ? positional.get(0) : ".", built, test, buildFlags);
            return trace(built);
        } finally {
            if (output == null) {
                Files.deleteIfExists(built);
            }
        }
    }

    /** Traces {@code binary} (null when attaching) until it exits, is detached, or the command is interrupted. */
    private int trace(Path binary) throws IOException {
        String regex = positional.get(positional.size() - 1);
        // Buffered and flushed by the loop below every FLUSH_INTERVAL: a write system call per line would cost more
        // than the trace stop that produced it. System.err itself is left alone for messages.
        PrintStream sink = new PrintStream(new BufferedOutputStream(out == null
                ? new FileOutputStream(FileDescriptor.err) : new FileOutputStream(out.toFile()), 1 << 16), false);
        int frames = stack >= 0 ? stack : followCalls > 0 ? 20 : 0;
        Tracer tracer = (pid != 0 ? Tracer.attach(pid) : Tracer.exec(binary, targetArgs.toArray(String[]::new)))
                .functions(regex)
                .followCalls(followCalls)
                .stack(frames == 0 ? 0 : frames + 2) // Delve prints frames 0..N, then "(truncated)" if more
                .limits(LoadLimits.forVerbosity(verbose))
                .delivery(Delivery.ASYNC_BLOCK, 8192)
                .pinned(pin)
                .uprobes(!noUprobes);
        CallSummary totals = new CallSummary();
        boolean go = isGo(binary, pid);
        try (TraceWriter writer = writer(sink, go, frames)) {
            tracer = tracer.onHit(writer::event);
            if (summary) {
                tracer = tracer.onHit(totals::add);
            }
            int status;
            AtomicBoolean interrupted = new AtomicBoolean();
            try (TraceSession session = tracer.start()) {
                if (writer instanceof ChromeTraceWriter chrome) {
                    chrome.processId(session.pid());
                }
                // Ctrl-C or SIGTERM end the trace, not the JVM: an attached target is detached and left running,
                // intact; a launched one is killed; either way the command exits 0 after its last line.
                Interrupts.onInterrupt(() -> interrupted.set(true));
                OptionalInt ended = OptionalInt.empty();
                while (ended.isEmpty() && !interrupted.get()) {
                    ended = session.awaitExit(FLUSH_INTERVAL);
                    sink.flush();
                }
                if (ended.isPresent()) {
                    status = ended.getAsInt();
                } else if (pid != 0) {
                    session.detach();
                    writer.end("Process " + session.pid() + " has been detached");
                    return 0;
                } else {
                    session.close();
                    status = 128 + 9;
                }
                writer.end(endLine(session.pid(), status));
                long lost = session.stats().dropped();
                if (lost > 0) {
                    System.err.println("tinydbg: " + lost + " hits were not recorded (uprobe ring full)");
                }
            }
        } finally {
            if (summary) {
                totals.print(sink);
            }
            if (out == null) {
                sink.flush(); // the stream wraps the process's stderr, which stays open
            } else {
                sink.close();
            }
        }
        return 0;
    }

    /** How often trace lines reach the terminal or file while the target runs. */
    private static final Duration FLUSH_INTERVAL = Duration.ofMillis(50);

    private static String endLine(int pid, int status) {
        if (status > 128 && status < 128 + 65) {
            return "Process " + pid + " has been killed by signal " + (status - 128);
        }
        return "Process " + pid + " has exited with status " + status;
    }

    private TraceWriter writer(PrintStream sink, boolean go, int frames) {
        switch (format) {
            case jsonl:
                return new JsonlTraceWriter(sink, go);
            case chrome:
                return new ChromeTraceWriter(sink, pid);
            default:
                return new TextTraceWriter(sink, timestamp, verbose >= 1, go, frames);
        }
    }

    private static boolean isGo(Path binary, int pid) {
        Path file = binary != null ? binary : Path.of("/proc/" + pid + "/exe");
        try (io.tinydbg.elf.ElfFile elf = io.tinydbg.elf.ElfFile.open(file)) {
            return elf.isGo();
        } catch (TinydbgException e) {
            return false; // the session reports the problem with the file
        }
    }

    private void validate() {
        if (pid != 0 && exec != null) {
            throw new ErrorReporter.UsageException("--pid and --exec cannot be used together");
        }
        if (exec != null && positional.size() == 2) {
            throw new ErrorReporter.UsageException("a package and --exec cannot be used together");
        }
        if (pid != 0 && positional.size() == 2) {
            throw new ErrorReporter.UsageException("a package and --pid cannot be used together");
        }
        if ((pid != 0 || exec != null) && (test || output != null || !buildFlags.isEmpty())) {
            throw new ErrorReporter.UsageException("--test, --output and --build-flags apply only when building a"
                    + " package, not with --exec or --pid");
        }
        if (pid < 0) {
            throw new ErrorReporter.UsageException("not a process id: " + pid);
        }
        if (verbose < 0 || verbose > 4) {
            throw new ErrorReporter.UsageException("--verbose must be 0 to 4, not " + verbose);
        }
        if (followCalls < 0 || stack < -1) {
            throw new ErrorReporter.UsageException("--follow-calls and --stack must be 0 or more");
        }
        if (exec != null && !Files.isRegularFile(exec)) {
            throw new ErrorReporter.UsageException(exec + ": no such file");
        }
    }
}
