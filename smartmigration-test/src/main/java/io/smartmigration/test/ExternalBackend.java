package io.smartmigration.test;

import io.smartmigration.test.internal.ServerKind;
import io.smartmigration.test.internal.Server;
import io.smartmigration.test.internal.Settings;
import io.smartmigration.test.internal.ArtifactVersions;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Servers someone else runs, from {@link Settings#MONGO_URI} and {@link Settings#S3_ENDPOINT}. */
final class ExternalBackend {

    private ExternalBackend() {
    }

    static Optional<String> mongoUri(Settings settings) {
        return settings.get(Settings.MONGO_URI);
    }

    static Optional<String> s3Endpoint(Settings settings) {
        return settings.get(Settings.S3_ENDPOINT);
    }

    static Server<MongoClient> mongo(Settings settings) {
        String uri = mongoUri(settings).orElseThrow();
        MongoClient client = MongoClients.create(uri);
        return new Server<>(ServerKind.EXTERNAL, "external " + ArtifactVersions.serverVersion(client) + " at "
                + redact(uri), client, client);
    }

    static Server<S3Client> s3(Settings settings) {
        String endpoint = s3Endpoint(settings).orElseThrow();
        String region = settings.get(Settings.S3_REGION, "AWS_REGION", "AWS_DEFAULT_REGION").orElse("us-east-1");
        Optional<String> accessKey = settings.get(Settings.S3_ACCESS_KEY);
        Optional<String> secretKey = settings.get(Settings.S3_SECRET_KEY);
        AwsCredentialsProvider credentials = accessKey.isPresent() && secretKey.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey.get(), secretKey.get()))
                : DefaultCredentialsProvider.builder().build();
        S3Client client = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new S3WriteCounting()))
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
        return new Server<>(ServerKind.EXTERNAL, "external S3 at " + endpoint + " (region " + region + ")", client, client);
    }

    /** The URI without its password, for the log. */
    static String redact(String uri) {
        try {
            ConnectionString parsed = new ConnectionString(uri);
            if (parsed.getPassword() == null) {
                return uri;
            }
            return uri.replace(new String(parsed.getPassword()), "****");
        } catch (RuntimeException e) {
            return "(unparseable URI)";
        }
    }
}
