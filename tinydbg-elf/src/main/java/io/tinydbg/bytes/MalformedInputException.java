package io.tinydbg.bytes;

import io.tinydbg.TinydbgException;

/**
 * A binary file (ELF, DWARF, compressed section, ...) holds bytes that do not follow its format. The message
 * names the file (or other source), the section and the byte offset within that section, so a user can look at
 * the same bytes with {@code readelf} or a hex dump.
 */
public class MalformedInputException extends TinydbgException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String section;
    private final long offset;

    public MalformedInputException(String source, String section, long offset, String problem) {
        super(format(source, section, offset, problem));
        this.source = source;
        this.section = section;
        this.offset = offset;
    }

    public MalformedInputException(String source, String section, long offset, String problem, Throwable cause) {
        super(format(source, section, offset, problem), cause);
        this.source = source;
        this.section = section;
        this.offset = offset;
    }

    private static String format(String source, String section, long offset, String problem) {
        StringBuilder sb = new StringBuilder();
        sb.append(source == null ? "<unknown>" : source);
        if (section != null) {
            sb.append(": ").append(section);
        }
        if (offset >= 0) {
            sb.append(section == null ? ": offset 0x" : "+0x").append(Long.toHexString(offset));
        }
        return sb.append(": ").append(problem).toString();
    }

    /** The file or other named source of the bytes; never null in exceptions thrown by tinydbg. */
    public String source() {
        return source;
    }

    /** The section the bad bytes are in, or null when the problem is in the file's headers. */
    public String section() {
        return section;
    }

    /** Offset of the bad bytes within the section (or the file when {@link #section()} is null); -1 if unknown. */
    public long offset() {
        return offset;
    }
}
