package io.smartmigration.test;

import io.smartmigration.test.internal.ServerKind;
import io.smartmigration.test.internal.Server;
import io.smartmigration.test.internal.Settings;
import io.smartmigration.test.internal.ArtifactVersions;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Testcontainers 2: MongoDB started as a single-node replica set (sessions and transactions work;
 * 2.x's {@code MongoDBContainer} is a standalone server unless asked), LocalStack for S3. Only
 * reached once {@link DockerProbe} found an engine, so a machine without Docker never runs
 * Testcontainers' own probe (which logs an ERROR).
 */
final class ContainerBackend {

    private ContainerBackend() {
    }

    /** Whether Testcontainers can use the engine {@link DockerProbe} found. */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static Server<MongoClient> mongo(Settings settings) {
        String image = settings.get(Settings.MONGO_IMAGE).orElse(Settings.DEFAULT_MONGO_IMAGE);
        MongoDBContainer container = new MongoDBContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("mongo"))
                .withReplicaSet();
        container.start();
        String uri = container.getReplicaSetUrl("admin");
        MongoClient client = MongoClients.create(uri);
        return new Server<>(ServerKind.CONTAINERS, "Testcontainers MongoDB " + image + " ("
                + ArtifactVersions.serverVersion(client) + ", replica set) at " + uri,
                client, Server.all(client, container));
    }

    static Server<S3Client> s3(Settings settings) {
        String image = settings.get(Settings.LOCALSTACK_IMAGE).orElse(Settings.DEFAULT_LOCALSTACK_IMAGE);
        LocalStackContainer container = new LocalStackContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                .withServices("s3");
        container.start();
        S3Client client = S3Client.builder()
                .endpointOverride(container.getEndpoint())
                .region(Region.of(container.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey())))
                .forcePathStyle(true)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new S3WriteCounting()))
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
        return new Server<>(ServerKind.CONTAINERS, "Testcontainers LocalStack " + image + " (S3) at "
                + container.getEndpoint(), client, Server.all(client, container));
    }
}
