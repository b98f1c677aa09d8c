package org.rhythm.adapter.amqp.celery.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.ContentHeaderPropertyWriter;
import com.rabbitmq.client.impl.LongStringHelper;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.MalformedMessageException;
import org.rhythm.ports.out.TaskMessage;

/** Task messages against the samples of celery-wire.md §1, both ways. */
class CeleryMessageCodecTest {
  private static final String ID = "dce7c00f-bd1a-4b8a-8274-9f5c749403e6";
  private static final String REPLY_TO = "26411d10-dec5-3c10-85e7-73e19005ee76";
  private static final List<String> CELERY_HEADER_ORDER =
      List.of(
          "lang",
          "task",
          "id",
          "shadow",
          "eta",
          "expires",
          "group",
          "group_index",
          "retries",
          "timelimit",
          "root_id",
          "parent_id",
          "argsrepr",
          "kwargsrepr",
          "origin",
          "ignore_result");
  private static final int MAX = 1 << 20;

  /** {@code app.send_task('tasks.add', args=[2, 3], kwargs={'z': 'ü'}, queue='q1', priority=5)}. */
  private static final TaskMessage SAMPLE =
      new TaskMessage(
          TaskId.of(ID),
          "tasks.add",
          "q1",
          List.of(2, 3),
          Map.of("z", "ü"),
          new TaskPriority(5),
          0);

  @Test
  void theBodyIsCelerysByteForByte() {
    CeleryMessage message = CeleryMessageCodec.encode(SAMPLE, "gen18868@vm", REPLY_TO);

    assertThat(new String(message.body(), UTF_8))
        .isEqualTo(
            "[[2, 3], {\"z\": \"\\u00fc\"}, {\"callbacks\": null, \"errbacks\": null,"
                + " \"chain\": null, \"chord\": null}]");
    assertThat(message.body()).hasSize(94);
  }

  @Test
  void thePropertiesAreCelerys() {
    AMQP.BasicProperties properties =
        CeleryMessageCodec.encode(SAMPLE, "gen18868@vm", REPLY_TO).properties();

    assertThat(properties.getContentType()).isEqualTo("application/json");
    assertThat(properties.getContentEncoding()).isEqualTo("utf-8");
    assertThat(properties.getDeliveryMode()).isEqualTo(2);
    assertThat(properties.getPriority()).isEqualTo(5);
    assertThat(properties.getCorrelationId()).isEqualTo(ID);
    assertThat(properties.getReplyTo()).isEqualTo(REPLY_TO);
    assertThat(properties.getExpiration()).isNull();
    assertThat(properties.getMessageId()).isNull();
  }

  @Test
  void theHeadersAreCelerysInCelerysOrderWithCelerysTypes() {
    Map<String, Object> headers =
        CeleryMessageCodec.encode(SAMPLE, "gen18868@vm", REPLY_TO).properties().getHeaders();

    assertThat(new ArrayList<>(headers.keySet())).isEqualTo(CELERY_HEADER_ORDER);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("lang", "py");
    expected.put("task", "tasks.add");
    expected.put("id", ID);
    expected.put("shadow", null);
    expected.put("eta", null);
    expected.put("expires", null);
    expected.put("group", null);
    expected.put("group_index", null);
    expected.put("retries", 0);
    expected.put("timelimit", Arrays.asList(null, null));
    expected.put("root_id", ID);
    expected.put("parent_id", null);
    expected.put("argsrepr", "[2, 3]");
    expected.put("kwargsrepr", "{'z': 'ü'}");
    expected.put("origin", "gen18868@vm");
    expected.put("ignore_result", false);
    assertThat(headers).containsExactlyEntriesOf(expected);
    assertThat(headers.get("retries")).isInstanceOf(Integer.class);
    assertThat(headers.get("ignore_result")).isInstanceOf(Boolean.class);
  }

