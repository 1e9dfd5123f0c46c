package io.featurizer.serve;

/**
 * One encoded vector, shared by every client of a {@link VectorView}: either {@code text} (JSON) or {@code binary}
 * (see {@link VectorView} for the layout), never both. Immutable once built.
 */
record PushMessage(long vector, String text, byte[] binary) {
}
