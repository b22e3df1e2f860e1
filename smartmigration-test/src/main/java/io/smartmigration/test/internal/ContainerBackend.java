package io.smartmigration.test.internal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Testcontainers: MongoDB as a single-node replica set, LocalStack for S3. */
final class ContainerBackend {

    private ContainerBackend() {
    }

    private static volatile Boolean docker;

    /**
     * Whether a Docker engine answers; asks Testcontainers (which looks at every usual place) once
     * per JVM, as the probe takes about a second when nothing answers.
     */
    static boolean dockerAvailable() {
        Boolean known = docker;
        if (known == null) {
            synchronized (ContainerBackend.class) {
                if (docker == null) {
                    try {
                        docker = DockerClientFactory.instance().isDockerAvailable();
                    } catch (RuntimeException | LinkageError e) {
                        docker = false;
                    }
                }
                known = docker;
            }
        }
        return known;
    }

    static Server<MongoClient> mongo(Settings settings) {
        String image = settings.get(Settings.MONGO_IMAGE).orElse(Settings.DEFAULT_MONGO_IMAGE);
        MongoDBContainer container = new MongoDBContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("mongo"));
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
                .withServices(LocalStackContainer.Service.S3);
        container.start();
        S3Client client = S3Client.builder()
                .endpointOverride(container.getEndpointOverride(LocalStackContainer.Service.S3))
                .region(Region.of(container.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey())))
                .forcePathStyle(true)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new S3WriteCounting()))
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
        return new Server<>(ServerKind.CONTAINERS, "Testcontainers LocalStack " + image + " (S3) at "
                + container.getEndpointOverride(LocalStackContainer.Service.S3), client, Server.all(client, container));
    }
}
