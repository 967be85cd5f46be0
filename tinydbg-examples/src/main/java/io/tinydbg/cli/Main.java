package io.tinydbg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code tinydbg} command-line tool: dispatches to the subcommands. */
@Command(name = "tinydbg", mixinStandardHelpOptions = true, version = "tinydbg 0.1.0",
        description = "Trace native Linux processes: function entries and returns with their arguments and results.",
        subcommands = {FunctionsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorReporter());
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
