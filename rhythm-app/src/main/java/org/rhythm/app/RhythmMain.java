package org.rhythm.app;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import org.rhythm.app.cli.RhythmCli;
import org.rhythm.app.wiring.CoreModule;
import org.rhythm.app.wiring.InMemoryModule;

/**
 * The entry point: the {@code rhythm} command line, and the one place where injectors are built.
 */
public final class RhythmMain {
  private RhythmMain() {}

  public static void main(String[] args) {
    System.exit(new RhythmCli(System.out, System.err).run(args));
  }

  /** Rhythm in this process alone: in-memory broker and store, no server. */
  public static RhythmApp inMemory() {
    return create(new CoreModule(), new InMemoryModule());
  }

  /** Rhythm over the adapters these modules bind; one of them is a {@link CoreModule}. */
  public static RhythmApp create(Module... modules) {
    Injector injector = Guice.createInjector(modules);
    RhythmApp app = injector.getInstance(RhythmApp.class);
    app.start();
    return app;
  }
}
