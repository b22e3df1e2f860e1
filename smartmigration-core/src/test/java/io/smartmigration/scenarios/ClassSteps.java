package io.smartmigration.scenarios;

import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationStep;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bson.Document;

/** Steps written as classes, two versions of the same step id, for checksum scenarios. */
final class ClassSteps {

    private ClassSteps() {
    }

    /** Step "c1" 1.0.0 -> 1.1.0 as first released. */
    static final class AddStatusV1 implements MigrationStep {
        public String id() {
            return "c1";
        }

        public String from() {
            return "1.0.0";
        }

        public String to() {
            return "1.1.0";
        }

        public void up(MigrationContext ctx) {
            ctx.log().info("adding status");
        }
    }

    /** Step "c1" with its code edited after it ran somewhere: same id and versions, other bytecode. */
    static final class AddStatusV2 implements MigrationStep {
        public String id() {
            return "c1";
        }

        public String from() {
            return "1.0.0";
        }

        public String to() {
            return "1.1.0";
        }

        public void up(MigrationContext ctx) {
            ctx.log().info("adding status, now with a default: {}", new Document("status", "active"));
        }
    }

    /** The SHA-256 of a class file as the class loader serves it, computed independently of the runner. */
    static String sha256Of(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }
}
