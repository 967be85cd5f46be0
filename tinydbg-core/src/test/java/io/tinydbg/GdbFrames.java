package io.tinydbg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What gdb says about the calls of a fixture: the arguments in each breakpoint's frame line (with
 * {@code set print frame-arguments all}) and the value {@code finish} reports, normalised so that addresses, which
 * differ between gdb's process and ours, compare as {@code <ptr>}.
 */
final class GdbFrames {
    record Call(String function, Map<String, String> args, String returned) {
    }

    private static final Pattern FRAME = Pattern.compile("^Breakpoint \\d+, (\\w+) \\((.*)\\) at .*$");
    private static final Pattern FINISH = Pattern.compile("^Value returned is \\$\\d+ = (.*)$");

    private GdbFrames() {
    }

    static List<Call> calls(Path binary, List<String> functions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gdb", "-nx", "-batch", "-ex", "set print frame-arguments all",
                "-ex", "set startup-with-shell off"));
        for (String f : functions) {
            cmd.add("-ex");
            cmd.add("break " + f);
        }
        cmd.add("-ex");
        cmd.add("run");
        for (int i = 0; i < functions.size() + 2; i++) {
            cmd.addAll(List.of("-ex", "finish", "-ex", "continue"));
        }
        cmd.add(binary.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("gdb timed out");
        }
        List<Call> calls = new ArrayList<>();
        String function = null;
        Map<String, String> args = null;
        for (String line : out.split("\n")) {
            Matcher m = FRAME.matcher(line.trim());
            if (m.matches()) {
                function = m.group(1);
                args = parseArgs(m.group(2));
                continue;
            }
            Matcher r = FINISH.matcher(line.trim());
            if (r.matches() && function != null) {
                calls.add(new Call(function, args, normalise(r.group(1))));
                function = null;
            }
        }
        return calls;
    }

    private static Map<String, String> parseArgs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '{') {
                depth++;
            } else if (!quoted && c == '}') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                String arg = text.substring(start, i).trim();
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    out.put(arg.substring(0, eq), normalise(arg.substring(eq + 1)));
                }
                start = i + 1;
            }
        }
        return out;
    }

    static String normalise(String value) {
        // optimized code: gdb shows the value at the entry as "a=a@entry=1"
        String v = value.trim().replaceFirst("^\\w+@entry=", "");
        Matcher s = Pattern.compile("^0x[0-9a-f]+ (\".*\")$").matcher(v);
        if (s.matches()) {
            return s.group(1);
        }
        return v.matches("^\\(?.*\\)? ?0x[0-9a-f]+( <.*>)?$") ? "<ptr>" : v;
    }
}
