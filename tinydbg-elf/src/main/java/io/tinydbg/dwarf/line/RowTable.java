package io.tinydbg.dwarf.line;

import java.util.AbstractList;
import java.util.Arrays;

/**
 * The rows of a line program in parallel primitive arrays: a large Go or C++ unit has hundreds of thousands of
 * rows, and a record per row would triple the memory. {@link #asList()} makes {@link LineRow}s on demand.
 */
final class RowTable {
    static final int IS_STMT = 1;
    static final int BASIC_BLOCK = 2;
    static final int END_SEQUENCE = 4;
    static final int PROLOGUE_END = 8;
    static final int EPILOGUE_BEGIN = 16;

    private long[] address = new long[16];
    private int[] file = new int[16];
    private int[] line = new int[16];
    private int[] column = new int[16];
    private int[] discriminator = new int[16];
    private byte[] flags = new byte[16];
    private int size;

    void add(long addr, int fileIndex, int lineNumber, int col, int flagBits, int disc) {
        if (size == address.length) {
            int n = size * 2;
            address = Arrays.copyOf(address, n);
            file = Arrays.copyOf(file, n);
            line = Arrays.copyOf(line, n);
            column = Arrays.copyOf(column, n);
            discriminator = Arrays.copyOf(discriminator, n);
            flags = Arrays.copyOf(flags, n);
        }
        address[size] = addr;
        file[size] = fileIndex;
        line[size] = lineNumber;
        column[size] = col;
        discriminator[size] = disc;
        flags[size] = (byte) flagBits;
        size++;
    }

    int size() {
        return size;
    }

    long address(int i) {
        return address[i];
    }

    int file(int i) {
        return file[i];
    }

    int line(int i) {
        return line[i];
    }

    int column(int i) {
        return column[i];
    }

    boolean has(int i, int flag) {
        return (flags[i] & flag) != 0;
    }

    LineRow row(int i) {
        return new LineRow(address[i], file[i], line[i], column[i], has(i, IS_STMT), has(i, BASIC_BLOCK),
                has(i, END_SEQUENCE), has(i, PROLOGUE_END), has(i, EPILOGUE_BEGIN), discriminator[i]);
    }

    java.util.List<LineRow> asList() {
        return new AbstractList<>() {
            @Override
            public LineRow get(int index) {
                if (index < 0 || index >= size) {
                    throw new IndexOutOfBoundsException("row " + index + " of " + size);
                }
                return row(index);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
