package io.featurizer.core.text;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known name closest to a misspelt one, for "did you mean ...?" in error messages. */
public final class NearestName {
    private NearestName() {
    }

    /**
     * The known name nearest to {@code wrong} by edit distance (insertions, deletions, substitutions and
     * swaps of adjacent letters, ignoring case), if it is close enough to be a likely typo: at most
     * one edit for short names, a third of the length for longer ones. Ties go to the first in order.
     */
    public static Optional<String> of(String wrong, Collection<String> known) {
        if (wrong == null || wrong.isEmpty()) {
            return Optional.empty();
        }
        String w = wrong.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(w, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(w.length(), best == null ? 0 : best.length()) / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** " did you mean 'x'?" or "" when no known name is close. */
    public static String suggestion(String wrong, Collection<String> known) {
        return of(wrong, known).map(n -> "; did you mean '" + n + "'?").orElse("");
    }

    /** Optimal string alignment distance. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
