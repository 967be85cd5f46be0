package io.tinydbg.value;

/**
 * Go's {@code strconv.Quote} over raw bytes, as Delve prints strings with {@code %q}: printable runes as they are,
 * the usual backslash escapes, {@code \xNN} for bytes that are not valid UTF-8 and for ASCII control characters,
 * backslash-u and backslash-U escapes for other runes that Unicode does not call printable.
 */
final class GoQuote {
    private GoQuote() {
    }

    static void quote(StringBuilder sb, byte[] bytes) {
        sb.append('"');
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            int length = sequenceLength(b);
            int cp = length == 0 || i + length > bytes.length ? -1 : decode(bytes, i, length);
            if (cp < 0) {
                sb.append(String.format("\\x%02x", b));
                i++;
                continue;
            }
            i += length;
            appendRune(sb, cp);
        }
        sb.append('"');
    }

    private static void appendRune(StringBuilder sb, int cp) {
        switch (cp) {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            case 0x07 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 0x0b -> sb.append("\\v");
            default -> {
                if (isPrint(cp)) {
                    sb.appendCodePoint(cp);
                } else if (cp < ' ' || cp == 0x7f) {
                    sb.append(String.format("\\x%02x", cp));
                } else if (cp < 0x10000) {
                    sb.append(String.format("\\u%04x", cp));
                } else {
                    sb.append(String.format("\\U%08x", cp));
                }
            }
        }
    }

    /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
    }

    /** The length of the UTF-8 sequence a lead byte starts, 0 for a byte that cannot start one. */
    private static int sequenceLength(int b) {
        if (b < 0x80) {
            return 1;
        }
        if (b >= 0xc2 && b <= 0xdf) {
            return 2;
        }
        if (b >= 0xe0 && b <= 0xef) {
            return 3;
        }
        if (b >= 0xf0 && b <= 0xf4) {
            return 4;
        }
        return 0;
    }

    /** The rune at {@code i}, or -1 when the sequence is malformed, overlong, a surrogate or beyond U+10FFFF. */
    private static int decode(byte[] bytes, int i, int length) {
        int cp = length == 1 ? bytes[i] : (bytes[i] & (0xff >> (length + 1)));
        for (int k = 1; k < length; k++) {
            int c = bytes[i + k] & 0xff;
            if ((c & 0xc0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (c & 0x3f);
        }
        int min = length == 2 ? 0x80 : length == 3 ? 0x800 : length == 4 ? 0x10000 : 0;
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return -1;
        }
        return cp;
    }
}
