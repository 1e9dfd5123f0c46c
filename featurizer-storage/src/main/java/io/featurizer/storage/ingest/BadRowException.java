package io.featurizer.storage.ingest;

/**
 * One malformed row: what was wrong and what was expected. Thrown by the row parsers and turned into an
 * {@link IngestException} (strict) or a skipped row (lenient) by the reader, which knows file and line.
 * Stackless: lenient mode may see many.
 */
final class BadRowException extends Exception {
    private static final int MAX_VALUE_CHARS = 60;
    private final String problem;
    private final String expected;

    BadRowException(String problem, String expected) {
        super(problem + ": " + expected, null, false, false);
        this.problem = problem;
        this.expected = expected;
    }

    /** A bad cell: {@code bad <column> '<value>'}. */
    static BadRowException field(String column, String value, String expected) {
        String shown = value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) + "..." : value;
        return new BadRowException("bad " + column + " '" + shown + "'", expected);
    }

    String problem() {
        return problem;
    }

    String expected() {
        return expected;
    }
}
