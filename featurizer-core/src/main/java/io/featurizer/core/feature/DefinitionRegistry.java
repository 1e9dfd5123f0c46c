package io.featurizer.core.feature;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Definitions by name, discovered with {@link ServiceLoader} so user jars add their own. A name
 * resolves exactly ({@code price.mid_price_fd}) or, when unambiguous, by its part after the group
 * ({@code mid_price_fd}).
 */
public final class DefinitionRegistry {
    private static volatile DefinitionRegistry defaultRegistry;

    private final Map<String, DataDefinition> byName = new TreeMap<>();

    /** The registry of every definition on the class path. */
    public static DefinitionRegistry getDefault() {
        DefinitionRegistry r = defaultRegistry;
        if (r == null) {
            synchronized (DefinitionRegistry.class) {
                r = defaultRegistry;
                if (r == null) {
                    r = load(Thread.currentThread().getContextClassLoader());
                    defaultRegistry = r;
                }
            }
        }
        return r;
    }

    public static DefinitionRegistry load(ClassLoader loader) {
        DefinitionRegistry r = new DefinitionRegistry();
        for (DataDefinition d : ServiceLoader.load(DataDefinition.class, loader)) {
            r.register(d);
        }
        if (loader != DefinitionRegistry.class.getClassLoader()) {
            for (DataDefinition d : ServiceLoader.load(DataDefinition.class, DefinitionRegistry.class.getClassLoader())) {
                r.byName.putIfAbsent(d.name(), d);
            }
        }
        return r;
    }

    public DefinitionRegistry register(DataDefinition definition) {
        DataDefinition prev = byName.putIfAbsent(definition.name(), definition);
        if (prev != null && prev.getClass() != definition.getClass()) {
            throw new IllegalStateException("two definitions named '" + definition.name() + "': "
                    + prev.getClass().getName() + " and " + definition.getClass().getName());
        }
        return this;
    }

    /** The definition of that name; throws {@link UnknownDefinitionException} listing the known names. */
    public DataDefinition get(String name) {
        DataDefinition d = byName.get(name);
        if (d != null) {
            return d;
        }
        DataDefinition match = null;
        for (Map.Entry<String, DataDefinition> e : byName.entrySet()) {
            String k = e.getKey();
            if (k.endsWith("." + name)) {
                if (match != null) {
                    throw new UnknownDefinitionException(name, "is ambiguous", byName.keySet());
                }
                match = e.getValue();
            }
        }
        if (match == null) {
            throw new UnknownDefinitionException(name, "is not a known definition", byName.keySet());
        }
        return match;
    }

    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(byName.keySet());
    }
}
