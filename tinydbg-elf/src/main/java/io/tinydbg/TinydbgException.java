package io.tinydbg;

/**
 * Base of every exception tinydbg throws on purpose. Unchecked, so that callbacks and fluent calls stay free of
 * {@code throws} clauses; the subclasses say what went wrong and name the file, process or pattern involved.
 */
public class TinydbgException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TinydbgException(String message) {
        super(message);
    }

    public TinydbgException(String message, Throwable cause) {
        super(message, cause);
    }
}
