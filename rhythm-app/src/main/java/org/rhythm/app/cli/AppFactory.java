package org.rhythm.app.cli;

import com.google.inject.Module;
import org.rhythm.app.RhythmApp;
import org.rhythm.app.RhythmMain;
import org.rhythm.app.config.RhythmConfig;

/**
 * Opens Rhythm on a configuration for the commands that work on a store and a broker ({@code
 * worker}, {@code reconcile}, the {@code --direct} client commands); they close what they open.
 */
@FunctionalInterface
interface AppFactory {
  /** Rhythm on the adapters the configuration chooses. */
  AppFactory CONFIGURED = config -> RhythmMain.create(config.modules().toArray(Module[]::new));

  RhythmApp open(RhythmConfig config);
}
