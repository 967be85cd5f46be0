package io.tinydbg.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the {@code --build-flags} string into arguments for {@code go build} the way a shell would for the simple
 * cases users write: whitespace separates, single or double quotes group, so
 * {@code -tags=loud -ldflags='-X main.greeting=hi'} is two arguments and the second keeps its space.
 */
final class BuildFlags {
    private BuildFlags() {
    }

    static List<String> split(String flags) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < flags.length(); i++) {
            char c = flags.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new ErrorReporter.UsageException("--build-flags: unterminated " + quote + " quote in: " + flags);
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
