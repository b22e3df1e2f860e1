package io.smartmigration.test.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of libraries on the class path, from their Maven {@code pom.properties}, for the log. */
final class ArtifactVersions {

    private ArtifactVersions() {
    }

    static String of(String groupId, String artifactId) {
        String path = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = ArtifactVersions.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return "(version unknown)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            return "(version unknown)";
        }
    }
}
