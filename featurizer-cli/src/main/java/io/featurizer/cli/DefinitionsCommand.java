package io.featurizer.cli;

import io.featurizer.core.feature.DataDefinition;
import io.featurizer.core.feature.DefinitionRegistry;
import picocli.CommandLine.Command;

/** {@code featurizer definitions}: every registered definition (built-ins and user jars on the class path). */
@Command(name = "definitions", mixinStandardHelpOptions = true, description = "List the registered data source and feature definitions.")
final class DefinitionsCommand implements Runnable {
    @Override
    public void run() {
        DefinitionRegistry r = DefinitionRegistry.getDefault();
        for (String name : r.names()) {
            DataDefinition d = r.get(name);
            System.out.printf("%-40s %s%n", name, d.isDataSource() ? "data source" : "feature");
        }
    }
}
