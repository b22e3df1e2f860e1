package io.smartmigration.internal.ops;

import io.smartmigration.MigrationStep;
import io.smartmigration.spi.DelegatingStep;
import io.smartmigration.internal.InlineStep;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The checksum recorded in history for a step written as a class: the SHA-256 (lower-case hex) of
 * the step class's bytecode, read from its class loader. Only the step's own class is hashed, not
 * the classes it calls. Steps declared with the builder ({@link InlineStep}) and classes whose
 * bytecode cannot be read (generated or hidden classes) have none. Computed once per class.
 */
public final class StepChecksums {

    private static final ClassValue<Optional<String>> CACHE = new ClassValue<>() {
        @Override
        protected Optional<String> computeValue(Class<?> type) {
            return compute(type);
        }
    };

    private StepChecksums() {
    }

    /** The checksum of the step's class; empty for builder-declared steps and unreadable classes. */
    public static Optional<String> of(MigrationStep step) {
        while (step instanceof DelegatingStep wrapper) {
            step = wrapper.delegate();
        }
        if (step instanceof InlineStep) {
            return Optional.empty();
        }
        return CACHE.get(step.getClass());
    }

    /** The SHA-256 of a class's bytecode as its class loader serves it; empty when it cannot be read. */
    public static Optional<String> compute(Class<?> type) {
        if (type.isHidden()) {
            return Optional.empty();
        }
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return Optional.of(HexFormat.of().formatHex(sha256.digest(in.readAllBytes())));
        } catch (IOException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }
}
