package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void columnsAreAsWideAsTheirWidestCellAndAMissingCellIsADash() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Table table =
        new Table("STEP", "STATUS", "DONE").row("inspect", "SUCCESS", 3).row("a", null, "");

    table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("STEP     STATUS   DONE\ninspect  SUCCESS  3\na        -\n");
  }

  @Test
  void aRowOfTheWrongLengthIsRefused() {
    Table table = new Table("A", "B");

    assertThatThrownBy(() -> table.row("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row of [A, B] has 2 cells, not 1");
  }

  @Test
  void timesArePrintedToTheSecondInUtc() {
    assertThat(Table.time(Instant.parse("2024-01-05T14:03:22.923Z")))
        .isEqualTo("2024-01-05 14:03:22Z");
    assertThat(Table.time(null)).isNull();
  }
}
