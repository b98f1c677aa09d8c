package org.rhythm.adapter.amqp.celery.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;

/** The revoke broadcast against the sample of celery-wire.md §3.1, both ways. */
class RevocationCodecTest {
  private static final String ID = "04351302-768f-4151-bc8f-bbda7489a69c";
  private static final String SAMPLE =
      "{\"method\": \"revoke\", \"arguments\": {\"task_id\": \""
          + ID
          + "\", \"terminate\": true,"
          + " \"signal\": \"SIGTERM\"}, \"destination\": null, \"pattern\": null, \"matcher\":"
          + " null}";

  @Test
  void theBodyIsCelerysByteForByte() {
    CeleryMessage message = RevocationCodec.encode(TaskId.of(ID), 1, 1795518913.8873987);

    assertThat(new String(message.body(), UTF_8)).isEqualTo(SAMPLE);
    assertThat(message.body()).hasSize(181);
  }

  @Test
  void thePropertiesAndHeadersAreCelerys() {
    AMQP.BasicProperties properties =
        RevocationCodec.encode(TaskId.of(ID), 7, 1000.25).properties();

    assertThat(properties.getContentType()).isEqualTo("application/json");
    assertThat(properties.getContentEncoding()).isEqualTo("utf-8");
    assertThat(properties.getDeliveryMode()).isEqualTo(2);
    assertThat(properties.getPriority()).isEqualTo(0);
    assertThat(properties.getCorrelationId()).isNull();
    assertThat(properties.getReplyTo()).isNull();
    assertThat(new ArrayList<>(properties.getHeaders().keySet()))
        .containsExactly("clock", "expires");
    assertThat(properties.getHeaders().get("clock")).isEqualTo(7);
    assertThat(properties.getHeaders().get("expires")).isEqualTo(1001.25);
  }

  @Test
  void aRevocationForEveryNodeIsHeard() {
    assertThat(RevocationCodec.revokedFor("rhythm@h", SAMPLE.getBytes(UTF_8)))
        .containsExactly(TaskId.of(ID));
  }

  @Test
  void aListOfTaskIdsIsHeardWhole() {
    String body =
        "{\"method\": \"revoke\", \"arguments\": {\"task_id\": [\"a\", \"b\"]}, \"destination\":"
            + " null}";

    assertThat(RevocationCodec.revokedFor("rhythm@h", body.getBytes(UTF_8)))
        .containsExactly(TaskId.of("a"), TaskId.of("b"));
  }

  @Test
  void aDestinationThatListsOtherNodesLeavesThisOneOut() {
    String body =
        "{\"method\": \"revoke\", \"arguments\": {\"task_id\": \"a\"}, \"destination\":"
            + " [\"w1@vm\"]}";

    assertThat(RevocationCodec.revokedFor("rhythm@h", body.getBytes(UTF_8))).isEmpty();
    assertThat(RevocationCodec.revokedFor("w1@vm", body.getBytes(UTF_8)))
        .containsExactly(TaskId.of("a"));
  }

  @Test
  void aGlobPatternSelectsNodes() {
    String body =
        "{\"method\": \"revoke\", \"arguments\": {\"task_id\": \"a\"}, \"destination\": null,"
            + " \"pattern\": \"rhythm@*\", \"matcher\": null}";

    assertThat(RevocationCodec.revokedFor("rhythm@h", body.getBytes(UTF_8))).hasSize(1);
    assertThat(RevocationCodec.revokedFor("w1@vm", body.getBytes(UTF_8))).isEmpty();
  }

  @Test
  void otherCommandsAreIgnored() {
    String hello =
        "{\"method\": \"hello\", \"arguments\": {\"from_node\": \"w2@vm\", \"revoked\": {}},"
            + " \"destination\": null, \"pattern\": null, \"matcher\": null}";

    assertThat(RevocationCodec.revokedFor("rhythm@h", hello.getBytes(UTF_8))).isEmpty();
  }

  @Test
  void aBodyThatIsNoCommandIsRefused() {
    assertThatThrownBy(() -> RevocationCodec.revokedFor("n", "[1]".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a control message is a JSON object, not array");
  }

  @Test
  void aRevokeWithoutTaskIdsIsRefused() {
    String body = "{\"method\": \"revoke\", \"arguments\": {}}";

    assertThatThrownBy(() -> RevocationCodec.revokedFor("n", body.getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task_id is a string or a list of strings");
  }

  @Test
  void revokedIdsAreImmutable() {
    List<TaskId> revoked = RevocationCodec.revokedFor("n", SAMPLE.getBytes(UTF_8));

    assertThatThrownBy(() -> revoked.add(TaskId.of("x")))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
