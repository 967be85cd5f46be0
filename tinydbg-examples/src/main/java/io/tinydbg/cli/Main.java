package io.tinydbg.cli;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code tinydbg} command-line tool: dispatches to the subcommands. */
@Command(name = "tinydbg", mixinStandardHelpOptions = true, version = "tinydbg 0.1.0",
        description = "Trace native Linux processes: function entries and returns with their arguments and results.",
        subcommands = {FunctionsCommand.class, TraceCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        // Everything after "--" belongs to the traced program, not to picocli.
        List<String> all = Arrays.asList(args);
        int dashes = all.indexOf("--");
        List<String> targetArgs = dashes < 0 ? List.of() : List.copyOf(all.subList(dashes + 1, all.size()));
        String[] own = dashes < 0 ? args : all.subList(0, dashes).toArray(String[]::new);
        CommandLine cl = new CommandLine(new Main());
        ((TraceCommand) cl.getSubcommands().get("trace").getCommand()).targetArgs = targetArgs;
        cl.setExecutionExceptionHandler(new ErrorReporter());
        return cl.execute(own);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
