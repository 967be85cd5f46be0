package io.tinydbg.dwarf;

import io.tinydbg.bytes.ByteCursor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The abbreviations at one offset of {@code .debug_abbrev}, shared by every unit that points there. */
final class AbbrevTable {
    /** Most tables number their codes 1..n; a dense array serves them, a map the rest. */
    private static final int DENSE_LIMIT = 4096;
    private static final int MAX_ATTRIBUTES = 1024;

    private final Abbrev[] dense;
    private final Map<Integer, Abbrev> sparse;

    private AbbrevTable(Abbrev[] dense, Map<Integer, Abbrev> sparse) {
        this.dense = dense;
        this.sparse = sparse;
    }

    /** Parses the table starting at {@code offset}; the cursor covers all of {@code .debug_abbrev}. */
    static AbbrevTable parse(ByteCursor c, long offset) {
        c.seek(offset);
        List<Abbrev> list = new ArrayList<>();
        Map<Integer, Abbrev> sparse = new HashMap<>();
        int maxDense = 0;
        while (true) {
            int at = c.position();
            int code = c.uleb128AsInt("abbreviation code");
            if (code == 0) {
                break;
            }
            int tag = c.uleb128AsInt("tag");
            boolean children = c.u8() != 0;
            List<long[]> specs = new ArrayList<>();
            while (true) {
                int attr = c.uleb128AsInt("attribute");
                int form = c.uleb128AsInt("form");
                long implicit = form == DwarfConstants.FORM_IMPLICIT_CONST ? c.sleb128() : 0;
                if (attr == 0 && form == 0) {
                    break;
                }
                if (specs.size() >= MAX_ATTRIBUTES) {
                    throw c.fail(at, "abbreviation " + code + " has more than " + MAX_ATTRIBUTES + " attributes");
                }
                specs.add(new long[] {attr, form, implicit});
            }
            int[] attrs = new int[specs.size()];
            int[] forms = new int[specs.size()];
            long[] consts = new long[specs.size()];
            for (int i = 0; i < attrs.length; i++) {
                attrs[i] = (int) specs.get(i)[0];
                forms[i] = (int) specs.get(i)[1];
                consts[i] = specs.get(i)[2];
            }
            Abbrev a = new Abbrev(code, tag, children, attrs, forms, consts);
            if (code < DENSE_LIMIT) {
                list.add(a);
                maxDense = Math.max(maxDense, code);
            } else {
                sparse.put(code, a);
            }
        }
        Abbrev[] dense = new Abbrev[maxDense + 1];
        for (Abbrev a : list) {
            if (dense[a.code()] == null) {
                dense[a.code()] = a;
            }
        }
        return new AbbrevTable(dense, sparse);
    }

    /** The abbreviation with this code, or null. */
    Abbrev get(int code) {
        if (code >= 0 && code < dense.length) {
            return dense[code];
        }
        return sparse.get(code);
    }
}
