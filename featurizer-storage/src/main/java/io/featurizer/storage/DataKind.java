package io.featurizer.storage;

/** What a stored block holds: a data source's events or a feature's outputs. Names the top folder of the layout. */
public enum DataKind {
    DATA_SOURCE("data_sources"),
    FEATURE("features");

    private final String folder;

    DataKind(String folder) {
        this.folder = folder;
    }

    /** The layout's top-level folder: {@code data_sources} or {@code features}. */
    public String folder() {
        return folder;
    }
}
