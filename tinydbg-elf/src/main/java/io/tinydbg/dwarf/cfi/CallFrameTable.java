package io.tinydbg.dwarf.cfi;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.dwarf.DwarfSections;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The call frame information of one binary: for any pc, the rule for the CFA and for each register, as read from
 * {@code .eh_frame} (looked up through {@code .eh_frame_hdr} when present) and/or {@code .debug_frame}.
 * Addresses are the file's (unrelocated); use {@link #withBias} for a loaded module. Thread-safe.
 */
public final class CallFrameTable implements FrameRules {
    private final FrameSection section;
    private final boolean eh;
    private final EhFrameHeader header;
    private final CallFrameTable fallback;
    private volatile Index index;

    private CallFrameTable(FrameSection section, boolean eh, EhFrameHeader header, CallFrameTable fallback) {
        this.section = section;
        this.eh = eh;
        this.header = header;
        this.fallback = fallback;
    }

    /** The table of {@code .eh_frame}; empty when the section is missing. */
    public static CallFrameTable ehFrame(DwarfSections s) {
        Optional<ByteBuffer> bytes = s.section(".eh_frame");
        if (bytes.isEmpty()) {
            return new CallFrameTable(null, true, null, null);
        }
        long address = s.sectionAddress(".eh_frame").orElse(0);
        long text = s.sectionAddress(".text").orElse(0);
        long got = s.sectionAddress(".got").orElse(0);
        PointerEncoding.Bases bases = new PointerEncoding.Bases(address, text, got, s.addressSize());
        FrameSection frames = new FrameSection(cursor(s, ".eh_frame", bytes.get()), true, bases);
        EhFrameHeader header = null;
        Optional<ByteBuffer> hdr = s.section(".eh_frame_hdr");
        OptionalLong hdrAddress = s.sectionAddress(".eh_frame_hdr");
        if (hdr.isPresent() && hdrAddress.isPresent() && s.sectionAddress(".eh_frame").isPresent()) {
            try {
                header = EhFrameHeader.read(cursor(s, ".eh_frame_hdr", hdr.get()), hdrAddress.getAsLong(), text);
            } catch (MalformedInputException unusable) {
                // The header is only an index: like gdb, fall back to reading .eh_frame itself.
                header = null;
            }
        }
        return new CallFrameTable(frames, true, header, null);
    }

    /** The table of {@code .debug_frame}; empty when the section is missing. */
    public static CallFrameTable debugFrame(DwarfSections s) {
        Optional<ByteBuffer> bytes = s.section(".debug_frame");
        if (bytes.isEmpty()) {
            return new CallFrameTable(null, false, null, null);
        }
        PointerEncoding.Bases bases = new PointerEncoding.Bases(0, 0, 0, s.addressSize());
        return new CallFrameTable(new FrameSection(cursor(s, ".debug_frame", bytes.get()), false, bases), false,
                null, null);
    }

    /** {@code .eh_frame} first, {@code .debug_frame} for the pcs it does not cover (Go, some stripped runtimes). */
    public static CallFrameTable of(DwarfSections s) {
        CallFrameTable eh = ehFrame(s);
        return new CallFrameTable(eh.section, true, eh.header, debugFrame(s));
    }

    private static ByteCursor cursor(DwarfSections s, String name, ByteBuffer bytes) {
        return new ByteCursor(s.sourceName(), name, bytes.duplicate()).withOrder(s.order());
    }

    /** True when neither section is present. */
    public boolean isEmpty() {
        return section == null && (fallback == null || fallback.isEmpty());
    }

    @Override
    public Optional<CfaRow> rowAt(long pc) {
        Optional<CfaRow> own = ownRowAt(pc);
        if (own.isEmpty() && fallback != null) {
            return fallback.rowAt(pc);
        }
        return own;
    }

    private Optional<CfaRow> ownRowAt(long pc) {
        if (section == null) {
            return Optional.empty();
        }
        Fde fde = header != null ? fdeFromHeader(pc) : fdeFromIndex(pc);
        if (fde == null || !fde.covers(pc)) {
            return Optional.empty();
        }
        return Optional.of(CfiInterpreter.rowAt(fde, pc, section.bases(), eh));
    }

    /** The row of the FDE at {@code offset} in force at {@code pc} (for tools that walk every FDE). */
    public Optional<CfaRow> rowAt(FrameDescription fde, long pc) {
        CallFrameTable owner = fde.section().equals(section == null ? null : section.name()) ? this : fallback;
        if (owner == null || owner.section == null) {
            return Optional.empty();
        }
        Fde f = owner.section.fdeAt(fde.offset());
        return f.covers(pc) ? Optional.of(CfiInterpreter.rowAt(f, pc, owner.section.bases(), owner.eh))
                : Optional.empty();
    }

    /** Every FDE of this table (and of the fallback), in section order. */
    public List<FrameDescription> descriptions() {
        List<FrameDescription> result = new ArrayList<>();
        if (section != null) {
            for (long offset : section.fdeOffsets()) {
                Fde f = section.fdeAt(offset);
                result.add(new FrameDescription(section.name(), offset, f.pcBegin(), f.pcEnd()));
            }
        }
        if (fallback != null) {
            result.addAll(fallback.descriptions());
        }
        return result;
    }

    private Fde fdeFromHeader(long pc) {
        OptionalLong address = header.fdeAddressFor(pc);
        if (address.isEmpty()) {
            return null;
        }
        long offset = address.getAsLong() - section.bases().sectionAddress();
        if (offset < 0 || offset >= section.size()) {
            throw new MalformedInputException(sourceName(),
                    ".eh_frame_hdr", -1, "FDE address 0x" + Long.toHexString(address.getAsLong())
                    + " lies outside .eh_frame");
        }
        return section.fdeAt(offset);
    }

    private String sourceName() {
        return section.source();
    }

    private Fde fdeFromIndex(long pc) {
        Index idx = index;
        if (idx == null) {
            synchronized (this) {
                if (index == null) {
                    index = Index.build(section);
                }
                idx = index;
            }
        }
        return idx.find(pc, section);
    }

    /** FDE extents sorted by start, for tables without a usable {@code .eh_frame_hdr}. */
    private record Index(long[] begins, long[] ends, long[] offsets) {
        static Index build(FrameSection section) {
            List<long[]> rows = new ArrayList<>();
            for (long offset : section.fdeOffsets()) {
                Fde f = section.fdeAt(offset);
                if (f.pcEnd() != f.pcBegin()) {
                    rows.add(new long[] {f.pcBegin(), f.pcEnd(), offset});
                }
            }
            rows.sort(Comparator.comparingLong((long[] r) -> r[0] ^ Long.MIN_VALUE));
            long[] b = new long[rows.size()];
            long[] e = new long[rows.size()];
            long[] o = new long[rows.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = rows.get(i)[0];
                e[i] = rows.get(i)[1];
                o[i] = rows.get(i)[2];
            }
            return new Index(b, e, o);
        }

        Fde find(long pc, FrameSection section) {
            int lo = 0;
            int hi = begins.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (Long.compareUnsigned(begins[mid], pc) <= 0) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            // Overlapping FDEs are rare; look back a little for one that covers pc.
            for (int i = found; i >= 0 && i > found - 8; i--) {
                if (Long.compareUnsigned(pc, ends[i]) < 0) {
                    return section.fdeAt(offsets[i]);
                }
            }
            return null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Index other && Arrays.equals(begins, other.begins);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(begins);
        }
    }
}
