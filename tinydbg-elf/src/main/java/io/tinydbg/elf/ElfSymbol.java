package io.tinydbg.elf;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of {@code .symtab} or {@code .dynsym}.
 *
 * @param name the symbol name without any {@code @VERSION} or {@code @@VERSION} suffix
 * @param version the symbol version: for {@code .dynsym} from {@code .gnu.version} and its definitions or needs,
 *                otherwise from a suffix the name carried; empty for unversioned symbols
 * @param value {@code st_value} (an unrelocated address in executables and shared objects)
 * @param size {@code st_size}
 * @param type {@code STT_*}
 * @param binding {@code STB_*}
 * @param sectionIndex {@code st_shndx}, resolved through {@code SHT_SYMTAB_SHNDX} when it is {@code SHN_XINDEX}
 * @param other {@code st_other} (the low two bits are the visibility)
 */
public record ElfSymbol(String name, Optional<String> version, long value, long size, int type, int binding,
                        int sectionIndex, int other) {
    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STT_FILE = 4;
    public static final int STT_COMMON = 5;
    public static final int STT_TLS = 6;
    public static final int STT_GNU_IFUNC = 10;

    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;
    public static final int STB_GNU_UNIQUE = 10;

    public static final int SHN_UNDEF = 0;
    public static final int SHN_ABS = 0xfff1;
    public static final int SHN_COMMON = 0xfff2;
    public static final int SHN_XINDEX = 0xffff;

    /** Compiler clone suffixes: GCC's .cold, .part.N, .isra.N, .constprop.N, .lto_priv.N and LLVM's .llvm.N. */
    private static final Pattern CLONE_SUFFIX =
            Pattern.compile("(?:\\.(?:cold|part|isra|constprop|lto_priv|localalias|llvm)(?:\\.\\d+)?)+$");

    /** A function, including GNU indirect functions (resolvers of {@code memcpy} and friends). */
    public boolean isFunction() {
        return type == STT_FUNC || type == STT_GNU_IFUNC;
    }

    /** Defined in this file (not an import). */
    public boolean isDefined() {
        return sectionIndex != SHN_UNDEF;
    }

    public boolean isDefinedFunction() {
        return isFunction() && isDefined();
    }

    /** {@code STV_*} visibility: 0 default, 1 internal, 2 hidden, 3 protected. */
    public int visibility() {
        return other & 3;
    }

    /**
     * The name without compiler clone suffixes ({@code foo.cold}, {@code foo.part.0}, {@code foo.isra.0},
     * {@code foo.constprop.0}, {@code foo.llvm.123}), i.e. the source function a clone belongs to; the plain name
     * for every other symbol. A leading dot is never taken for a suffix.
     */
    public String baseName() {
        int dot = name.indexOf('.', 1);
        if (dot < 0) {
            return name;
        }
        var m = CLONE_SUFFIX.matcher(name);
        if (m.find(1) && m.start() > 0) {
            return name.substring(0, m.start());
        }
        return name;
    }

    /** The name and version as {@code readelf} shows a hidden (non-default) version: {@code name@VERSION}. */
    public String nameWithVersion() {
        return version.map(v -> name + "@" + v).orElse(name);
    }
}
