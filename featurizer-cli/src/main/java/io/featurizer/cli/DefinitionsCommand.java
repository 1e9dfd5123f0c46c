package io.featurizer.cli;

import io.featurizer.core.definitions.DefinitionsReference;
import io.featurizer.core.feature.DataDefinition;
import io.featurizer.core.feature.DefinitionRegistry;
import io.featurizer.core.feature.ParamSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code featurizer definitions}: every registered definition (built-ins and user jars on the class path). */
@Command(name = "definitions", mixinStandardHelpOptions = true, description = "List the registered data source and feature definitions.")
final class DefinitionsCommand implements Runnable {
    @Option(names = "--markdown", description = "Print the reference tables (definitions, params, venues) as Markdown, as in docs/definitions.md.")
    boolean markdown;

    @Override
    public void run() {
        if (markdown) {
            System.out.print(DefinitionsReference.all().markdown());
            return;
        }
        DefinitionRegistry r = DefinitionRegistry.getDefault();
        for (String name : r.names()) {
            DataDefinition d = r.get(name);
            String params = d.paramSpecs() == null ? "params not declared" : "params: " + String.join(", ", ParamSpec.names(d.paramSpecs()));
            System.out.printf("%-40s %-12s %s%n", name, d.isDataSource() ? "data source" : "feature", params);
        }
    }
}
