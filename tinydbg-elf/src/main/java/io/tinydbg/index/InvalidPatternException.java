package io.tinydbg.index;

import io.tinydbg.TinydbgException;

/** A function-selecting regular expression does not compile; the message quotes it and says where it breaks. */
public class InvalidPatternException extends TinydbgException {
    private static final long serialVersionUID = 1L;

    private final String pattern;

    public InvalidPatternException(String pattern, String problem, Throwable cause) {
        super("invalid regular expression '" + pattern + "': " + problem, cause);
        this.pattern = pattern;
    }

    public String pattern() {
        return pattern;
    }
}