  @Test
  void theHeadersGoOnTheWireInCelerysOrder() throws IOException {
    AMQP.BasicProperties properties =
        CeleryMessageCodec.encode(SAMPLE, "gen18868@vm", REPLY_TO).properties();

    byte[] wire = wireBytes(properties);

    List<Integer> positions = new ArrayList<>();
    for (String name : CELERY_HEADER_ORDER) {
      positions.add(indexOf(wire, shortString(name)));
    }
    assertThat(positions).doesNotContain(-1).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void aRetryCarriesItsCount() {
    CeleryMessage message = CeleryMessageCodec.encode(SAMPLE.nextAttempt(), "o", REPLY_TO);

    assertThat(message.properties().getHeaders()).containsEntry("retries", 1);
  }

  @Test
  void anEncodedMessageDecodesToItself() {
    TaskMessage message =
        new TaskMessage(
            TaskId.of(ID),
            "rhythm.copy",
            "q1",
            Arrays.asList("a", 1.5, null, List.of(true)),
            Map.of("workflow_id", "w1", "nested", Map.of("k", List.of())),
            new TaskPriority(9),
            3);
    CeleryMessage encoded = CeleryMessageCodec.encode(message, "o", REPLY_TO);

    TaskMessage decoded =
        CeleryMessageCodec.decode("q1", encoded.properties(), encoded.body(), MAX);

    assertThat(decoded).isEqualTo(message);
  }

  @Test
  void aMessageFromPythonDecodesWithLongStringHeadersAndExtraOnesIgnored() {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("lang", LongStringHelper.asLongString("py"));
    headers.put("task", LongStringHelper.asLongString("tasks.add"));
    headers.put("id", LongStringHelper.asLongString(ID));
    headers.put("retries", 2);
    headers.put("timelimit", Arrays.asList(20, 10));
    headers.put("stamped_headers", List.of());
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .contentEncoding("utf-8")
            .headers(headers)
            .priority(0)
            .build();
    byte[] body = "[[1, 2], {\"n\": 2}, {}]".getBytes(UTF_8);

    TaskMessage decoded = CeleryMessageCodec.decode("q1", properties, body, MAX);

    assertThat(decoded)
        .isEqualTo(
            new TaskMessage(
                TaskId.of(ID),
                "tasks.add",
                "q1",
                List.of(1L, 2L),
                Map.of("n", 2L),
                new TaskPriority(0),
                2));
  }

  @Test
  void aTwoElementBodyIsMalformed() {
    assertThatThrownBy(() -> decode(json(), "[[1, 2], {}]"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("array of 2 elements");
  }

  @Test
  void aBodyThatIsNotJsonIsMalformed() {
    assertThatThrownBy(() -> decode(json(), "not json"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("body is not JSON");
  }

  @Test
  void picklesAreRefused() {
    AMQP.BasicProperties pickle =
        json().builder().contentType("application/x-python-serialize").build();

    assertThatThrownBy(() -> decode(pickle, "[[], {}, {}]"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("application/x-python-serialize (pickle) is refused");
  }

  @Test
  void yamlIsRefused() {
    AMQP.BasicProperties yaml = json().builder().contentType("application/x-yaml").build();

    assertThatThrownBy(() -> decode(yaml, "[[], {}, {}]"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("application/x-yaml (YAML) is refused");
  }

  @Test
  void argsThatAreNotAnArrayAreMalformed() {
    assertThatThrownBy(() -> decode(json(), "[{}, {}, {}]"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("args (body[0]) is not a JSON array but object");
  }

  @Test
  void kwargsThatAreNotAnObjectAreMalformed() {
    assertThatThrownBy(() -> decode(json(), "[[], [], {}]"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("kwargs (body[1]) is not a JSON object but array");
  }

  @Test
  void aMissingTaskHeaderIsMalformed() {
    AMQP.BasicProperties noTask = json().builder().headers(Map.of("id", ID)).build();

    assertThatThrownBy(() -> decode(noTask, "[[], {}, {}]"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("header 'task' is missing");
  }

  @Test
  void aMissingIdHeaderIsMalformed() {
    AMQP.BasicProperties noId = json().builder().headers(Map.of("task", "t")).build();

    assertThatThrownBy(() -> decode(noId, "[[], {}, {}]"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("header 'id' is missing");
  }

  @Test
  void aMessageOverTheMaximumSizeIsMalformed() {
    byte[] body = "[[], {}, {}]".getBytes(UTF_8);

    assertThatThrownBy(() -> CeleryMessageCodec.decode("q1", json(), body, 5))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("12 bytes is over the maximum of 5 bytes");
  }

  private static TaskMessage decode(AMQP.BasicProperties properties, String body) {
    return CeleryMessageCodec.decode("q1", properties, body.getBytes(UTF_8), MAX);
  }

  private static AMQP.BasicProperties json() {
    return new AMQP.BasicProperties.Builder()
        .contentType("application/json")
        .contentEncoding("utf-8")
        .headers(Map.of("task", "tasks.add", "id", ID))
        .build();
  }

  private static byte[] wireBytes(AMQP.BasicProperties properties) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    properties.writePropertiesTo(new ContentHeaderPropertyWriter(new DataOutputStream(bytes)));
    return bytes.toByteArray();
  }

  /** An AMQP short string as a field table writes a key: its length byte, then its bytes. */
  private static byte[] shortString(String name) {
    byte[] text = name.getBytes(UTF_8);
    byte[] encoded = new byte[text.length + 1];
    encoded[0] = (byte) text.length;
    System.arraycopy(text, 0, encoded, 1, text.length);
    return encoded;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
