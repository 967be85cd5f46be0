package io.tinydbg.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's time.RFC3339Nano: seconds, then the nanoseconds without trailing zeros, then the zone ("Z" in UTC). */
public final class Rfc3339 {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private Rfc3339() {
    }

    public static String nano(Instant t) {
        StringBuilder sb = new StringBuilder(SECONDS.format(t));
        int nanos = t.getNano();
        if (nanos != 0) {
            String digits = String.format("%09d", nanos).replaceFirst("0+$", "");
            sb.append('.').append(digits);
        }
        return sb.append('Z').toString();
    }
}
