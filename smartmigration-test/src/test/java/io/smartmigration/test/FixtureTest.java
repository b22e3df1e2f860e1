package io.smartmigration.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Fixture")
class FixtureTest {

    @Test
    @DisplayName("a fixture built in code holds its version, documents and objects, and every call returns a new fixture")
    void builtInCode() {
        Fixture empty = Fixture.at("1.0.0");
        Fixture full = empty.documents("users", Document.parse("{_id: 1}"))
                .documents("users", Document.parse("{_id: 2}"))
                .object("avatars/1.png", new byte[] {1}, "image/png", Map.of("owner", "ann"))
                .object("notes/a.json", "{}");

        assertThat(empty.isEmpty()).isTrue();
        assertThat(full.version()).isEqualTo("1.0.0");
        assertThat(full.name()).isEqualTo("fixture 1.0.0");
        assertThat(full.collections().get("users")).extracting(d -> d.get("_id")).containsExactly(1, 2);
        assertThat(full.objects()).extracting(Fixture.FixtureObject::key).containsExactly("avatars/1.png", "notes/a.json");
        assertThat(full.objects().get(0).metadata()).containsEntry("owner", "ann");
        assertThat(full.objects().get(1).contentType()).isEqualTo("application/json");
    }

    @Test
    @DisplayName("documents added to a fixture are copied: changing them afterwards does not change the fixture")
    void documentsAreCopied() {
        Document user = Document.parse("{_id: 1, name: 'ann'}");
        Fixture fixture = Fixture.at("1.0.0").documents("users", user);

        user.put("name", "changed");
        fixture.collections().get("users").get(0).put("name", "changed too");

        assertThat(fixture.collections().get("users").get(0).getString("name")).isEqualTo("ann");
    }

    @Test
    @DisplayName("load reads the version file, Extended JSON collections and S3 files with guessed content types")
    void loadsAClasspathFolder() {
        Fixture fixture = Fixture.load("fixtures/1.0.0");

        assertThat(fixture.name()).isEqualTo("fixtures/1.0.0");
        assertThat(fixture.version()).isEqualTo("1.0.0");
        assertThat(fixture.collections()).containsOnlyKeys("settings", "users");
        assertThat(fixture.collections().get("settings")).isEmpty();
        List<Document> users = fixture.collections().get("users");
        assertThat(users).hasSize(3);
        assertThat(users.get(0).get("joined")).isEqualTo(Date.from(java.time.Instant.parse("2024-01-02T03:04:05Z")));
        assertThat(users.get(1).get("visits")).isEqualTo(42L);
        assertThat(fixture.objects()).extracting(Fixture.FixtureObject::key, Fixture.FixtureObject::contentType)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("avatars/1.png", "image/png"),
                        org.assertj.core.groups.Tuple.tuple("docs/blob", "application/octet-stream"),
                        org.assertj.core.groups.Tuple.tuple("docs/readme.txt", "text/plain"));
        assertThat(new String(fixture.objects().get(2).content(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
    }

    @Test
    @DisplayName("load reads a fixture folder packaged inside a jar")
    void loadsFromAJar(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path jar = dir.resolve("fixtures.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            for (String[] entry : new String[][] {{"shared/2.0.0/version", "2.0.0"},
                    {"shared/2.0.0/mongo/users.json", "[{\"_id\": 7}]"}, {"shared/2.0.0/s3/a/b.json", "{}"}}) {
                out.putNextEntry(new java.util.jar.JarEntry(entry[0]));
                out.write(entry[1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            Thread.currentThread().setContextClassLoader(loader);
            Fixture fixture = Fixture.load("shared/2.0.0");

            assertThat(fixture.version()).isEqualTo("2.0.0");
            assertThat(fixture.collections().get("users")).extracting(d -> d.get("_id")).containsExactly(7);
            assertThat(fixture.objects()).extracting(Fixture.FixtureObject::key).containsExactly("a/b.json");
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    @DisplayName("load accepts a leading and a trailing slash")
    void loadNormalisesTheFolder() {
        assertThat(Fixture.load("/fixtures/1.0.0/").version()).isEqualTo("1.0.0");
    }

    @Test
    @DisplayName("a folder that is not on the class path is an INVALID_CONFIG that says where to put it")
    void missingFolder() {
        assertThatThrownBy(() -> Fixture.load("fixtures/9.9.9"))
                .isInstanceOf(SmartMigrationException.class)
                .hasMessageContaining("fixture folder 'fixtures/9.9.9' is not on the class path")
                .hasMessageContaining("src/test/resources/fixtures/9.9.9");
    }

    @Test
    @DisplayName("a folder without a version file is refused with the file to add")
    void missingVersionFile() {
        assertThatThrownBy(() -> Fixture.load("fixtures/no-version"))
                .isInstanceOf(SmartMigrationException.class)
                .hasMessageContaining("has no 'version' file: add fixtures/no-version/version");
    }

    @Test
    @DisplayName("a version file that is not strict SemVer is an INVALID_VERSION naming the fixture")
    void badVersion() {
        assertThatThrownBy(() -> Fixture.load("fixtures/bad-version"))
                .isInstanceOf(SmartMigrationException.class)
                .satisfies(e -> assertThat(((SmartMigrationException) e).code()).isEqualTo(ErrorCode.INVALID_VERSION))
                .hasMessageContaining("the version file of fixture 'fixtures/bad-version'")
                .hasMessageContaining("'v1.0'");
    }

    @Test
    @DisplayName("a collection file that is not an Extended JSON array names the file")
    void brokenJson() {
        assertThatThrownBy(() -> Fixture.load("fixtures/broken-json"))
                .isInstanceOf(SmartMigrationException.class)
                .hasMessageContaining("fixture 'fixtures/broken-json': mongo/users.json is not an Extended JSON array");
    }

    @Test
    @DisplayName("the ledger's collection and keys cannot be seeded as data")
    void ledgerStorageIsRefused() {
        assertThatThrownBy(() -> Fixture.at("1.0.0").documents("smartmigration_ledger", new Document()))
                .hasMessageContaining("seed the ledger with the fixture's version instead");
        assertThatThrownBy(() -> Fixture.at("1.0.0").object(".smartmigration/x", new byte[0], "text/plain"))
                .hasMessageContaining("outside .smartmigration/");
    }
}
