package io.tinydbg.x86.testsupport;

import io.tinydbg.testing.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code objdump -d --no-show-raw-insn} of one section, parsed into blocks: objdump restarts its linear sweep at
 * every symbol and after every run of zero bytes it skips ("..."), so each block is one sweep of objdump's.
 */
public final class ObjdumpListing {
    /** One line of objdump's disassembly: address and the text after the tab (mnemonic and operands). */
    public record Line(long address, String text) {
        /** The mnemonic with prefixes such as {@code bnd}, {@code notrack}, {@code repz}, {@code cs} removed. */
        public String mnemonic() {
            String[] words = text.trim().split("\\s+");
            for (String w : words) {
                if (!PREFIXES.contains(w) && !w.startsWith("rex")) {
                    return w;
                }
            }
            return words[words.length - 1];
        }

        /** The operand text after the mnemonic, or "". */
        public String operands() {
            String t = text.trim();
            int at = t.indexOf(mnemonic());
            return t.substring(at + mnemonic().length()).trim();
        }

        /** The absolute address of a direct branch ({@code call 1139 <f>}), or -1. */
        public long directTarget() {
            Matcher m = TARGET.matcher(operands());
            return m.matches() ? Long.parseUnsignedLong(m.group(1), 16) : -1;
        }
    }

    /** One sweep: consecutive lines from a symbol or from the end of a skipped zero run. */
    public record Block(String symbol, List<Line> lines) {
        public long start() {
            return lines.get(0).address();
        }

        public long last() {
            return lines.get(lines.size() - 1).address();
        }
    }

    private static final List<String> PREFIXES = List.of("bnd", "notrack", "repz", "repnz", "rep", "lock",
            "data16", "addr32", "cs", "ds", "es", "ss", "fs", "gs", "xacquire", "xrelease");
    private static final Pattern HEADER = Pattern.compile("^([0-9a-f]+) <(.*)>:$");
    private static final Pattern INSN = Pattern.compile("^\\s*([0-9a-f]+):\\t(.*)$");
    private static final Pattern TARGET = Pattern.compile("^(?:0x)?([0-9a-f]+)(?: <.*>)?$");

    private final List<Block> blocks = new ArrayList<>();
    private final boolean stopAtBad;

    private ObjdumpListing(String text, boolean stopAtBad) {
        this.stopAtBad = stopAtBad;
        String symbol = null;
        List<Line> current = new ArrayList<>();
        for (String raw : text.split("\n")) {
            Matcher h = HEADER.matcher(raw);
            if (h.matches()) {
                flush(symbol, current);
                current = new ArrayList<>();
                symbol = h.group(2);
                continue;
            }
            if (raw.trim().equals("...")) {
                flush(symbol, current);
                current = new ArrayList<>();
                continue;
            }
            Matcher m = INSN.matcher(raw);
            if (m.matches()) {
                current.add(new Line(Long.parseUnsignedLong(m.group(1), 16), m.group(2)));
            }
        }
        flush(symbol, current);
    }

    /**
     * With {@code stopAtBad}, keeps a block's lines up to its first "(bad)": objdump's length for undecodable
     * bytes is its own choice (ours is one byte), so two sweeps are compared only where objdump decoded all.
     */
    private void flush(String symbol, List<Line> lines) {
        int good = 0;
        while (good < lines.size() && !(stopAtBad && lines.get(good).text().contains("(bad)"))) {
            good++;
        }
        if (good > 0) {
            blocks.add(new Block(symbol, List.copyOf(lines.subList(0, good))));
        }
    }

    /** Runs objdump over {@code section} of {@code file}. */
    public static ObjdumpListing of(Path file, String section) {
        return new ObjdumpListing(Oracle.run("objdump", "-d", "--no-show-raw-insn", "-j", section,
                file.toString()), true);
    }

    /** The same in Intel syntax ({@code -M intel}), whose operands are easier to match against. */
    public static ObjdumpListing intel(Path file, String section) {
        return new ObjdumpListing(Oracle.run("objdump", "-d", "-M", "intel", "--no-show-raw-insn", "-j", section,
                file.toString()), true);
    }

    /** Parses objdump output given as text (for {@code -D -b binary} runs made by the caller). */
    public static ObjdumpListing parse(String text) {
        return new ObjdumpListing(text, false);
    }

    public List<Block> blocks() {
        return blocks;
    }

    public List<Line> lines() {
        List<Line> all = new ArrayList<>();
        blocks.forEach(b -> all.addAll(b.lines()));
        return all;
    }
}
