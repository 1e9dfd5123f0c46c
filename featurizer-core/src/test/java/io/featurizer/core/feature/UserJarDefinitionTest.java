package io.featurizer.core.feature;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.stream.Pipeline;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A jar on the class path that lists a definition in META-INF/services adds it, without touching the engine. */
class UserJarDefinitionTest {
    /** A definition from a user jar: size-weighted mid from the ticker. */
    public static final class MicroPriceFD extends FeatureDefinition {
        static final Schema SCHEMA = Schema.ofDoubles("micro_price", "micro_price");

        @Override
        public String name() {
            return "price.micro_price_fd";
        }

        @Override
        public Schema schema(Params params) {
            return SCHEMA;
        }

        @Override
        public List<String> dependencies(Params params) {
            return List.of("ticker");
        }

        @Override
        public FeatureOperator createOperator(OperatorContext ctx) {
            Pipeline p = new Pipeline(ctx);
            return p.output(p.input(0).map(SCHEMA, (q, out) -> {
                double bid = q.getDouble(Quote.BID_PRICE), ask = q.getDouble(Quote.ASK_PRICE);
                double bs = q.getDouble(Quote.BID_SIZE), as = q.getDouble(Quote.ASK_SIZE);
                out.set(0, (bid * as + ask * bs) / (bs + as));
            }).unique());
        }
    }

    @Test
    void aServicesEntryInAJarRegistersTheDefinition(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("user-features.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/" + DataDefinition.class.getName()));
            OutputStream o = out;
            o.write((MicroPriceFD.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        assertThrows(UnknownDefinitionException.class, () -> DefinitionRegistry.load(getClass().getClassLoader()).get("price.micro_price_fd"),
                "not registered without the jar");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            DefinitionRegistry registry = DefinitionRegistry.load(loader);
            DataDefinition def = registry.get("price.micro_price_fd");
            assertTrue(def instanceof MicroPriceFD);
            assertTrue(registry.names().contains("price.mid_price_fd"), "built-ins are still there");

            Feature ticker = Features.ticker("BINANCE", "spot", "BTC-USDT");
            FeatureTestHarness h = FeatureTestHarness.of(Feature.of((FeatureDefinition) def, Params.EMPTY, List.of(ticker)));
            List<Event> out = h.push(0, new Quote().set(1, 1, 100, 1, 102, 3));
            assertEquals((100.0 * 3 + 102.0 * 1) / 4.0, out.get(0).getDouble(0));
        }
    }
}
