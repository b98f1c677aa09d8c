package org.rhythm.domain.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkflowSpecTest {
  private static final StepSpec INSPECT = StepSpec.of("inspect", "inspect_dataset");
  private static final StepSpec ARCHIVE = StepSpec.of("archive", "archive_dataset");

  private static WorkflowSpec withSteps(StepSpec... steps) {
    return new WorkflowSpec("integrated", "bioloop", null, Arrays.asList(steps));
  }

  private static List<StepSpec> steps(int count) {
    List<StepSpec> steps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      steps.add(StepSpec.of("step " + i, "task_" + i));
    }
    return steps;
  }

  /** A kwargs object whose JSON text, {@code {"k": "xx…"}}, is exactly {@code bytes} long. */
  private static Map<String, Object> kwargsOfSize(int bytes) {
    return Map.of("k", "x".repeat(bytes - "{\"k\": \"\"}".length()));
  }

  @Test
  void aValidDefinitionHasNoProblems() {
    WorkflowSpec spec =
        new WorkflowSpec(
            "integrated",
            "bioloop",
            "archives a dataset",
            List.of(
                StepSpec.of("Await Stability", "await_stability")
                    .onQueue("bioloop.q")
                    .withPriority(3)
                    .withKwargs(Map.of("delay", 60)),
                ARCHIVE));

    List<String> problems = spec.problems();

    assertThat(problems).isEmpty();
  }

  @Test
  void aValidDefinitionValidatesToItself() {
    WorkflowSpec spec = withSteps(INSPECT, ARCHIVE);

    WorkflowSpec validated = spec.validated();

    assertThat(validated).isSameAs(spec);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t"})
  void aWorkflowNeedsAName(String name) {
    WorkflowSpec spec = new WorkflowSpec(name, "bioloop", null, List.of(INSPECT));

    List<String> problems = spec.problems();

    assertThat(problems).containsExactly("name is empty");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void aWorkflowNeedsAnAppId(String appId) {
    WorkflowSpec spec = new WorkflowSpec("integrated", appId, null, List.of(INSPECT));

    List<String> problems = spec.problems();

    assertThat(problems).containsExactly("app_id is empty");
  }

  @Test
  void aWorkflowNeedsAStep() {
    WorkflowSpec spec = withSteps();

    List<String> problems = spec.problems();

    assertThat(problems).containsExactly("steps is empty: a workflow needs at least one step");
  }

  @Test
  void missingStepsAreNoSteps() {
    WorkflowSpec spec = new WorkflowSpec("integrated", "bioloop", null, null);

    List<String> problems = spec.problems();

    assertThat(problems).containsExactly("steps is empty: a workflow needs at least one step");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void aStepNeedsAName(String name) {
    WorkflowSpec spec = withSteps(INSPECT, new StepSpec(name, "archive_dataset", null, null, null));

    List<String> problems = spec.problems();

    assertThat(problems).containsExactly("steps[1].name is empty");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void aStepNeedsATask(String task) {
    WorkflowSpec spec = withSteps(new StepSpec("inspect", task, null, null, null));

    List<String> problems = spec.problems();

    assertThat(problems).containsExactly("steps[0].task is empty");
  }

  @Test
  void aGivenQueueIsNotEmpty() {
    WorkflowSpec spec = withSteps(INSPECT, ARCHIVE.onQueue(""));

    List<String> problems = spec.problems();

    assertThat(problems).containsExactly("steps[1].queue is empty");
  }

  @Test
  void aStepWithoutQueueIsValid() {
    WorkflowSpec spec = withSteps(new StepSpec("inspect", "inspect_dataset", null, null, null));

    List<String> problems = spec.problems();

    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 10, 255})
  void aPriorityIsBetweenZeroAndNine(int priority) {
    WorkflowSpec spec = withSteps(INSPECT.withPriority(priority));

    List<String> problems = spec.problems();

    assertThat(problems)
        .containsExactly("steps[0].priority is " + priority + ", not between 0 and 9");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 9})
  void zeroAndNineAreValidPriorities(int priority) {
    WorkflowSpec spec = withSteps(INSPECT.withPriority(priority));

    List<String> problems = spec.problems();

    assertThat(problems).isEmpty();
  }

  @Test
  void stepNamesAreUnique() {
    WorkflowSpec spec = withSteps(INSPECT, ARCHIVE, StepSpec.of("inspect", "inspect_again"));

    List<String> problems = spec.problems();

    assertThat(problems).containsExactly("duplicate step names: [inspect]");
  }

  @Test
  void everyDuplicateNameIsListedOnceInTheOrderItFirstRepeats() {
    WorkflowSpec spec =
        withSteps(
            ARCHIVE,
            INSPECT,
            StepSpec.of("inspect", "a"),
            StepSpec.of("archive", "b"),
            StepSpec.of("inspect", "c"));

    List<String> problems = spec.problems();

    assertThat(problems).containsExactly("duplicate step names: [inspect, archive]");
  }

  @Test
  void namesDifferingInCaseOrSpacesAreDifferent() {
    WorkflowSpec spec =
        withSteps(
            StepSpec.of("Inspect", "inspect_dataset"),
            StepSpec.of("inspect", "inspect_dataset"),
            StepSpec.of("inspect ", "inspect_dataset"));

    List<String> problems = spec.problems();

    assertThat(problems).isEmpty();
  }

  @Test
  void aMissingStepIsReportedWithItsPlace() {
    WorkflowSpec spec = withSteps(INSPECT, null);

    List<String> problems = spec.problems();

    assertThat(problems).containsExactly("steps[1] is null");
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsPlace() {
    WorkflowSpec spec =
        new WorkflowSpec(
            "",
            null,
            null,
            List.of(
                INSPECT.withPriority(12),
                new StepSpec("", "archive_dataset", "", null, null),
                new StepSpec("inspect", " ", null, null, null)));

    List<String> problems = spec.problems();

    assertThat(problems)
        .containsExactly(
            "name is empty",
            "app_id is empty",
            "steps[0].priority is 12, not between 0 and 9",
            "steps[1].name is empty",
            "steps[1].queue is empty",
            "steps[2].task is empty",
            "duplicate step names: [inspect]");
  }

  @Test
  void validatingThrowsEveryProblemInOneMessage() {
    WorkflowSpec spec = withSteps(INSPECT, ARCHIVE, new StepSpec("inspect", "", null, null, null));

    assertThatThrownBy(spec::validated)
        .isInstanceOfSatisfying(
            InvalidWorkflowSpecException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly("steps[2].task is empty", "duplicate step names: [inspect]"))
        .hasMessage("steps[2].task is empty; duplicate step names: [inspect]");
  }

  @Test
  void anInvalidDefinitionCreatesNoWorkflow() {
    WorkflowSpec spec = withSteps(INSPECT, new StepSpec("inspect", "", null, null, null));

    assertThatThrownBy(
            () ->
                Workflow.create(
                    WorkflowId.of("wf"), spec, "q", Instant.parse("2024-01-05T14:00:00Z")))
        .isInstanceOf(InvalidWorkflowSpecException.class)
        .hasMessage("steps[1].task is empty; duplicate step names: [inspect]");
  }

  @Test
  void aThousandStepsAreAllowed() {
    WorkflowSpec spec = new WorkflowSpec("long", "bioloop", null, steps(1000));

    List<String> problems = spec.problems();

    assertThat(problems).isEmpty();
  }

  @Test
  void moreThanAThousandStepsAreRefused() {
    WorkflowSpec spec = new WorkflowSpec("long", "bioloop", null, steps(1001));

    List<String> problems = spec.problems();

    assertThat(problems).containsExactly("steps has 1001 steps, more than 1000");
  }

  @Test
  void namesOf256CharactersAreAllowed() {
    String longest = "n".repeat(256);
    WorkflowSpec spec =
        new WorkflowSpec(longest, longest, null, List.of(StepSpec.of(longest, longest)));

    List<String> problems = spec.problems();

    assertThat(problems).isEmpty();
  }

  @Test
  void namesLongerThan256CharactersAreRefusedWithTheirPlace() {
    String tooLong = "n".repeat(257);
    WorkflowSpec spec =
        new WorkflowSpec(tooLong, tooLong, null, List.of(StepSpec.of(tooLong, tooLong)));

    List<String> problems = spec.problems();

    assertThat(problems)
        .containsExactly(
            "name is longer than 256 characters",
            "app_id is longer than 256 characters",
            "steps[0].name is longer than 256 characters",
            "steps[0].task is longer than 256 characters");
  }

  @Test
  void kwargsOfOneMebibyteOfJsonAreAllowed() {
    WorkflowSpec spec = withSteps(INSPECT.withKwargs(kwargsOfSize(1 << 20)));

    List<String> problems = spec.problems();

    assertThat(problems).isEmpty();
  }

  @Test
  void kwargsLargerThanOneMebibyteOfJsonAreRefused() {
    WorkflowSpec spec = withSteps(INSPECT, ARCHIVE.withKwargs(kwargsOfSize((1 << 20) + 1)));

    List<String> problems = spec.problems();

    assertThat(problems).containsExactly("steps[1].kwargs is larger than 1 MiB of JSON");
  }

  @Test
  void theLimitsAreThoseOfTheDesign() {
    List<Integer> limits =
        List.of(WorkflowSpec.MAX_STEPS, WorkflowSpec.MAX_NAME_LENGTH, WorkflowSpec.MAX_JSON_BYTES);

    assertThat(limits).containsExactly(1000, 256, 1_048_576);
  }

  @Test
  void aDescriptionIsOptional() {
    WorkflowSpec spec = WorkflowSpec.of("integrated", "bioloop", INSPECT);

    List<String> problems = spec.problems();

    assertThat(spec.description()).isNull();
    assertThat(problems).isEmpty();
  }
}
