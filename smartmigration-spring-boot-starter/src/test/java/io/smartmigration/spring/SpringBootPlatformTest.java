package io.smartmigration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The starter is built and tested on what a Spring Boot 4 application runs, not on the versions
 * the rest of the build pins: the other tests of this module pass on these.
 */
@DisplayName("The starter's tests run on Spring Boot 4's platform")
class SpringBootPlatformTest {

    @Test
    @DisplayName("JUnit 6, as spring-boot-dependencies brings it")
    void junit6() {
        assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("6.");
    }

    @Test
    @DisplayName("MongoDB driver 5.6, with the core compiled against 5.2")
    void mongoDriver56() throws IOException, URISyntaxException {
        Path jar = Path.of(MongoClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile driver = new JarFile(jar.toFile())) {
            assertThat(driver.getManifest().getMainAttributes().getValue("Build-Version")).startsWith("5.6.");
        }
    }
}
