package io.featurizer.core.definitions.book;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.ParamException;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static io.featurizer.core.definitions.L2SnapshotFD.ASK_PRICES;
import static io.featurizer.core.definitions.L2SnapshotFD.ASK_SIZES;
import static io.featurizer.core.definitions.L2SnapshotFD.BID_PRICES;
import static io.featurizer.core.definitions.L2SnapshotFD.BID_SIZES;

/**
 * {@code book.micro_price}: the micro-price of Stoikov (2018), mid + G*(spread, imbalance), with G* read from
 * an adjustment table fitted on history ({@link MicroPriceTable}, written by {@code featurizer microprice fit}).
 * The table's SHA-256 goes into the params when the feature is built, so its content is part of the feature
 * key (a new fit is a new feature) and an unreadable or malformed table fails at config load. NaN while a
 * side is empty, when the spread is not a whole number of ticks within the table, or in a state the fit
 * never observed.
 */
public final class MicroPriceFD extends BookShapeFD {
    public static final Schema SCHEMA = Schema.ofDoubles("micro_price", "micro_price");
    static final Schema.DoubleField MICRO = SCHEMA.doubleField("micro_price");

    static final ParamSpec TABLE = ParamSpec.string("table", "the adjustment table (CSV of featurizer microprice fit); a path relative to the working directory")
            .required();
    static final ParamSpec TABLE_SHA256 = ParamSpec.string("table_sha256", "the SHA-256 of the table's content: filled in at load; give it to pin one fit")
            .withDefaultDescribed("the table's");
    private static final List<ParamSpec> PARAMS = List.of(TABLE, TABLE_SHA256);

    @Override
    public String name() {
        return "book.micro_price";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return PARAMS;
    }

    @Override
    public Schema schema(Params params) {
        return SCHEMA;
    }

    /** The given params with the table's content hash: a new fit gives a new key. */
    @Override
    public Params canonicalParams(Params params) {
        Params p = params.withDefaults(defaultParams());
        Object table = p.get(TABLE.name());
        if (!(table instanceof String path)) {
            return p; // validation says what is missing or wrong
        }
        String hash = checkedHash(Path.of(path));
        Object pinned = p.get(TABLE_SHA256.name());
        if (pinned != null && !hash.equals(pinned.toString())) {
            throw new ParamException(TABLE_SHA256.name(), ParamException.Kind.BAD_VALUE, "param 'table_sha256': table '" + path
                    + "' has SHA-256 " + hash + ", not the pinned " + pinned);
        }
        return p.with(TABLE_SHA256.name(), hash);
    }

    /** The hash of a readable, well-formed table; else the reason, as a param error. */
    private static String checkedHash(Path file) {
        try {
            byte[] content = MicroPriceTable.bytes(file);
            MicroPriceTable.parse(new String(content, StandardCharsets.UTF_8));
            return MicroPriceTable.sha256(content);
        } catch (IllegalArgumentException e) {
            String why = e.getMessage().startsWith("cannot read") ? e.getMessage() : "micro-price table '" + file + "': " + e.getMessage();
            throw new ParamException(TABLE.name(), ParamException.Kind.BAD_VALUE, "param 'table': " + why);
        }
    }

    @Override
    BookShape shape(Params params) {
        Path file = Path.of(TABLE.string(params));
        byte[] content = MicroPriceTable.bytes(file);
        if (!MicroPriceTable.sha256(content).equals(TABLE_SHA256.string(params))) {
            throw new IllegalStateException("micro-price table '" + file + "' changed since the feature was loaded; reload the config");
        }
        MicroPriceTable table = MicroPriceTable.parse(new String(content, StandardCharsets.UTF_8));
        double tick = table.tickSize();
        int buckets = table.buckets();
        return (s, out) -> {
            if (!BookInput.twoSided(s)) {
                MICRO.set(out, Double.NaN);
                return;
            }
            double bid = s.getArray(BID_PRICES)[0];
            double ask = s.getArray(ASK_PRICES)[0];
            int spread = MicroPriceTable.spreadTicks(bid, ask, tick);
            int bucket = MicroPriceTable.bucket(s.getArray(BID_SIZES)[0], s.getArray(ASK_SIZES)[0], buckets);
            MICRO.set(out, (bid + ask) / 2 + table.adjustment(spread, bucket));
        };
    }
}
