package org.rhythm.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of STYLE.md §1 and §3, checked on the production classes of every module.
 */
class ArchitectureTest {
  private static final JavaClasses RHYTHM =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.rhythm");

  @Test
  void theDomainUsesOnlyTheJdk() {
    ArchRule rule =
        classes()
            .that()
            .resideInAPackage("org.rhythm.domain..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "org.rhythm.domain..");

    rule.check(RHYTHM);
  }

  @Test
  void theDomainReadsNoClockAndMakesNoRandomness() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("org.rhythm.domain..")
            .should()
            .callMethod(Instant.class, "now")
            .orShould()
            .callMethod(LocalDateTime.class, "now")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(UUID.class, "randomUUID")
            .orShould()
            .callMethod(Math.class, "random")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Random.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(SecureRandom.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Clock.class);

    rule.check(RHYTHM);
  }

  @Test
  void onlyTheAppKnowsGuice() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackage("org.rhythm.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.google.inject..");

    rule.check(RHYTHM);
  }

  @Test
  void adaptersNeverUseEachOther() {
    ArchRule rule = slices().matching("org.rhythm.adapter.(*)..").should().notDependOnEachOther();

    rule.allowEmptyShould(true).check(RHYTHM);
  }

  @Test
  void portsKnowNoAdapterAndNoApp() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("org.rhythm.ports..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.rhythm.adapter..", "org.rhythm.app..", "org.rhythm.testkit..");

    rule.check(RHYTHM);
  }
}
