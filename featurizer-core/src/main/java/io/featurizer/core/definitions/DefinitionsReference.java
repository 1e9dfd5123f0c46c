package io.featurizer.core.definitions;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.DataDefinition;
import io.featurizer.core.feature.DefinitionRegistry;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.venue.VenueCapabilities;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The definitions reference in Markdown, generated from the definitions' param declarations
 * ({@link DataDefinition#paramSpecs()}) and {@link VenueCapabilities}: the README's table, the params
 * table and the venue table of docs/definitions.md, and {@code featurizer definitions --markdown}.
 * A test compares the checked-in tables with this output, so the docs cannot drift.
 */
public final class DefinitionsReference {
    private final List<DataDefinition> definitions;

    /** Data sources first, then features, each by name. */
    public DefinitionsReference(List<DataDefinition> definitions) {
        List<DataDefinition> sorted = new ArrayList<>(definitions);
        sorted.sort(Comparator.comparing((DataDefinition d) -> !d.isDataSource()).thenComparing(DataDefinition::name));
        this.definitions = List.copyOf(sorted);
    }

    /** The built-in definitions (those of this package and its subpackages) of the default registry. */
    public static DefinitionsReference builtIns() {
        DefinitionRegistry r = DefinitionRegistry.getDefault();
        List<DataDefinition> out = new ArrayList<>();
        String home = DefinitionsReference.class.getPackageName();
        for (String name : r.names()) {
            DataDefinition d = r.get(name);
            String pkg = d.getClass().getPackageName();
            if (pkg.equals(home) || pkg.startsWith(home + ".")) {
                out.add(d);
            }
        }
        return new DefinitionsReference(out);
    }

    /** Every definition of the default registry, user jars included. */
    public static DefinitionsReference all() {
        DefinitionRegistry r = DefinitionRegistry.getDefault();
        List<DataDefinition> out = new ArrayList<>();
        for (String name : r.names()) {
            out.add(r.get(name));
        }
        return new DefinitionsReference(out);
    }

    /** One row per definition: name, output fields, params with their defaults (the README's table). */
    public String summaryTable() {
        StringBuilder sb = new StringBuilder("| name | output fields | params (default) |\n|---|---|---|\n");
        for (DataDefinition d : definitions) {
            List<String> params = new ArrayList<>();
            List<ParamSpec> specs = d.paramSpecs();
            if (specs == null) {
                params.add("not declared");
            } else {
                for (ParamSpec s : specs) {
                    params.add("`" + s.name() + "`" + (s.defaultValue() != null ? " (" + s.defaultValue() + ")" : s.isRequired() ? "" : " (optional)"));
                }
            }
            sb.append("| `").append(d.name()).append("` | ").append(fields(d)).append(" | ").append(String.join(", ", params)).append(" |\n");
        }
        return sb.toString();
    }

    /** One row per param of every definition: type, default, accepted values, doc (docs/definitions.md). */
    public String paramsTable() {
        StringBuilder sb = new StringBuilder("| definition | param | type | default | accepted | what it does |\n|---|---|---|---|---|---|\n");
        for (DataDefinition d : definitions) {
            List<ParamSpec> specs = d.paramSpecs();
            if (specs == null || specs.isEmpty()) {
                sb.append("| `").append(d.name()).append("` | ").append(specs == null ? "not declared" : "none").append(" | | | | |\n");
                continue;
            }
            for (ParamSpec s : specs) {
                sb.append("| `").append(d.name()).append("` | `").append(s.name()).append("` | ")
                        .append(s.type().name().toLowerCase()).append(" | ").append(s.defaultText()).append(" | ")
                        .append(escape(s.expected())).append(" | ").append(escape(s.doc())).append(" |\n");
            }
        }
        return sb.toString();
    }

    /** Everything, for {@code featurizer definitions --markdown}. */
    public String markdown() {
        return "## Definitions\n\n" + summaryTable() + "\n## Params\n\n" + paramsTable() + "\n## Venues\n\n" + VenueCapabilities.markdownTable();
    }

    private static String fields(DataDefinition d) {
        try {
            Schema s = d.schema(Params.of(d.defaultParams()));
            List<String> names = new ArrayList<>();
            for (Schema.Field f : s.fields()) {
                names.add("`" + f.name() + "`");
            }
            return String.join(", ", names);
        } catch (IllegalArgumentException e) {
            return "depends on params";
        }
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
