package io.featurizer.storage.store;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a data store from a location string:
 * <ul>
 *   <li>a plain path or {@code file:/path}: a {@link LocalDataStore};</li>
 *   <li>{@code s3://bucket[/prefix][?endpoint=http://127.0.0.1:9000&region=us-east-1&path_style=true
 *       &access_key=..&secret_key=..&cache=/path]}: an {@link S3DataStore}. Credentials come from the query,
 *       else from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else the AWS SDK's default chain; the region from
 *       the query, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1.</li>
 * </ul>
 */
public final class DataStores {
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final Set<String> S3_PARAMS = Set.of("endpoint", "region", "path_style", "access_key", "secret_key", "cache");
    private static final String EXPECTED = "expected a path, file:/path or s3://bucket[/prefix][?endpoint=http://host:port&region=..]";

    private DataStores() {
    }

    /** Opens the store at {@code location}, reading credentials and region from the process environment. */
    public static DataStoreAdapter open(String location) throws IOException {
        return open(location, System.getenv());
    }

    /** Opens the store at {@code location}, reading AWS_* variables from {@code environment}. */
    public static DataStoreAdapter open(String location, Map<String, String> environment) throws IOException {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("storage location is empty: " + EXPECTED);
        }
        Matcher scheme = SCHEME.matcher(location);
        // a one-letter "scheme" is a Windows drive (C:\data), so a path
        if (!scheme.find() || scheme.group(1).length() == 1) {
            return new LocalDataStore(path(location));
        }
        return switch (scheme.group(1).toLowerCase(Locale.ROOT)) {
            case "file" -> new LocalDataStore(fileUri(location));
            case "s3" -> s3(location, environment);
            default -> throw new IllegalArgumentException("storage location '" + redact(location) + "' has the unsupported scheme '"
                    + scheme.group(1) + "': " + EXPECTED);
        };
    }

    private static Path path(String location) {
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("storage location '" + location + "' is not a valid path (" + e.getMessage() + "): " + EXPECTED, e);
        }
    }

    private static Path fileUri(String location) {
        try {
            return Path.of(new URI(location));
        } catch (Exception e) { // URISyntaxException, or Path.of's IllegalArgumentException for file:relative or file://host/x
            throw new IllegalArgumentException("storage location '" + location + "' is not an absolute local file URI ("
                    + e.getMessage() + "): expected file:/path or file:///path", e);
        }
    }

    private static DataStoreAdapter s3(String location, Map<String, String> environment) throws IOException {
        if (!location.regionMatches(true, 0, "s3://", 0, 5)) {
            throw new IllegalArgumentException("storage location '" + redact(location) + "': expected s3://bucket[/prefix][?params]");
        }
        String rest = location.substring(5);
        int question = rest.indexOf('?');
        String path = question < 0 ? rest : rest.substring(0, question);
        Map<String, String> params = query(question < 0 ? "" : rest.substring(question + 1), location);
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("storage location '" + redact(location) + "' names no bucket: expected s3://bucket[/prefix]");
        }
        S3DataStore.Builder builder = S3DataStore.builder().bucket(bucket).prefix(slash < 0 ? "" : path.substring(slash + 1));
        String endpoint = params.get("endpoint");
        if (endpoint != null) {
            builder.endpoint(endpoint(endpoint, location));
        }
        String region = firstOf(params.get("region"), environment.get("AWS_REGION"), environment.get("AWS_DEFAULT_REGION"));
        if (region != null) {
            builder.region(region);
        }
        String pathStyle = params.get("path_style");
        if (pathStyle != null) {
            if (!pathStyle.equals("true") && !pathStyle.equals("false")) {
                throw new IllegalArgumentException("storage location '" + redact(location) + "': path_style='" + pathStyle
                        + "', expected true or false");
            }
            builder.pathStyle(Boolean.parseBoolean(pathStyle));
        }
        String accessKey = params.get("access_key");
        String secretKey = params.get("secret_key");
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("storage location '" + redact(location)
                    + "': expected both access_key and secret_key in the query, or neither");
        }
        if (accessKey == null) {
            accessKey = environment.get("AWS_ACCESS_KEY_ID");
            secretKey = environment.get("AWS_SECRET_ACCESS_KEY");
        }
        if (accessKey != null && secretKey != null) {
            builder.credentials(accessKey, secretKey);
        }
        String cache = params.get("cache");
        if (cache != null) {
            builder.cacheDir(path(cache));
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("storage location '" + redact(location) + "': " + e.getMessage(), e);
        }
    }

    private static Map<String, String> query(String query, String location) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!S3_PARAMS.contains(name)) {
                throw new IllegalArgumentException("storage location '" + redact(location) + "' has the unknown parameter '" + name
                        + "': expected some of " + new TreeSet<>(S3_PARAMS));
            }
            if (eq < 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("storage location '" + redact(location) + "': parameter '" + name + "' has no value");
            }
            if (params.put(name, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)) != null) {
                throw new IllegalArgumentException("storage location '" + redact(location) + "': parameter '" + name + "' is given twice");
            }
        }
        return params;
    }

    private static URI endpoint(String endpoint, String location) {
        try {
            URI uri = new URI(endpoint);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("storage location '" + redact(location) + "': endpoint '" + endpoint
                + "' is not an http(s)://host[:port] URL");
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** The location as it may appear in a message: without the secret key. */
    static String redact(String location) {
        return location.replaceAll("(?i)(secret_key=)[^&]*", "$1***");
    }
}
