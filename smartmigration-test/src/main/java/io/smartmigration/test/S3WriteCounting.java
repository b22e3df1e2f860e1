package io.smartmigration.test;

import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.PutObjectAclRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.RestoreObjectRequest;

/**
 * Counts the S3 writes a probed step's handler makes, for crash points after the n-th write:
 * an interceptor on every S3 client the toolkit creates tells the {@link StepProbe} of the
 * handler running on the current thread once a write has reached the store. (An interceptor
 * rather than a proxy of {@code S3Client}: generating a proxy of that interface takes seconds.)
 * The ledger's own keys under {@code .smartmigration/} are not counted.
 */
final class S3WriteCounting implements ExecutionInterceptor {

    private static final ThreadLocal<StepProbe> CURRENT = new ThreadLocal<>();
    private static final List<Class<? extends SdkRequest>> WRITES = List.of(PutObjectRequest.class, CopyObjectRequest.class,
            DeleteObjectRequest.class, DeleteObjectsRequest.class, CompleteMultipartUploadRequest.class,
            PutObjectTaggingRequest.class, DeleteObjectTaggingRequest.class, PutObjectAclRequest.class,
            RestoreObjectRequest.class);

    /** Runs {@code body} with the current thread's S3 writes reported to {@code probe}. */
    static void tracking(StepProbe probe, ThrowingRunnable body) throws Exception {
        StepProbe previous = CURRENT.get();
        CURRENT.set(probe);
        try {
            body.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** A step body. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        StepProbe probe = CURRENT.get();
        SdkRequest request = context.request();
        if (probe == null || WRITES.stream().noneMatch(type -> type.isInstance(request))) {
            return;
        }
        String key = key(request);
        if (key.startsWith(SnapshotReader.LEDGER_PREFIX)) {
            return;
        }
        probe.wrote("S3 " + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + (key.isEmpty() ? "" : " " + key));
    }

    private static String key(SdkRequest request) {
        Function<String, String> orEmpty = k -> k == null ? "" : k;
        if (request instanceof PutObjectRequest r) {
            return orEmpty.apply(r.key());
        }
        if (request instanceof CopyObjectRequest r) {
            return orEmpty.apply(r.destinationKey());
        }
        if (request instanceof DeleteObjectRequest r) {
            return orEmpty.apply(r.key());
        }
        return "";
    }
}
