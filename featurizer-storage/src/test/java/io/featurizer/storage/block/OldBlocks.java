package io.featurizer.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Block files as Featurizer wrote them before the time columns were typed, for compatibility tests. */
public final class OldBlocks {
    private OldBlocks() {
    }

    /**
     * Rewrites a block's footer as blocks were written before the time columns were typed: the same pages, the
     * time columns plain INT64 (converted type INT_64, logical INTEGER(64, signed)), i.e. BIGINT.
     */
    public static void untypeTimeColumns(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int footerLength = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int footerStart = bytes.length - 8 - footerLength;
        ParquetFooter footer = ParquetFooter.decode(bytes, footerStart, bytes.length - 8);
        List<BlockLayout.Column> typed = new ArrayList<>(), untyped = new ArrayList<>();
        for (ParquetFooter.Leaf leaf : footer.leaves()) {
            typed.add(new BlockLayout.Column(leaf.name(), leaf.sqlType()));
            untyped.add(new BlockLayout.Column(leaf.name(), leaf.sqlType().equals("TIMESTAMP_NS") ? "BIGINT" : leaf.sqlType()));
        }
        ThriftWriter w = new ThriftWriter();
        // re-encoding the decoded footer as it is gives the file's own bytes: the rewrite changes the types only
        ParquetFooter.encode(w, typed, kinds(typed), footer.numRows(), footer.rowGroups());
        assertArrayEquals(Arrays.copyOfRange(bytes, footerStart, bytes.length - 8), Arrays.copyOf(w.buffer(), w.size()));
        ParquetFooter.encode(w, untyped, kinds(untyped), footer.numRows(), footer.rowGroups());
        ByteBuffer out = ByteBuffer.allocate(footerStart + w.size() + 8).order(ByteOrder.LITTLE_ENDIAN);
        out.put(bytes, 0, footerStart).put(w.buffer(), 0, w.size()).putInt(w.size()).put(ParquetFormat.MAGIC);
        Files.write(file, out.array());
    }

    private static ColumnKind[] kinds(List<BlockLayout.Column> columns) {
        return columns.stream().map(ColumnKind::of).toArray(ColumnKind[]::new);
    }
}
