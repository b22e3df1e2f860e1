package io.smartmigration.test.internal;

import com.mongodb.client.MongoClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;

/** Versions of the servers and libraries in use, for the log line that names the backend. */
public final class ArtifactVersions {

    private static final String UNKNOWN = "(version unknown)";
    private static final Pattern JAR_VERSION = Pattern.compile("-(\\d+(?:\\.\\d+)+(?:[.-][A-Za-z0-9]+)*)\\.jar$");

    private ArtifactVersions() {
    }

    /** From the artifact's {@code pom.properties}, else from the name of the jar holding {@code className}. */
    public static String of(String groupId, String artifactId, String className) {
        String path = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = ArtifactVersions.class.getClassLoader().getResourceAsStream(path)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", UNKNOWN);
            }
        } catch (IOException e) {
            // fall through to the jar name
        }
        try {
            Class<?> type = Class.forName(className, false, ArtifactVersions.class.getClassLoader());
            String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
            Matcher m = JAR_VERSION.matcher(location);
            return m.find() ? m.group(1) : UNKNOWN;
        } catch (ClassNotFoundException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** The MongoDB version the server reports (buildInfo), for the log. */
    public static String serverVersion(MongoClient client) {
        try {
            Document info = client.getDatabase("admin").runCommand(new Document("buildInfo", 1));
            Object version = info.get("version");
            return version == null ? UNKNOWN : "MongoDB " + version;
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }
}
