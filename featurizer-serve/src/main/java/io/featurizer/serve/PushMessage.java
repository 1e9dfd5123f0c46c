package io.featurizer.serve;

/**
 * One encoded vector, shared by every client of a {@link VectorView}: JSON as {@code text} and its UTF-8 {@code bytes},
 * or a binary frame ({@code text} null, see {@link VectorView} for the layout). Never changed once built.
 */
record PushMessage(long vector, String text, byte[] bytes) {
    boolean isBinary() {
        return text == null;
    }
}
