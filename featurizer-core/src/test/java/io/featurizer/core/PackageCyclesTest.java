package io.featurizer.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packages of core depend on each other without cycles (read from the imports of the main sources). */
class PackageCyclesTest {
    private static final Path ROOT = Path.of("src/main/java/io/featurizer/core");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.featurizer\\.core\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void corePackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = ROOT.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> targets = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        targets.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(uses.containsKey("graph") && uses.get("config").contains("graph"), "the scan sees the imports: " + uses);
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            findCycle(start, start, uses, new ArrayList<>(List.of(start)), cycles);
        }
        assertEquals(List.of(), cycles, "package cycles; dependencies: " + uses);
    }

    private static void findCycle(String start, String at, Map<String, Set<String>> uses, List<String> path, List<String> cycles) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (!path.contains(next) && next.compareTo(start) > 0) {
                path.add(next);
                findCycle(start, next, uses, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }
}
