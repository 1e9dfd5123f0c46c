package io.featurizer.core.definitions.transforms;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.stream.Pipeline;

import java.util.List;

/** {@code transforms.clip}: min(max(x, lo), hi) on every value; either bound may be left out; NaN stays NaN. */
public final class ClipFD extends TransformFD {
    static final Schema SCHEMA = Schema.ofDoubles("clip", "clip");
    static final Schema.DoubleField CLIP = SCHEMA.doubleField("clip");
    static final ParamSpec LO = ParamSpec.number("lo", "the lower bound; none when left out");
    static final ParamSpec HI = ParamSpec.number("hi", "the upper bound; none when left out");

    @Override
    public String name() {
        return "transforms.clip";
    }

    @Override
    List<ParamSpec> ownParams() {
        return List.of(LO, HI);
    }

    @Override
    Schema outputSchema(Params params) {
        return SCHEMA;
    }

    @Override
    void checkParams(Params params) {
        if (!params.has(LO.name()) && !params.has(HI.name())) {
            throw new IllegalArgumentException("transforms.clip needs lo, hi or both");
        }
        if (lo(params) > hi(params)) {
            throw new IllegalArgumentException("transforms.clip: lo " + lo(params) + " is above hi " + hi(params));
        }
    }

    private static double lo(Params p) {
        return p.has(LO.name()) ? LO.doubleValue(p) : Double.NEGATIVE_INFINITY;
    }

    private static double hi(Params p) {
        return p.has(HI.name()) ? HI.doubleValue(p) : Double.POSITIVE_INFINITY;
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Schema.DoubleField in = inputField(ctx);
        double lo = lo(ctx.params()), hi = hi(ctx.params());
        Pipeline p = new Pipeline(ctx);
        return p.output(p.input(0).map(SCHEMA, (e, out) -> out.set(CLIP, Math.min(Math.max(in.get(e), lo), hi))));
    }
}
