package io.tinydbg.dwarf;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.bytes.MalformedInputException;
import java.util.Arrays;

/**
 * The shape of one unit's DIE tree: every entry's offset, parent and next sibling, in three int arrays. Built by
 * one linear walk that skips attribute values, only for units whose tree someone navigates.
 */
final class UnitIndex {
    private final String source;
    private final String section;
    private final long base;
    private final int[] offsets;
    private final int[] parents;
    private final int[] nextSiblings;
    private final int count;

    private UnitIndex(String source, String section, long base, int[] offsets, int[] parents, int[] nextSiblings, int count) {
        this.source = source;
        this.section = section;
        this.base = base;
        this.offsets = offsets;
        this.parents = parents;
        this.nextSiblings = nextSiblings;
        this.count = count;
    }

    static UnitIndex build(UnitContext u) {
        CompileUnit h = u.header();
        long base = h.offset();
        ByteCursor c = u.cursorAt(h.dieOffset());
        int end = (int) ((h.endOffset() & ~Dwarf.TYPES_SECTION_FLAG));
        int capacity = 64;
        int[] offsets = new int[capacity];
        int[] parents = new int[capacity];
        int[] next = new int[capacity];
        int[] lastChild = new int[64];
        int[] stack = new int[64];
        int depth = 0;
        int n = 0;
        stack[0] = -1;
        lastChild[0] = -1;
        while (c.position() < end) {
            int at = c.position();
            int code = c.uleb128AsInt("abbreviation code");
            if (code == 0) {
                if (depth == 0) {
                    continue; // padding after the root
                }
                depth--;
                continue;
            }
            Abbrev a = u.abbrev(code, c);
            for (int form : a.forms()) {
                FormReader.skip(c, form, u);
            }
            if (n == offsets.length) {
                offsets = Arrays.copyOf(offsets, n * 2);
                parents = Arrays.copyOf(parents, n * 2);
                next = Arrays.copyOf(next, n * 2);
            }
            offsets[n] = (int) (at - (base & ~Dwarf.TYPES_SECTION_FLAG));
            parents[n] = stack[depth];
            next[n] = -1;
            if (lastChild[depth] >= 0) {
                next[lastChild[depth]] = n;
            }
            lastChild[depth] = n;
            if (a.hasChildren()) {
                depth++;
                if (depth == stack.length) {
                    stack = Arrays.copyOf(stack, depth * 2);
                    lastChild = Arrays.copyOf(lastChild, depth * 2);
                }
                stack[depth] = n;
                lastChild[depth] = -1;
            }
            n++;
            if (depth == 0) {
                break; // the root's tree is complete
            }
        }
        return new UnitIndex(c.source(), c.section(), base, offsets, parents, next, n);
    }

    /** Index of the entry at absolute {@code offset}; fails when no entry starts there. */
    int indexOf(long offset) {
        long rel = offset - base;
        int i = rel < 0 || rel > Integer.MAX_VALUE ? -1 : Arrays.binarySearch(offsets, 0, count, (int) rel);
        if (i < 0) {
            throw new MalformedInputException(source, section, offset & ~Dwarf.TYPES_SECTION_FLAG,
                    "no DIE of the unit's tree starts at 0x" + Long.toHexString(offset & ~Dwarf.TYPES_SECTION_FLAG));
        }
        return i;
    }

    long offset(int index) {
        return base + offsets[index];
    }

    int parent(int index) {
        return parents[index];
    }

    int firstChild(int index) {
        return index + 1 < count && parents[index + 1] == index ? index + 1 : -1;
    }

    int nextSibling(int index) {
        return nextSiblings[index];
    }
}
