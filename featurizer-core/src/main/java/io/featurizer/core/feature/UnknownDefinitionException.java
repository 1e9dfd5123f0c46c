package io.featurizer.core.feature;

import java.util.Collection;

/** A definition name that resolves to nothing (or to several), with the names that are known. */
public final class UnknownDefinitionException extends IllegalArgumentException {
    private final String definitionName;

    public UnknownDefinitionException(String name, String problem, Collection<String> known) {
        super("definition '" + name + "' " + problem + "; known definitions: " + String.join(", ", known));
        this.definitionName = name;
    }

    public String definitionName() {
        return definitionName;
    }
}
