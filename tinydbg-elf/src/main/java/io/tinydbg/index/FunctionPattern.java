package io.tinydbg.index;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A user's function-selecting regular expression with the semantics of Go's {@code regexp.MatchString}, which the
 * seed's trace command uses: the pattern matches when it is found anywhere in the name ({@link
 * java.util.regex.Matcher#find()}), so anchoring with {@code ^} and {@code $} is the user's choice.
 */
public final class FunctionPattern {
    private final String source;
    private final Pattern pattern;

    private FunctionPattern(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /** Compiles {@code regex}, throwing {@link InvalidPatternException} naming it when it is not valid. */
    public static FunctionPattern compile(String regex) {
        if (regex == null) {
            throw new InvalidPatternException("null", "no pattern given", null);
        }
        try {
            return new FunctionPattern(regex, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new InvalidPatternException(regex, e.getDescription() + " near index " + e.getIndex(), e);
        }
    }

    /** True when the pattern is found in {@code name}. */
    public boolean matches(String name) {
        return name != null && pattern.matcher(name).find();
    }

    /** The pattern as the user wrote it. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
