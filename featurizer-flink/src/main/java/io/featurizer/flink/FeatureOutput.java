package io.featurizer.flink;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One output of a feature, with the position of the input that produced it (DESIGN.md section 7), with the project's own
 * serializer ({@link RecordSerializers}).
 * A group also sends one {@link #DATA_END} record when its inputs end: the last input time in the run's range, the
 * label's horizon.
 */
@TypeInfo(RecordSerializers.FeatureOutputInfo.class)
public class FeatureOutput {
    /** {@link #feature} of a group's data-end record. */
    public static final int DATA_END = -1;

    /** Output index ({@link FlinkPlan#outputs()}), or {@link #DATA_END}. */
    public int feature;
    public long inputTime;
    public long inputOrder;
    /** The output event in {@link EventBytes} form. */
    public byte[] event;

    public FeatureOutput() {
    }

    FeatureOutput(int feature, long inputTime, long inputOrder, byte[] event) {
        this.feature = feature;
        this.inputTime = inputTime;
        this.inputOrder = inputOrder;
        this.event = event;
    }
}
