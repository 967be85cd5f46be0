package io.tinydbg.index;

import io.tinydbg.testing.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The instructions {@code objdump -d} prints for a binary: address, mnemonic and operands. */
final class ObjdumpListing {
    record Line(long address, String mnemonic, String operands) {
        boolean isRet() {
            return mnemonic.equals("ret") || mnemonic.equals("retq") || mnemonic.endsWith(" ret")
                    || mnemonic.endsWith(" retq");
        }

        boolean isCall() {
            return mnemonic.equals("call") || mnemonic.equals("callq") || mnemonic.endsWith(" call");
        }

        /** The absolute target of a direct branch ({@code call 1139 <add_ints>}), or -1. */
        long directTarget() {
            Matcher m = TARGET.matcher(operands);
            return m.lookingAt() ? Long.parseUnsignedLong(m.group(1), 16) : -1;
        }
    }

    private static final Pattern INSN = Pattern.compile("^\\s*([0-9a-f]+):\\t(.*)$");
    private static final Pattern TARGET = Pattern.compile("([0-9a-f]+) <");

    private final List<Line> lines;

    private ObjdumpListing(List<Line> lines) {
        this.lines = lines;
    }

    static ObjdumpListing of(Path binary) {
        List<Line> out = new ArrayList<>();
        String text = Oracle.run("objdump", "-d", "--no-show-raw-insn", "-M", "suffix=no", binary.toString());
        for (String raw : text.split("\n")) {
            Matcher m = INSN.matcher(raw);
            if (!m.matches()) {
                continue;
            }
            String insn = m.group(2).trim();
            String mnemonic = insn;
            String operands = "";
            int gap = insn.indexOf("  ");
            if (gap < 0) {
                gap = insn.indexOf(' ');
                // prefixed forms like "bnd ret" or "repz ret" have no operands
                if (gap > 0 && !insn.substring(gap + 1).matches("[a-z]+")) {
                    mnemonic = insn.substring(0, gap);
                    operands = insn.substring(gap + 1).trim();
                }
            } else {
                mnemonic = insn.substring(0, gap).trim();
                operands = insn.substring(gap).trim();
            }
            out.add(new Line(Long.parseUnsignedLong(m.group(1), 16), mnemonic, operands));
        }
        out.sort(java.util.Comparator.comparingLong(Line::address));
        return new ObjdumpListing(out);
    }

    /** The instructions in {@code [low, high)}. */
    List<Line> between(long low, long high) {
        int lo = 0;
        int hi = lines.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lines.get(mid).address() < low) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        List<Line> out = new ArrayList<>();
        for (int i = lo; i < lines.size() && lines.get(i).address() < high; i++) {
            out.add(lines.get(i));
        }
        return out;
    }
}
