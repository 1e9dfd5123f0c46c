package io.featurizer.core.definitions.transforms;

import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.text.NearestName;

import java.util.ArrayList;
import java.util.List;

/**
 * A transform of one numeric field of any configured feature, wired with the config's {@code deps}: the {@code field}
 * param names it, and may be left out when the feature has a single field. The field's handle is resolved once,
 * when the operator is built.
 */
abstract class TransformFD extends FeatureDefinition {
    static final ParamSpec FIELD = ParamSpec.string("field", "the input feature's numeric field to transform").withDefaultDescribed("its only field");

    /** The transform's own params; {@code field} is added. */
    abstract List<ParamSpec> ownParams();

    /** The output schema. */
    abstract Schema outputSchema(Params params);

    /** Checks beyond each param's declaration (one of two params given, lo ≤ hi); throws {@link IllegalArgumentException}. */
    void checkParams(Params params) {
    }

    @Override
    public final void validate(Params params) {
        ParamSpec.checkAll(name(), paramSpecs(), params);
        checkParams(params);
    }

    @Override
    public final List<ParamSpec> paramSpecs() {
        List<ParamSpec> all = new ArrayList<>(ownParams());
        all.add(FIELD);
        return all;
    }

    @Override
    public final Schema schema(Params params) {
        return outputSchema(params);
    }

    @Override
    public final List<String> dependencies(Params params) {
        return List.of(ANY_FEATURE);
    }

    @Override
    public final void validateInputs(Params params, List<Feature> children) {
        if (children.size() != 1) {
            throw new IllegalArgumentException(name() + " takes exactly one feature, got " + children.size());
        }
        field(children.get(0).schema(), FIELD.string(params), children.get(0).name());
    }

    /** The input's field to transform, as resolved when the operator is built. */
    final Schema.DoubleField inputField(OperatorContext ctx) {
        return field(ctx.inputSchema(0), FIELD.string(ctx.params()), ctx.feature().children().get(0).name());
    }

    private Schema.DoubleField field(Schema s, String name, String featureName) {
        if (name == null) {
            if (s.size() != 1 || s.type(0) == FieldType.DOUBLE_ARRAY) {
                throw new IllegalArgumentException(name() + " needs 'field' to pick one of " + featureName + "'s fields " + numericFields(s));
            }
            return s.doubleField(s.field(0).name());
        }
        if (!s.has(name) || s.type(s.index(name)) == FieldType.DOUBLE_ARRAY) {
            throw new IllegalArgumentException(name() + ": " + featureName + " has no numeric field '" + name + "'"
                    + NearestName.suggestion(name, numericFields(s)) + " (its numeric fields: " + numericFields(s) + ")");
        }
        return s.doubleField(name);
    }

    private static List<String> numericFields(Schema s) {
        List<String> names = new ArrayList<>();
        for (Schema.Field f : s.fields()) {
            if (f.type() != FieldType.DOUBLE_ARRAY) {
                names.add(f.name());
            }
        }
        return names;
    }

    /** An integer param that must be ≥ 1. */
    static ParamSpec positiveInteger(String name, String doc) {
        return ParamSpec.integer(name, doc).rule(v -> (v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim())) >= 1,
                "an integer >= 1");
    }
}
