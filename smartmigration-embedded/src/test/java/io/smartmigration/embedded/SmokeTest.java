package io.smartmigration.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class SmokeTest {
  @Test void both() {
    try (EmbeddedS3 s = EmbeddedS3.inMemory(); S3Client c = s.newClient()) {
      s.createBucket("bucket-one");
      System.out.println("BUCKETS " + c.listBuckets().buckets());
      c.createBucket(b -> b.bucket("bucket-two"));
      System.out.println("BUCKETS " + c.listBuckets().buckets());
      c.putObject(b -> b.bucket("bucket-two").key("k"), RequestBody.fromString("hi"));
      assertThat(c.getObjectAsBytes(b -> b.bucket("bucket-two").key("k")).asUtf8String()).isEqualTo("hi");
    }
  }
}
