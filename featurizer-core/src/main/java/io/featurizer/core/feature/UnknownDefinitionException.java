package io.featurizer.core.feature;

import io.featurizer.core.text.NearestName;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A definition name that resolves to nothing (or to several), with the names that are known. */
public final class UnknownDefinitionException extends IllegalArgumentException {
    private final String definitionName;

    public UnknownDefinitionException(String name, String problem, Collection<String> known) {
        super("definition '" + name + "' " + problem + suggestion(name, known) + "; known definitions: " + String.join(", ", known));
        this.definitionName = name;
    }

    /** "; did you mean 'price.mid_price_fd'?" for a misspelt full name or its part after the group. */
    private static String suggestion(String name, Collection<String> known) {
        String full = NearestName.suggestion(name, known);
        if (!full.isEmpty() || name.contains(".")) {
            return full;
        }
        List<String> shortNames = new ArrayList<>();
        for (String k : known) {
            shortNames.add(k.substring(k.lastIndexOf('.') + 1));
        }
        return NearestName.of(name, shortNames).map(s -> {
            for (String k : known) {
                if (k.endsWith("." + s) || k.equals(s)) {
                    return "; did you mean '" + k + "'?";
                }
            }
            return "";
        }).orElse("");
    }

    public String definitionName() {
        return definitionName;
    }
}
