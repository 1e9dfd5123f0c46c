package io.featurizer.storage.store;

import io.featurizer.storage.StorageLayout;

/** Key and prefix checks shared by the stores. */
final class StoreKeys {
    private StoreKeys() {
    }

    /**
     * {@link StorageLayout#checkKey} plus one rule of the stores: a file name shaped like our temp files
     * ({@code .name.tmp}) is reserved, as such files are never listed.
     */
    static String checkKey(String key) {
        StorageLayout.checkKey(key);
        if (isTempName(key.substring(key.lastIndexOf('/') + 1))) {
            throw new IllegalArgumentException("storage key '" + key + "' ends in a name reserved for temp files ('.' ... '"
                    + AtomicFiles.TEMP_SUFFIX + "')");
        }
        return key;
    }

    /**
     * Returns a list prefix if it is empty or a relative '/'-separated path whose segments are neither
     * '.' nor '..' (only the last one may be empty, as in {@code "data_sources/"}).
     */
    static String checkPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("storage prefix is null: expected \"\" or a relative '/'-separated path");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        if (prefix.startsWith("/") || prefix.indexOf('\\') >= 0 || prefix.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("storage prefix '" + prefix + "' is not a relative '/'-separated path");
        }
        String[] parts = prefix.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if ((part.isEmpty() && !last) || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("storage prefix '" + prefix + "' has an empty, '.' or '..' segment");
            }
        }
        return prefix;
    }

    /** Whether a file name is one of our in-progress temp files (never a stored key). */
    static boolean isTempName(String fileName) {
        return fileName.startsWith(".") && fileName.endsWith(AtomicFiles.TEMP_SUFFIX);
    }
}
