package io.tinydbg.elf;

import io.tinydbg.bytes.ByteCursor;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The GNU symbol versions of a dynamic symbol table: {@code .gnu.version} gives each symbol a version index, and
 * {@code .gnu.version_d} (versions this file defines) and {@code .gnu.version_r} (versions it needs from others)
 * give each index a name. Indexes 0 (local) and 1 (global, the file's base version) carry no version.
 */
final class SymbolVersions {
    private static final int VERSYM_HIDDEN = 0x8000;
    private static final int VER_FLG_BASE = 1;

    private final ByteCursor versym;
    private final Map<Integer, String> names;

    private SymbolVersions(ByteCursor versym, Map<Integer, String> names) {
        this.versym = versym;
        this.names = names;
    }

    /** The versions of {@code dynsym}, or null when the file has no {@code .gnu.version} for it. */
    static SymbolVersions of(ElfFile elf, ElfSection dynsym) {
        ElfSection versymSection = null;
        for (ElfSection s : elf.sections()) {
            if (s.type() == ElfSection.SHT_GNU_VERSYM && s.link() == dynsym.index()) {
                versymSection = s;
            }
        }
        if (versymSection == null) {
            return null;
        }
        Map<Integer, String> names = new HashMap<>();
        for (ElfSection s : elf.sections()) {
            if (s.type() == ElfSection.SHT_GNU_VERDEF) {
                readDefinitions(elf, s, names);
            } else if (s.type() == ElfSection.SHT_GNU_VERNEED) {
                readNeeds(elf, s, names);
            }
        }
        return new SymbolVersions(elf.cursor(versymSection), names);
    }

    /** The version name of symbol {@code index}, empty for unversioned, local and base-version symbols. */
    Optional<String> versionOf(int index) {
        if (2L * index + 2 > versym.limit()) {
            return Optional.empty();
        }
        int v = versym.seek(2L * index).u16() & ~VERSYM_HIDDEN;
        return v < 2 ? Optional.empty() : Optional.ofNullable(names.get(v));
    }

    /** Verdef entries: vd_version, vd_flags, vd_ndx, vd_cnt (u16), vd_hash, vd_aux, vd_next (u32). */
    private static void readDefinitions(ElfFile elf, ElfSection s, Map<Integer, String> names) {
        ByteCursor c = elf.cursor(s);
        ByteCursor strings = elf.cursor(elf.linkedSection(s, "string table"));
        long at = 0;
        // Each entry is at least 20 bytes, so a chain longer than that is a cycle.
        for (int guard = c.limit() / 20; guard > 0 && at + 20 <= c.limit(); guard--) {
            c.seek(at);
            c.u16();
            int flags = c.u16();
            int ndx = c.u16();
            int cnt = c.u16();
            c.u32();
            long aux = c.u32();
            long next = c.u32();
            if (cnt > 0 && (flags & VER_FLG_BASE) == 0) {
                c.seek(at + aux);
                names.put(ndx, strings.cstringAt(c.u32()));
            }
            if (next == 0) {
                break;
            }
            at += next;
        }
    }

    /** Verneed entries: vn_version, vn_cnt (u16), vn_file, vn_aux, vn_next (u32), each with vernaux entries. */
    private static void readNeeds(ElfFile elf, ElfSection s, Map<Integer, String> names) {
        ByteCursor c = elf.cursor(s);
        ByteCursor strings = elf.cursor(elf.linkedSection(s, "string table"));
        long at = 0;
        int guard = c.limit() / 16;
        while (guard-- > 0 && at + 16 <= c.limit()) {
            c.seek(at);
            c.u16();
            int cnt = c.u16();
            c.u32();
            long aux = c.u32();
            long next = c.u32();
            long auxAt = at + aux;
            for (int i = 0; i < cnt && guard-- > 0; i++) {
                c.seek(auxAt);
                c.u32();
                c.u16();
                int other = c.u16();
                long name = c.u32();
                long auxNext = c.u32();
                names.put(other & ~VERSYM_HIDDEN, strings.cstringAt(name));
                if (auxNext == 0) {
                    break;
                }
                auxAt += auxNext;
            }
            if (next == 0) {
                break;
            }
            at += next;
        }
    }
}
