package io.smartmigration;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.embedded.EmbeddedS3;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("An application with only the AWS SDK on its class path")
class S3OnlyClassPathTest {

    @Test
    @Timeout(60)
    @DisplayName("GIVEN no Mongo driver (no org.bson) on the class path THEN an S3-only migration with a fresh-install"
            + " stamp, a resumable step and its object batches runs, with the ledger in S3")
    void runsWithoutTheMongoDriver() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String path = entry.replace(File.separatorChar, '/');
            if (!path.contains("/org/mongodb/") && !path.contains("/de/bwaldvogel/")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        try (EmbeddedS3 server = EmbeddedS3.inMemory();
             URLClassLoader withoutMongo = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            String bucket = server.createBucket("s3-only");
            Class<?> app = Class.forName(S3OnlyApp.class.getName(), true, withoutMongo);

            Object outcome = app.getMethod("migrate", String.class, String.class, String.class, String.class)
                    .invoke(null, server.endpoint().toString(), EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY, bucket);

            assertThat(app.getClassLoader()).isSameAs(withoutMongo);
            assertThat(outcome).isEqualTo("FRESH_INSTALL MIGRATED 5 1.1.0 2");
        }
    }
}
