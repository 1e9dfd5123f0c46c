package io.featurizer.core.definitions;

import io.featurizer.core.venue.VenueCapabilities;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The definitions tables of README.md and docs/definitions.md are generated from the definitions'
 * param declarations: this fails when the checked-in tables differ from what the declarations give.
 * To update: {@code featurizer definitions --markdown} prints all three tables; paste each between
 * its markers (or copy the expected text from this test's failure), or run this test with
 * {@code -Dfeaturizer.regenerate=true}, which writes them into the files before comparing.
 */
class DefinitionsReferenceTest {
    private static final DefinitionsReference REFERENCE = DefinitionsReference.builtIns();

    /** The text between {@code <!-- BEGIN GENERATED id: ... -->} and the next {@code <!-- END GENERATED -->}. */
    private static String section(String file, String id, String generated) throws IOException {
        String text = Files.readString(Path.of(file));
        if (Boolean.getBoolean("featurizer.regenerate")) {
            int s = text.indexOf('\n', text.indexOf("<!-- BEGIN GENERATED " + id + ":")) + 1;
            int e = text.indexOf("<!-- END GENERATED -->", s);
            text = text.substring(0, s) + generated + text.substring(e);
            Files.writeString(Path.of(file), text);
        }
        String begin = "<!-- BEGIN GENERATED " + id + ":";
        int b = text.indexOf(begin);
        assertTrue(b >= 0, file + " has no '" + begin + "' marker");
        int start = text.indexOf('\n', b) + 1;
        int end = text.indexOf("<!-- END GENERATED -->", start);
        assertTrue(end >= 0, file + ": the " + id + " section has no end marker");
        return text.substring(start, end);
    }

    @Test
    void readmeTableIsTheGeneratedOne() throws IOException {
        assertEquals(REFERENCE.summaryTable(), section("../README.md", "summary", REFERENCE.summaryTable()),
                "README.md's built-in definitions table differs from the declarations; paste the expected text");
    }

    @Test
    void paramsTableIsTheGeneratedOne() throws IOException {
        assertEquals(REFERENCE.paramsTable(), section("../docs/definitions.md", "params", REFERENCE.paramsTable()),
                "docs/definitions.md's params table differs from the declarations; paste the expected text");
    }

    @Test
    void venueTableIsTheGeneratedOne() throws IOException {
        assertEquals(VenueCapabilities.markdownTable(), section("../docs/definitions.md", "venues", VenueCapabilities.markdownTable()),
                "docs/definitions.md's venue table differs from VenueCapabilities; paste the expected text");
    }

    @Test
    void rowsSayWhatTheDefinitionsDo() {
        // written by hand from the definitions' documented params
        assertTrue(REFERENCE.summaryTable().contains(
                "| `tvi.trade_volume_imb_fd` | `tvi` | `window` (1m), `sampling` (raw), `dep_schema` (trades) |\n"), REFERENCE.summaryTable());
        assertTrue(REFERENCE.paramsTable().contains(
                "| `l2_book.l2_snapshot_fd` | `depth` | integer | 25 | a positive number of levels or -1 (the full book) |"), REFERENCE.paramsTable());
        assertTrue(VenueCapabilities.markdownTable().contains("| `BYBIT` | yes | spot: 1, 50, 200, 1000 (default 50); perpetual: 1, 50, 200, 500, 1000 (default 50);"));
    }
}
