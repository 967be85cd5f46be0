package io.tinydbg.cli;

import io.tinydbg.TinydbgException;
import picocli.CommandLine;

/**
 * Turns the library's typed exceptions into one clear line on stderr and exit code 1; anything else is a bug in
 * tinydbg and keeps its stack trace so it can be reported.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof TinydbgException || e instanceof UsageException) {
            cl.getErr().println("tinydbg: " + e.getMessage());
        } else {
            cl.getErr().println("tinydbg: internal error: " + e);
            e.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return 1;
    }

    /** A user error the command line found itself, such as a file that does not exist. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
