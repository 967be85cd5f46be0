package io.tinydbg;

import java.util.List;

/** The patterns of a trace select no function of the binary; the message names up to ten close names. */
public class NoMatchingFunctionException extends TinydbgException {
    private static final long serialVersionUID = 1L;

    public NoMatchingFunctionException(String binary, List<String> patterns, List<String> closeNames) {
        super("no function in " + binary + " matches " + String.join(" or ", patterns.stream()
                .map(p -> "'" + p + "'").toList())
                + (closeNames.isEmpty() ? "" : "; close names: " + String.join(", ", closeNames)));
    }
}
