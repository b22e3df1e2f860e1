package io.smartmigration.test.internal;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bson.BsonDocument;

/** Reads a fixture folder from the class path, from a directory or from inside a jar. */
public final class FixtureLoader {

    /** What a folder holds, before {@code Fixture} validates it. */
    public record Loaded(String name, String version, Map<String, List<BsonDocument>> collections,
                        List<LoadedObject> objects) {
    }

    /** One file under {@code s3/}. */
    public record LoadedObject(String key, byte[] content, String contentType) {
    }

    private FixtureLoader() {
    }

    public static Loaded read(String classpathFolder) {
        String folder = normalize(classpathFolder);
        URL url = locate(folder);
        if (url == null) {
            throw invalid("fixture folder '" + folder + "' is not on the class path: put it under src/test/resources/"
                    + folder + " with a 'version' file, mongo/<collection>.json and s3/<key> files");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs = jarFileSystem(uri);
                return read(folder, fs.provider().getPath(uri));
            }
            return read(folder, Path.of(uri));
        } catch (URISyntaxException | IOException e) {
            throw invalid("fixture folder '" + folder + "' (" + url + ") cannot be read: " + e);
        }
    }

    /** The folder's URL; found through its version file in jars written without directory entries. */
    private static URL locate(String folder) {
        URL url = classLoader().getResource(folder);
        if (url != null) {
            return url;
        }
        URL version = classLoader().getResource(folder + "/version");
        if (version == null) {
            return null;
        }
        String text = version.toString();
        try {
            return URI.create(text.substring(0, text.length() - "/version".length())).toURL();
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Loaded read(String name, Path root) throws IOException {
        Path versionFile = root.resolve("version");
        if (!Files.isRegularFile(versionFile)) {
            throw invalid("fixture folder '" + name + "' has no 'version' file: add " + name
                    + "/version holding its data version, for example 1.0.0");
        }
        String version = Files.readString(versionFile, StandardCharsets.UTF_8).trim();
        Map<String, List<BsonDocument>> collections = new TreeMap<>();
        Path mongo = root.resolve("mongo");
        if (Files.isDirectory(mongo)) {
            try (Stream<Path> files = Files.list(mongo)) {
                for (Path file : files.sorted().toList()) {
                    String fileName = file.getFileName().toString();
                    if (isIgnored(fileName)) {
                        continue;
                    }
                    if (!fileName.endsWith(".json") || !Files.isRegularFile(file)) {
                        throw invalid("fixture '" + name + "': mongo/" + fileName + " is not a <collection>.json file:"
                                + " put each collection in mongo/<collection>.json as an Extended JSON array");
                    }
                    String collection = fileName.substring(0, fileName.length() - ".json".length());
                    String where = "fixture '" + name + "': mongo/" + fileName;
                    try {
                        collections.put(collection, Json.parseArray(Files.readString(file, StandardCharsets.UTF_8), where));
                    } catch (IllegalArgumentException e) {
                        throw invalid(e.getMessage());
                    }
                }
            }
        }
        List<LoadedObject> objects = new ArrayList<>();
        Path s3 = root.resolve("s3");
        if (Files.isDirectory(s3)) {
            try (Stream<Path> files = Files.walk(s3)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    if (isIgnored(file.getFileName().toString())) {
                        continue;
                    }
                    String key = keyOf(s3, file);
                    objects.add(new LoadedObject(key, Files.readAllBytes(file), ContentTypes.guess(key)));
                }
            }
        }
        return new Loaded(name, version, collections, objects);
    }

    private static String keyOf(Path s3Root, Path file) {
        StringBuilder key = new StringBuilder();
        for (Path part : s3Root.relativize(file)) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(part.toString());
        }
        return key.toString();
    }

    private static boolean isIgnored(String fileName) {
        return fileName.equals(".gitkeep") || fileName.equals(".DS_Store");
    }

    private static FileSystem jarFileSystem(URI uri) throws IOException {
        try {
            return FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
            try {
                return FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException raced) {
                return FileSystems.getFileSystem(uri);
            }
        }
    }

    private static String normalize(String folder) {
        if (folder == null || folder.isBlank()) {
            throw invalid("fixture folder is blank: pass a classpath folder such as \"fixtures/1.0.0\"");
        }
        String f = folder.strip();
        while (f.startsWith("/")) {
            f = f.substring(1);
        }
        while (f.endsWith("/")) {
            f = f.substring(0, f.length() - 1);
        }
        return f;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : FixtureLoader.class.getClassLoader();
    }

    private static SmartMigrationException invalid(String message) {
        return new SmartMigrationException(ErrorCode.INVALID_CONFIG, message);
    }
}
