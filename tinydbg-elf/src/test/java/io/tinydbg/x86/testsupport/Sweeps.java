package io.tinydbg.x86.testsupport;

import io.tinydbg.x86.Instruction;
import io.tinydbg.x86.Kind;
import io.tinydbg.x86.X86Decoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Our decoder and objdump side by side over one section: our lenient sweep restarted wherever objdump restarts
 * (each {@link ObjdumpListing.Block}), keeping only what lies inside objdump's lines.
 */
public final class Sweeps {
    private Sweeps() {
    }

    /** Our instructions for each objdump block, up to and including the block's last line. */
    public static List<Instruction> ours(ByteBuffer text, long textAddress, ObjdumpListing listing) {
        List<Instruction> out = new ArrayList<>();
        List<ObjdumpListing.Block> blocks = listing.blocks();
        long textEnd = textAddress + text.limit();
        for (int i = 0; i < blocks.size(); i++) {
            ObjdumpListing.Block b = blocks.get(i);
            long end = i + 1 < blocks.size() && blocks.get(i + 1).start() > b.start()
                    ? blocks.get(i + 1).start() : textEnd;
            int offset = (int) (b.start() - textAddress);
            for (Instruction insn : X86Decoder.sweepLenient(text, offset, (int) (end - b.start()), b.start())) {
                if (insn.address() > b.last()) {
                    break;
                }
                out.add(insn);
            }
        }
        return out;
    }

    /** The control transfers of our instructions, as "KIND target" strings keyed by address. */
    public static Map<Long, String> ourBranches(List<Instruction> insns) {
        Map<Long, String> out = new TreeMap<>();
        for (Instruction i : insns) {
            switch (i.kind()) {
                case RET: case CALL_INDIRECT: case JMP_INDIRECT:
                    out.put(i.address(), i.kind().name());
                    break;
                case CALL_DIRECT: case JMP_DIRECT: case JCC:
                    out.put(i.address(), i.kind() + " " + Long.toHexString(i.branchTarget().getAsLong()));
                    break;
                default:
                    break;
            }
        }
        return out;
    }

    /** The same from objdump's text. */
    public static Map<Long, String> objdumpBranches(List<ObjdumpListing.Line> lines) {
        Map<Long, String> out = new TreeMap<>();
        for (ObjdumpListing.Line l : lines) {
            String kind = kindOf(l);
            if (kind == null) {
                continue;
            }
            boolean direct = kind.equals(Kind.CALL_DIRECT.name()) || kind.equals(Kind.JMP_DIRECT.name())
                    || kind.equals(Kind.JCC.name());
            out.put(l.address(), direct ? kind + " " + Long.toHexString(l.directTarget()) : kind);
        }
        return out;
    }

    private static String kindOf(ObjdumpListing.Line l) {
        String m = l.mnemonic().toLowerCase(Locale.ROOT);
        boolean star = l.operands().startsWith("*");
        if (m.equals("ret") || m.equals("retq") || m.equals("retw") || m.equals("retl")) {
            return Kind.RET.name();
        }
        if (m.startsWith("call") || m.equals("lcall")) {
            return star || m.equals("lcall") ? Kind.CALL_INDIRECT.name() : Kind.CALL_DIRECT.name();
        }
        if (m.startsWith("jmp") || m.equals("ljmp")) {
            return star || m.equals("ljmp") ? Kind.JMP_INDIRECT.name() : Kind.JMP_DIRECT.name();
        }
        if (m.startsWith("j") || m.startsWith("loop")) {
            return Kind.JCC.name();
        }
        return null;
    }
}
