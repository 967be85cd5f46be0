package io.tinydbg.dwarf.cfi;

import io.tinydbg.bytes.ByteCursor;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the CIEs and FDEs of one {@code .eh_frame} or {@code .debug_frame} section. The two formats differ in the
 * CIE id (0 versus all ones), in what an FDE's CIE pointer is relative to (itself versus the section start), and in
 * how addresses are stored (DW_EH_PE encodings versus plain target addresses).
 */
final class FrameSection {
    private final ByteCursor section;
    private final boolean eh;
    private final PointerEncoding.Bases bases;
    private final Map<Long, Cie> cies = new ConcurrentHashMap<>();

    FrameSection(ByteCursor section, boolean eh, PointerEncoding.Bases bases) {
        this.section = section;
        this.eh = eh;
        this.bases = bases;
    }

    String source() {
        return section.source();
    }

    String name() {
        return section.section();
    }

    int size() {
        return section.limit();
    }

    /** The header of the entry at {@code offset}. */
    private record Header(long offset, long next, int offsetSize, boolean cie, long ciePointer, ByteCursor body) {
    }

    private Header header(long offset) {
        ByteCursor c = section.slice(0, section.limit()).seek(offset);
        long length = c.u32();
        int offsetSize = 4;
        if (length == 0xffffffffL) {
            length = c.u64();
            offsetSize = 8;
        } else if (length >= 0xfffffff0L) {
            throw c.fail(offset, "reserved length value 0x" + Long.toHexString(length));
        }
        if (length == 0) {
            return new Header(offset, c.position(), offsetSize, false, -1, null);
        }
        if (length < 0 || length > c.remaining()) {
            throw c.fail(offset, "entry length " + Long.toUnsignedString(length) + " passes the end of the section");
        }
        ByteCursor body = c.take(length);
        long idOffset = body.sectionOffset();
        long id = body.unsigned(offsetSize);
        boolean isCie = eh ? id == 0 : offsetSize == 4 ? id == 0xffffffffL : id == -1L;
        long ciePointer = isCie ? -1 : eh ? idOffset - id : id;
        return new Header(offset, c.position(), offsetSize, isCie, ciePointer, body);
    }

    /** The offset of every FDE in section order. */
    List<Long> fdeOffsets() {
        List<Long> result = new ArrayList<>();
        long at = 0;
        while (at < section.limit()) {
            Header h = header(at);
            if (h.body() != null && !h.cie()) {
                result.add(at);
            }
            at = h.next();
        }
        return result;
    }

    /** The FDE at {@code offset}. */
    Fde fdeAt(long offset) {
        Header h = header(offset);
        if (h.body() == null || h.cie()) {
            throw section.fail(offset, "expected an FDE, found " + (h.body() == null ? "a terminator" : "a CIE"));
        }
        Cie cie = cieAt(h.ciePointer(), offset);
        ByteCursor body = h.body();
        int encoding = cie.fdeEncoding();
        if ((encoding & PointerEncoding.INDIRECT) != 0) {
            throw body.fail("indirect FDE address encoding 0x" + Integer.toHexString(encoding));
        }
        long begin;
        long range;
        if (eh) {
            begin = PointerEncoding.read(body, encoding, bases);
            range = PointerEncoding.readValue(body, encoding, cie.addressSize());
        } else {
            begin = body.unsigned(cie.addressSize());
            range = body.unsigned(cie.addressSize());
        }
        if (cie.hasAugmentationData()) {
            long augLength = body.uleb128();
            body.skip(augLength);
        }
        ByteCursor instructions = body.take(body.remaining());
        long end = begin + range;
        if (cie.addressSize() == 4) {
            begin &= 0xffffffffL;
            end = begin + (range & 0xffffffffL);
        }
        return new Fde(offset, cie, begin, end, instructions);
    }

    private Cie cieAt(long offset, long fdeOffset) {
        Cie cached = cies.get(offset);
        if (cached != null) {
            return cached;
        }
        if (offset < 0 || offset >= section.limit()) {
            throw section.fail(fdeOffset, "CIE pointer 0x" + Long.toHexString(offset) + " leaves the section");
        }
        Header h = header(offset);
        if (!h.cie() || h.body() == null) {
            throw section.fail(fdeOffset, "CIE pointer 0x" + Long.toHexString(offset) + " does not point at a CIE");
        }
        Cie cie = parseCie(h);
        cies.put(offset, cie);
        return cie;
    }

    private Cie parseCie(Header h) {
        ByteCursor b = h.body();
        int versionAt = b.position();
        int version = b.u8();
        if (version != 1 && version != 3 && version != 4) {
            throw b.fail(versionAt, "unsupported CIE version " + version);
        }
        String augmentation = b.cstring();
        int addressSize = bases.addressSize();
        if (augmentation.contains("eh")) {
            b.skip(addressSize); // old GCC's eh_ptr
        }
        if (version == 4) {
            int at = b.position();
            addressSize = b.u8();
            int segmentSize = b.u8();
            if (addressSize != 4 && addressSize != 8 && addressSize != 2) {
                throw b.fail(at, "unsupported address size " + addressSize);
            }
            if (segmentSize != 0) {
                throw b.fail(at + 1, "unsupported segment selector size " + segmentSize);
            }
        }
        long codeAlign = b.uleb128();
        long dataAlign = b.sleb128();
        int raAt = b.position();
        long ra = version == 1 ? b.u8() : b.uleb128();
        if (ra < 0 || ra > 0xffff) {
            throw b.fail(raAt, "return address register " + Long.toUnsignedString(ra) + " is out of range");
        }
        int fdeEncoding = PointerEncoding.ABSPTR;
        int lsdaEncoding = PointerEncoding.OMIT;
        boolean signal = false;
        boolean hasData = false;
        if (augmentation.startsWith("z")) {
            hasData = true;
            long length = b.uleb128();
            if (length < 0 || length > b.remaining()) {
                throw b.fail("augmentation data length " + Long.toUnsignedString(length) + " passes the entry");
            }
            ByteCursor data = b.take(length);
            for (int i = 1; i < augmentation.length(); i++) {
                char ch = augmentation.charAt(i);
                if (ch == 'L') {
                    lsdaEncoding = data.u8();
                } else if (ch == 'R') {
                    fdeEncoding = data.u8();
                } else if (ch == 'P') {
                    int enc = data.u8();
                    PointerEncoding.read(data, enc & ~PointerEncoding.INDIRECT, bases);
                } else if (ch == 'S') {
                    signal = true;
                } else if (ch != 'B' && ch != 'G') {
                    break; // unknown letters: the length lets us skip what we cannot interpret
                }
            }
        } else if (!augmentation.isEmpty() && !augmentation.equals("eh")) {
            throw b.fail(versionAt + 1, "unknown CIE augmentation \"" + augmentation + "\"");
        }
        return new Cie(h.offset(), version, augmentation, addressSize, h.offsetSize(), codeAlign, dataAlign,
                (int) ra, fdeEncoding, lsdaEncoding, hasData, signal, b.take(b.remaining()));
    }

    PointerEncoding.Bases bases() {
        return bases;
    }
}
