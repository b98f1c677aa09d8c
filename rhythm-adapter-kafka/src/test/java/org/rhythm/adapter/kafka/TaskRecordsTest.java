package org.rhythm.adapter.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.MalformedMessageException;
import org.rhythm.ports.out.TaskMessage;

class TaskRecordsTest {
  private static final int MAX = 1 << 20;

  private static final TaskMessage MESSAGE =
      new TaskMessage(
          TaskId.of("dce7c00f-bd1a-4b8a-8274-9f5c749403e6"),
          "tasks.add",
          "q1",
          List.of(2L, 3L),
          Map.of("z", "ü", "workflow_id", "6f1e4a6c-3b1b-4c57-9a4e-1f8f0d1f2a11"),
          new TaskPriority(5),
          1);

  @Test
  void theValueIsCeleryProtocolTwoBodyAndTheHeadersCarryTheRest() {
    ProducerRecord<String, byte[]> record = TaskRecords.encode("t", single("z", "ü"));

    assertThat(new String(record.value(), UTF_8))
        .isEqualTo(
            "[[2, 3], {\"z\": \"\\u00fc\"}, "
                + "{\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]");
    assertThat(headers(record))
        .containsExactly(
            "content_type=application/json",
            "task=tasks.add",
            "id=dce7c00f-bd1a-4b8a-8274-9f5c749403e6",
            "retries=1",
            "priority=5");
  }

  @Test
  void theKeyIsTheWorkflowIdElseTheTaskId() {
    ProducerRecord<String, byte[]> ofWorkflow = TaskRecords.encode("t", MESSAGE);
    ProducerRecord<String, byte[]> alone = TaskRecords.encode("t", single("z", "ü"));

    assertThat(ofWorkflow.key()).isEqualTo("6f1e4a6c-3b1b-4c57-9a4e-1f8f0d1f2a11");
    assertThat(alone.key()).isEqualTo("dce7c00f-bd1a-4b8a-8274-9f5c749403e6");
  }

  @Test
  void aDecodedRecordEqualsTheEncodedMessage() {
    ProducerRecord<String, byte[]> sent = TaskRecords.encode("t", MESSAGE);

    TaskMessage decoded = TaskRecords.decode("q1", consumed(sent.value(), sent.headers()), MAX);

    assertThat(decoded).isEqualTo(MESSAGE);
  }

  @Test
  void aRecordThatIsNotJsonIsMalformedAndSaysWhy() {
    ConsumerRecord<String, byte[]> record = consumed("not json".getBytes(UTF_8), celeryHeaders());

    assertThatThrownBy(() -> TaskRecords.decode("q1", record, MAX))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("t-0@7 is not a task message: its value is not JSON");
  }

  @Test
  void aTwoElementBodyIsMalformed() {
    ConsumerRecord<String, byte[]> record =
        consumed("[[1, 2], {}]".getBytes(UTF_8), celeryHeaders());

    assertThatThrownBy(() -> TaskRecords.decode("q1", record, MAX))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("3-element body");
  }

  @Test
  void aRecordWithoutTaskHeaderIsMalformed() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("id", "x".getBytes(UTF_8));
    ConsumerRecord<String, byte[]> record = consumed("[[], {}, {}]".getBytes(UTF_8), headers);

    assertThatThrownBy(() -> TaskRecords.decode("q1", record, MAX))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("it has no 'task' header");
  }

  @Test
  void anotherContentTypeIsRefused() {
    RecordHeaders headers = celeryHeaders();
    headers.remove("content_type");
    headers.add("content_type", "application/x-python-serialize".getBytes(UTF_8));
    ConsumerRecord<String, byte[]> record = consumed("[[], {}, {}]".getBytes(UTF_8), headers);

    assertThatThrownBy(() -> TaskRecords.decode("q1", record, MAX))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("content type is 'application/x-python-serialize'");
  }

  @Test
  void anOversizedRecordIsMalformed() {
    ConsumerRecord<String, byte[]> record = consumed(new byte[2048], celeryHeaders());

    assertThatThrownBy(() -> TaskRecords.decode("q1", record, 1024))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("2048 bytes, more than the 1024 allowed");
  }

  @Test
  void aCopyKeepsKeyValueAndHeadersAndReplacesTheNamedHeader() {
    ProducerRecord<String, byte[]> sent = TaskRecords.encode("t", MESSAGE);
    ConsumerRecord<String, byte[]> first = consumed(sent.value(), sent.headers());

    ProducerRecord<String, byte[]> copy =
        TaskRecords.copy("t", first, TaskRecords.REDELIVERED, "true");

    assertThat(copy.key()).isEqualTo(first.key());
    assertThat(copy.value()).isEqualTo(sent.value());
    assertThat(TaskRecords.isRedelivered(consumed(copy.value(), copy.headers()))).isTrue();
    assertThat(TaskRecords.isRedelivered(first)).isFalse();
  }

  private static TaskMessage single(String key, String value) {
    return new TaskMessage(
        MESSAGE.taskId(),
        MESSAGE.task(),
        MESSAGE.queue(),
        MESSAGE.args(),
        Map.of(key, value),
        MESSAGE.priority(),
        MESSAGE.retries());
  }

  private static RecordHeaders celeryHeaders() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("content_type", "application/json".getBytes(UTF_8));
    headers.add("task", "tasks.add".getBytes(UTF_8));
    headers.add("id", "dce7c00f-bd1a-4b8a-8274-9f5c749403e6".getBytes(UTF_8));
    return headers;
  }

  private static ConsumerRecord<String, byte[]> consumed(byte[] value, Iterable<Header> headers) {
    RecordHeaders copy = new RecordHeaders();
    headers.forEach(copy::add);
    return new ConsumerRecord<>(
        "t",
        0,
        7L,
        0L,
        TimestampType.CREATE_TIME,
        0,
        value.length,
        "k",
        value,
        copy,
        java.util.Optional.empty());
  }

  private static List<String> headers(ProducerRecord<String, byte[]> record) {
    return java.util.stream.StreamSupport.stream(record.headers().spliterator(), false)
        .map(h -> h.key() + "=" + new String(h.value(), UTF_8))
        .toList();
  }
}
